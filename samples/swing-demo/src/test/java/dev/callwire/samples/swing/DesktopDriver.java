package dev.callwire.samples.swing;

import static dev.callwire.samples.swing.SwingDemoDriver.check;
import static dev.callwire.samples.swing.SwingDemoDriver.find;
import static dev.callwire.samples.swing.SwingDemoDriver.findOrNull;
import static dev.callwire.samples.swing.SwingDemoDriver.onEdt;
import static org.awaitility.Awaitility.await;

import dev.callwire.DeviceList;
import dev.callwire.Peer;
import java.awt.Robot;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.TransferHandler;

/**
 * Plays the person in front of the desktop app for {@link DesktopAppIT}, in a child JVM on a virtual display:
 * checks the device menus against the SDK's device list, starts, calls the bot, chats both ways, drops a file on
 * the chat and waits for the bot's verification, accepts a file from the bot, shares the screen until the bot
 * says it sees it, toggles a tile's stats, mutes with the keyboard shortcut, hangs up, and opens the window again
 * to see name, room and devices remembered. The bot answers in the chat, which is how this side learns what it
 * saw. Prints {@code DRIVER: PASS} and exits 0, or {@code DRIVER: FAIL ...} and exits 1.
 *
 * <p>Arguments: signaling URI, room, bot peer id, bot name, screenshot dir, downloads dir, file to send.
 */
public final class DesktopDriver {

    private static final Duration STEP = Duration.ofSeconds(40);
    /** A screen share renegotiates every call and captures with Robot: slow on a loaded machine. */
    private static final Duration SHARE_STEP = Duration.ofSeconds(90);
    private static volatile DemoWindow current;

    private DesktopDriver() {
    }

    public static void main(String[] args) {
        int code;
        try {
            drive(URI.create(args[0]), args[1], args[2], args[3], Path.of(args[4]), Path.of(args[5]), Path.of(args[6]));
            code = 0;
        } catch (Throwable e) {
            System.out.println("DRIVER: FAIL " + e);
            DemoWindow window = current;
            if (window != null) {
                try {
                    System.out.println("DRIVER: the window's status line: " + onEdt(() ->
                            find(window, "status", JLabel.class).getText()));
                } catch (Exception unreadable) {
                    System.out.println("DRIVER: status line unreadable: " + unreadable);
                }
            }
            e.printStackTrace(System.out);
            code = 1;
        }
        try {
            Preferences.userRoot().node(System.getProperty(DemoPrefs.NODE_PROPERTY)).removeNode();
        } catch (Exception e) {
            System.out.println("DRIVER: test preferences not removed: " + e);
        }
        System.out.flush();
        Runtime.getRuntime().halt(code); // do not wait for native threads of the engine
    }

    private static void drive(URI signaling, String room, String botId, String botName, Path shots, Path downloads,
                              Path file) throws Exception {
        Files.createDirectories(shots);
        DemoWindow.Settings settings = new DemoWindow.Settings(java.util.List.of(signaling), null, room, "desktop-it",
                new VideoSpec(320, 240, 15), downloads);
        DemoWindow window = onEdt(() -> DemoWindow.open(settings, null));
        current = window;
        step("window open");

        // Devices: the menus hold exactly what the SDK lists, around the fixed entries.
        await("the device menus are filled from the SDK").atMost(STEP).until(() -> onEdt(() ->
                window.controller().client != null));
        DeviceList devices = onEdt(() -> window.controller().client.devices());
        List<DeviceChoice> cameras = onEdt(() -> items(find(window, "videoSource", JComboBox.class)));
        List<DeviceChoice> microphones = onEdt(() -> items(find(window, "audioSource", JComboBox.class)));
        check(cameras.equals(DeviceChoice.menu(devices.cameras())), "camera menu " + cameras + " matches " + devices);
        check(microphones.equals(DeviceChoice.menu(devices.microphones())), "microphone menu matches " + devices);
        step("devices listed: cameras " + devices.cameras() + ", microphones " + devices.microphones()
                + ", speakers " + devices.speakers());

        onEdt(() -> {
            find(window, "videoSource", JComboBox.class).setSelectedItem(DeviceChoice.SYNTHETIC);
            find(window, "audioSource", JComboBox.class).setSelectedItem(DeviceChoice.SYNTHETIC);
            find(window, "start", AbstractButton.class).doClick();
            return null;
        });
        await("the bot appears in the list").atMost(STEP).until(() -> onEdt(() ->
                indexOf(find(window, "peerList", JList.class), botId) >= 0));
        onEdt(() -> {
            JList<?> list = find(window, "peerList", JList.class);
            list.setSelectedIndex(indexOf(list, botId));
            find(window, "call", AbstractButton.class).doClick();
            return null;
        });
        await("the bot's video is rendered").atMost(STEP).until(() -> onEdt(() -> {
            VideoPanel v = findOrNull(window.frame(), "remoteVideo-" + botId, VideoPanel.class);
            return v != null && v.frames() > 10;
        }));
        step("call connected, video rendered");

        // Chat both ways: the bot answers every message.
        onEdt(() -> {
            find(window, "chatInput-" + botId, JTextField.class).setText("hello from swing");
            find(window, "chatSend-" + botId, AbstractButton.class).doClick();
            return null;
        });
        awaitTranscript(window, botId, botName + ": got 'hello from swing'");
        step("chat both ways");

        // A file dropped on the chat: the bot accepts, the SDK verifies, the row shows the mark.
        onEdt(() -> {
            ChatPanel chat = find(window, "chat-" + botId, ChatPanel.class);
            Transferable dropped = new FileList(List.of(file.toFile()));
            check(chat.getTransferHandler().importData(new TransferHandler.TransferSupport(chat, dropped)),
                    "the chat takes a dropped file");
            return null;
        });
        String sent = file.getFileName().toString();
        await("the sent file is verified").atMost(STEP).until(() -> onEdt(() ->
                find(window, "transferStatus-" + sent, JLabel.class).getText().startsWith(TransferRow.VERIFIED)));
        awaitTranscript(window, botId, botName + ": verified " + sent + " " + sha256(file));
        step("file sent and verified: " + onEdt(() -> find(window, "transferStatus-" + sent, JLabel.class).getText()));

        // A file from the bot: asked first, accepted here, verified and saved in the downloads folder.
        onEdt(() -> {
            find(window, "chatInput-" + botId, JTextField.class).setText("please send a file");
            find(window, "chatSend-" + botId, AbstractButton.class).doClick();
            return null;
        });
        await("the bot's file is offered").atMost(STEP).until(() -> onEdt(() ->
                findOrNull(window.frame(), "acceptFile-bot-file.bin", AbstractButton.class) != null));
        onEdt(() -> {
            find(window, "acceptFile-bot-file.bin", AbstractButton.class).doClick();
            return null;
        });
        await("the bot's file is verified and saved").atMost(STEP).until(() -> onEdt(() ->
                find(window, "transferStatus-bot-file.bin", JLabel.class).getText().contains("saved to")));
        Path saved = downloads.resolve("bot-file.bin");
        check(Files.isRegularFile(saved), "the received file is in " + downloads);
        awaitTranscript(window, botId, "bot-file.bin is " + sha256(saved));
        step("file received and verified: " + saved);
        shot(window, shots.resolve("desktop-chat-files.png"));

        // Screen share: the bot tells in the chat when it sees frames of the screen's size.
        onEdt(() -> {
            find(window, "shareMode", JComboBox.class).setSelectedItem(PeerListPanel.WHOLE_SCREEN);
            find(window, "shareScreen", AbstractButton.class).doClick();
            return null;
        });
        awaitTranscript(window, botId, botName + ": I see your screen at 1280x800", SHARE_STEP);
        shot(window, shots.resolve("desktop-screen-share.png"));
        onEdt(() -> {
            find(window, "shareScreen", AbstractButton.class).doClick();
            return null;
        });
        awaitTranscript(window, botId, botName + ": your screen share stopped", SHARE_STEP);
        step("screen share seen by the bot and stopped");

        // The bot plays a tone: it becomes the active speaker, and its tile is framed.
        await("the bot is highlighted as the active speaker").atMost(STEP).until(() -> onEdt(() ->
                find(window, "tile-" + botId, CallTile.class).isSpeaking()));
        step("active speaker highlighted");

        // The tile's stats overlay: shown, hidden with its toggle, shown again.
        CallTile tile = onEdt(() -> find(window, "tile-" + botId, CallTile.class));
        await("stats show the bot's video size").atMost(STEP).until(() -> onEdt(() -> tile.statsText().contains("320x240")));
        onEdt(() -> {
            find(window, "statsToggle-" + botId, AbstractButton.class).doClick();
            return null;
        });
        check(onEdt(() -> !tile.statsShown()), "the stats overlay hides");
        onEdt(() -> {
            find(window, "statsToggle-" + botId, AbstractButton.class).doClick();
            return null;
        });
        check(onEdt(tile::statsShown), "the stats overlay shows again");
        step("stats overlay toggled");

        // Keyboard: Ctrl+D mutes the microphone, as the Call menu says.
        Robot robot = new Robot();
        onEdt(() -> {
            window.frame().toFront();
            window.frame().requestFocus();
            return null;
        });
        robot.waitForIdle();
        robot.keyPress(KeyEvent.VK_CONTROL);
        robot.keyPress(KeyEvent.VK_D);
        robot.keyRelease(KeyEvent.VK_D);
        robot.keyRelease(KeyEvent.VK_CONTROL);
        await("Ctrl+D mutes the microphone").atMost(Duration.ofSeconds(10)).until(() -> onEdt(() ->
                find(window, "muteAudio", AbstractButton.class).isSelected()));
        step("shortcut Ctrl+D muted the microphone");

        // Ctrl+Shift+E hangs up.
        robot.keyPress(KeyEvent.VK_CONTROL);
        robot.keyPress(KeyEvent.VK_SHIFT);
        robot.keyPress(KeyEvent.VK_E);
        robot.keyRelease(KeyEvent.VK_E);
        robot.keyRelease(KeyEvent.VK_SHIFT);
        robot.keyRelease(KeyEvent.VK_CONTROL);
        await("Ctrl+Shift+E hangs up").atMost(STEP).until(() -> onEdt(() ->
                findOrNull(window.frame(), "tile-" + botId, CallTile.class) == null));
        step("shortcut Ctrl+Shift+E hung up");

        onEdt(() -> {
            window.frame().dispose();
            return null;
        });
        onEdt(window::shutdown).get(20, TimeUnit.SECONDS);

        // A second run: name, room and devices come back from the preferences.
        DemoWindow again = onEdt(() -> DemoWindow.open(new DemoWindow.Settings(java.util.List.of(signaling), null, null, null,
                new VideoSpec(320, 240, 15), downloads), null));
        String remembered = onEdt(() -> find(again, "nameField", JTextField.class).getText() + "/"
                + find(again, "roomField", JTextField.class).getText() + "/"
                + ((DeviceChoice) find(again, "videoSource", JComboBox.class).getSelectedItem()).videoLabel());
        check(remembered.equals("desktop-it/" + room + "/Test pattern"), "remembered name/room/camera, got " + remembered);
        step("remembered between runs: " + remembered);
        onEdt(() -> {
            again.frame().dispose();
            return null;
        });
        onEdt(again::shutdown).get(20, TimeUnit.SECONDS);
        System.out.println("DRIVER: PASS");
    }

    private static void awaitTranscript(DemoWindow window, String botId, String text) {
        awaitTranscript(window, botId, text, STEP);
    }

    private static void awaitTranscript(DemoWindow window, String botId, String text, Duration within) {
        await("the chat shows \"" + text + "\"").atMost(within).pollInterval(Duration.ofMillis(100)).until(() ->
                onEdt(() -> find(window, "chatLog-" + botId, JTextArea.class).getText().contains(text)));
    }

    private static void shot(DemoWindow window, Path target) throws Exception {
        Robot robot = new Robot();
        robot.waitForIdle();
        BufferedImage whole = robot.createScreenCapture(onEdt(() -> SwingDemoDriver.screenBounds(window.frame())));
        ImageIO.write(whole, "png", target.toFile());
        step("saved " + target);
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<DeviceChoice> items(JComboBox<?> combo) {
        List<DeviceChoice> items = new ArrayList<>();
        for (int i = 0; i < combo.getItemCount(); i++) {
            items.add((DeviceChoice) combo.getItemAt(i));
        }
        return items;
    }

    private static int indexOf(JList<?> list, String peerId) {
        for (int i = 0; i < list.getModel().getSize(); i++) {
            if (list.getModel().getElementAt(i) instanceof Peer p && p.id().equals(peerId)) {
                return i;
            }
        }
        return -1;
    }

    private static void step(String what) {
        System.out.println("DRIVER: " + what);
    }

    /** What a file manager hands over when files are dropped. */
    private record FileList(List<File> files) implements Transferable {
        @Override
        public DataFlavor[] getTransferDataFlavors() {
            return new DataFlavor[] {DataFlavor.javaFileListFlavor};
        }

        @Override
        public boolean isDataFlavorSupported(DataFlavor flavor) {
            return DataFlavor.javaFileListFlavor.equals(flavor);
        }

        @Override
        public Object getTransferData(DataFlavor flavor) {
            return files;
        }
    }
}
