package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.ClientConfig;
import dev.callwire.DataMessage;
import dev.callwire.EndReason;
import dev.callwire.ReceivedFile;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoFrame;
import dev.callwire.media.VideoInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desktop app driven as a person would ({@link DesktopDriver}, a child JVM on an Xvfb display) against a call
 * bot in this JVM: the device menus, a call, chat both ways, a file each way (asked, accepted, verified), a screen
 * share the bot receives at the screen's size, the active-speaker frame, the stats overlay, keyboard shortcuts,
 * and settings remembered between runs. The bot talks back in the chat, so both sides check what the other saw.
 * Screenshots land in {@code target/screenshots/}.
 */
class DesktopAppIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Test
    void aPersonCallsChatsSendsFilesAndSharesTheScreen(@TempDir Path temp) throws Exception {
        Path toSend = temp.resolve("from-desktop.bin");
        byte[] content = new byte[200 * 1024 + 123];
        new Random(7).nextBytes(content);
        Files.write(toSend, content);
        Path botFile = temp.resolve("bot").resolve("bot-file.bin");
        Files.createDirectories(botFile.getParent());
        byte[] botContent = new byte[96 * 1024 + 5];
        new Random(11).nextBytes(botContent);
        Files.write(botFile, botContent);
        Path downloads = temp.resolve("downloads");

        List<String> heard = new CopyOnWriteArrayList<>();
        List<ReceivedFile> received = new CopyOnWriteArrayList<>();
        CompletableFuture<String> botSent = new CompletableFuture<>();
        CompletableFuture<CallSession> answered = new CompletableFuture<>();
        try (Xvfb xvfb = Xvfb.start();
             EmbeddedSignaling server = EmbeddedSignaling.start(0);
             CallClient bot = CallClient.create(ClientConfig.builder(server.webSocketUri()).displayName("bot")
                     .headlessAudio(true)
                     .media(MediaOptions.builder().video(VideoInput.testPattern()).audio(AudioInput.tone(660))
                             .resolution(320, 240).frameRate(15).build())
                     .build())) {
            Room room = bot.join("desktop-it", new RoomListener() {
                @Override
                public void onIncomingCall(Room r, CallSession call) {
                    call.accept();
                    answered.complete(call);
                }

                @Override
                public void onDataMessage(Room r, CallSession call, DataMessage message) {
                    String text = ((DataMessage.Text) message).text();
                    heard.add(text);
                    if (text.equals("please send a file")) {
                        try {
                            call.data().send("bot-file.bin is " + DesktopDriver.sha256(botFile));
                        } catch (Exception e) {
                            call.data().send("cannot hash: " + e);
                        }
                        call.data().sendFile(botFile).whenComplete((id, error) -> {
                            if (error != null) {
                                botSent.completeExceptionally(error);
                            } else {
                                botSent.complete(id);
                            }
                        });
                    } else {
                        call.data().send("got '" + text + "'");
                    }
                }

                @Override
                public void onFileReceived(Room r, CallSession call, ReceivedFile file) {
                    received.add(file);
                    try {
                        call.data().send("verified " + file.name() + " " + DesktopDriver.sha256(file.path()));
                    } catch (Exception e) {
                        call.data().send("cannot hash " + file.name() + ": " + e);
                    }
                }

                @Override
                public void onScreenShareStarted(Room r, CallSession call) {
                    call.remoteScreen().addRenderer(new ScreenSeen(call));
                }

                @Override
                public void onScreenShareStopped(Room r, CallSession call) {
                    call.data().send("your screen share stopped");
                }
            }).toCompletableFuture().get(45, TimeUnit.SECONDS); // generous: CI machines can be loaded

            Files.createDirectories(SCREENSHOTS);
            ProcessBuilder builder = new ProcessBuilder(SwingDemoIT.javaBinary(), SwingDemoIT.testPrefs(), "-cp",
                    System.getProperty("java.class.path"), DesktopDriver.class.getName(),
                    server.webSocketUri().toString(), "desktop-it", room.selfId(), "bot",
                    SCREENSHOTS.toAbsolutePath().toString(), downloads.toString(), toSend.toString())
                    .redirectErrorStream(true);
            builder.environment().put("DISPLAY", xvfb.display());
            Process driver = builder.start();
            SwingDemoIT.DriverOutput output = new SwingDemoIT.DriverOutput(driver);
            boolean finished = driver.waitFor(240, TimeUnit.SECONDS);
            if (!finished) {
                driver.destroyForcibly();
            }
            String log = output.text();
            System.out.println(log);
            assertThat(finished).as("driver finished in time; output:%n%s", log).isTrue();
            assertThat(driver.exitValue()).as("driver exit code; output:%n%s", log).isZero();
            assertThat(log).contains("DRIVER: PASS");

            assertThat(heard).as("what the bot read in the chat").contains("hello from swing", "please send a file");
            assertThat(received).hasSize(1);
            assertThat(received.get(0).name()).isEqualTo("from-desktop.bin");
            assertThat(Files.readAllBytes(received.get(0).path())).isEqualTo(content);
            assertThat(botSent.get(5, TimeUnit.SECONDS)).as("the window verified the bot's file").isNotBlank();
            assertThat(Files.readAllBytes(downloads.resolve("bot-file.bin"))).isEqualTo(botContent);
            assertThat(answered.get(1, TimeUnit.SECONDS).ended().toCompletableFuture().get(15, TimeUnit.SECONDS))
                    .isEqualTo(EndReason.HANGUP);
            assertThat(SCREENSHOTS.resolve("desktop-screen-share.png")).isNotEmptyFile();
        }
    }

    /** Tells the sharer in the chat, once, that its screen arrives and at which size. */
    private static final class ScreenSeen implements MediaRenderer {
        private final CallSession call;
        private final AtomicInteger frames = new AtomicInteger();

        ScreenSeen(CallSession call) {
            this.call = call;
        }

        @Override
        public void onFrame(VideoFrame frame) {
            if (frames.incrementAndGet() == 6) {
                call.data().send("I see your screen at " + frame.width() + "x" + frame.height());
            }
        }
    }
}
