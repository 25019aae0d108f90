package dev.callwire.samples.swing;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallStats;
import dev.callwire.ClientConfig;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoFrame;
import dev.callwire.media.VideoInput;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo on a machine without a display: a self-check that proves the whole stack works here. It starts an
 * embedded signaling server and two clients in this process (test pattern and tone), A calls B, B accepts,
 * and for a few seconds one stats line per side is printed each second. The verdict line says whether video
 * was decoded and audio received in both directions.
 */
final class HeadlessLoopback {

    private static final long STEP_TIMEOUT_SECONDS = 20;

    private final PrintStream out;
    private final String room;
    private final VideoSpec video;
    private final int seconds;

    HeadlessLoopback(PrintStream out, String room, VideoSpec video, int seconds) {
        this.out = out;
        this.room = room;
        this.video = video;
        this.seconds = seconds;
    }

    /** Runs the loopback call; returns the process exit code (0 = PASS, 1 = FAIL). */
    int run() {
        try (EmbeddedSignaling server = EmbeddedSignaling.start(0);
             CallClient a = CallClient.create(config(server, "A", 440));
             CallClient b = CallClient.create(config(server, "B", 660))) {
            out.println("Loopback call through " + server.webSocketUri() + ", room " + room + ", video " + video
                    + ", " + seconds + " s");
            return call(a, b);
        } catch (RuntimeException e) {
            return fail("could not set up the call: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    private int call(CallClient a, CallClient b) throws InterruptedException {
        CompletableFuture<CallSession> incoming = new CompletableFuture<>();
        FrameCounter bSees = new FrameCounter();
        FrameCounter aSees = new FrameCounter();
        try {
            Room roomB = await(b.join(room, new RoomListener() {
                @Override
                public void onIncomingCall(Room r, CallSession call) {
                    call.remoteVideo().addRenderer(bSees);
                    call.accept();
                    incoming.complete(call);
                }
            }), "B joins " + room);
            Room roomA = await(a.join(room, null), "A joins " + room);
            CallSession callA = await(roomA.call(roomA.peer(roomB.selfId()).orElseThrow(
                    () -> new StepFailed("A does not see B in " + room))), "A calls B");
            callA.remoteVideo().addRenderer(aSees);
            CallSession callB = await(incoming, "B gets A's call");
            await(callA.connected(), "A's call connects");
            await(callB.connected(), "B's call connects");
            out.println("Call " + callA.id() + " connected; A=" + roomA.selfId() + " B=" + roomB.selfId());

            CallStats lastA = null;
            CallStats lastB = null;
            long start = System.nanoTime();
            for (int s = 1; s <= seconds; s++) {
                long due = start + TimeUnit.SECONDS.toNanos(s);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // an app's pacing timer, not a test wait
                }
                lastA = await(callA.stats(), "stats of A");
                lastB = await(callB.stats(), "stats of B");
                out.printf("[%2ds] A receives %s%n", s, StatsFormat.line(lastA));
                out.printf("[%2ds] B receives %s%n", s, StatsFormat.line(lastB));
            }
            callA.hangUp();
            await(callB.ended(), "B sees the hang-up");
            return verdict(lastA, lastB, aSees, bSees);
        } catch (StepFailed e) {
            return fail(e.getMessage());
        }
    }

    private int verdict(CallStats a, CallStats b, FrameCounter aSees, FrameCounter bSees) {
        if (a == null || b == null) {
            return fail("no statistics were taken (--seconds must be at least 1)");
        }
        String summary = String.format("A decoded %d frames %s, B decoded %d frames %s, audio A %d pkts, B %d pkts",
                a.videoIn().framesDecoded(), size(a), b.videoIn().framesDecoded(), size(b),
                a.audioIn().packetsReceived(), b.audioIn().packetsReceived());
        boolean videoBothWays = a.videoIn().framesDecoded() > 0 && b.videoIn().framesDecoded() > 0
                && aSees.frames() > 0 && bSees.frames() > 0;
        boolean audioBothWays = a.audioIn().packetsReceived() > 0 && b.audioIn().packetsReceived() > 0;
        if (videoBothWays && audioBothWays) {
            out.println("VERDICT: PASS media flowed both ways (" + summary + ")");
            return 0;
        }
        return fail((videoBothWays ? "" : "video did not flow both ways (rendered A " + aSees.frames() + ", B "
                + bSees.frames() + " frames); ") + (audioBothWays ? "" : "audio did not flow both ways; ") + "(" + summary + ")");
    }

    private int fail(String why) {
        out.println("VERDICT: FAIL " + why);
        return 1;
    }

    private ClientConfig config(EmbeddedSignaling server, String name, double toneHz) {
        return ClientConfig.builder(server.webSocketUri())
                .displayName(name)
                .headlessAudio(true)
                .media(MediaOptions.builder()
                        .video(VideoInput.testPattern())
                        .audio(AudioInput.tone(toneHz))
                        .resolution(video.width(), video.height())
                        .frameRate(video.fps())
                        .build())
                .build();
    }

    private static String size(CallStats stats) {
        return stats.videoIn().frameWidth() + "x" + stats.videoIn().frameHeight();
    }

    private static <T> T await(CompletionStage<T> stage, String step) throws InterruptedException {
        try {
            return stage.toCompletableFuture().get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StepFailed(step + " failed: " + describe(e.getCause()));
        } catch (TimeoutException e) {
            throw new StepFailed(step + " did not happen within " + STEP_TIMEOUT_SECONDS + " s");
        }
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** A step of the call went wrong; the message says which. */
    private static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** Counts frames handed to the renderer, i.e. decoded and delivered to the application. */
    private static final class FrameCounter implements MediaRenderer {
        private final AtomicLong frames = new AtomicLong();

        @Override
        public void onFrame(VideoFrame frame) {
            frames.incrementAndGet();
        }

        long frames() {
            return frames.get();
        }
    }
}
