package dev.callwire.benchmarks.setup;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallTimeouts;
import dev.callwire.ClientConfig;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One side of a cold first call, in its own fresh JVM (started by {@link ColdCallBenchmark}):
 * {@code ColdBot callee|caller <ws-uri> <room> <width> <height> <fps>}. The callee joins, prints {@code READY}
 * and accepts the call; the caller joins, waits for the callee, calls at once and prints
 * {@code RESULT {json}} with milliseconds from {@code call()} (first decoded frame, connected) and from JVM
 * start (client created, joined). The engine's set-up timeline goes to stderr at DEBUG.
 */
public final class ColdBot {

    private ColdBot() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.dev.callwire.webrtc.internal.call.SetupTimeline", "debug");
        System.setProperty("org.slf4j.simpleLogger.log.dev.callwire.webrtc.libwebrtc", "error");
        boolean caller = args[0].equals("caller");
        URI uri = URI.create(args[1]);
        String roomName = args[2];
        ClientConfig config = ClientConfig.builder(uri)
                .displayName(caller ? "cold-caller" : "cold-callee")
                .headlessAudio(true)
                // A starved shared machine can take longer than the default 15 s to start a JVM and join.
                .timeouts(CallTimeouts.defaults().withJoin(Duration.ofSeconds(60)))
                .media(MediaOptions.builder()
                        .video(VideoInput.testPattern())
                        .audio(AudioInput.tone(440))
                        .resolution(Integer.parseInt(args[3]), Integer.parseInt(args[4]))
                        .frameRate(Integer.parseInt(args[5]))
                        .build())
                .build();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        try (CallClient client = CallClient.create(config)) {
            long created = System.currentTimeMillis() - jvmStart;
            if (!caller) {
                CountDownLatch ended = new CountDownLatch(1);
                client.join(roomName, new RoomListener() {
                    @Override
                    public void onIncomingCall(Room room, CallSession call) {
                        call.ended().thenRun(ended::countDown);
                        call.accept();
                    }
                }).toCompletableFuture().get(90, TimeUnit.SECONDS);
                System.out.println("READY");
                System.out.flush();
                ended.await(120, TimeUnit.SECONDS);
                return;
            }
            Room room = client.join(roomName, new RoomListener() { }).toCompletableFuture().get(90, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (room.peers().isEmpty()) { // a program, not a test: a short poll is what a bot would do
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the callee never appeared in " + roomName);
                }
                Thread.sleep(2);
            }
            long joined = System.currentTimeMillis() - jvmStart;
            SetupBenchmark.FirstFrame first = new SetupBenchmark.FirstFrame();
            AtomicLong connectedAt = new AtomicLong();
            long t0 = System.nanoTime();
            CallSession call = room.call(room.peers().get(0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            call.remoteVideo().addRenderer(first);
            call.connected().thenRun(() -> connectedAt.set(System.nanoTime()));
            if (!first.seen.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no remote frame within 20 s (state " + call.state() + ")");
            }
            call.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "RESULT {\"createdMs\":%d,\"joinedMs\":%d,\"firstFrameMs\":%.1f,"
                            + "\"connectedMs\":%.1f,\"firstFrameSinceJvmStartMs\":%d}%n", created, joined,
                    (first.at.get() - t0) / 1e6, connectedAt.get() == 0 ? -1 : (connectedAt.get() - t0) / 1e6,
                    joined + (first.at.get() - t0) / 1_000_000);
            System.out.flush();
            call.hangUp();
            call.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
