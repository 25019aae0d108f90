package dev.callwire.samples.bot;

import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallStateCause;
import dev.callwire.CallStats;
import dev.callwire.CallwireException;
import dev.callwire.EndReason;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoFrame;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the bot does in its room: calls whom it was told to, answers (or declines) incoming calls, samples each
 * call's statistics every second, and at the end hangs up and reports each call.
 *
 * <p>Room events arrive on the client's event thread; {@link #start}, {@link #stayFor} and {@link #finish} run
 * on the bot's main thread.
 */
final class BotSession implements RoomListener {

    private static final int PROGRESS_EVERY_SECONDS = 5;

    private final PrintStream out;
    private final String target;
    private final boolean answer;
    private final boolean untilCallsEnd;
    private final List<Track> tracks = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "call-bot-stats");
        t.setDaemon(true);
        return t;
    });
    private boolean targetCalled;
    private volatile boolean finishing;
    private long ticks;

    /**
     * @param target {@code first}, {@code all}, a peer id, or {@code null} to call nobody
     * @param answer accept incoming calls (else decline them)
     * @param untilCallsEnd leave as soon as every call made or answered has ended (and there was one)
     */
    BotSession(PrintStream out, String target, boolean answer, boolean untilCallsEnd) {
        this.out = out;
        this.target = target;
        this.answer = answer;
        this.untilCallsEnd = untilCallsEnd;
    }

    /** The room was joined: call whom we were told to, if present, and start sampling stats. */
    void start(Room room) {
        callTarget(room, room.peers());
        sampler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /** Blocks for the bot's stay in the room. */
    void stayFor(Duration duration) throws InterruptedException {
        stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes a last stats snapshot of live calls, hangs them up and describes every call. */
    List<BotReport.Call> finish() {
        finishing = true;
        sampler.shutdownNow();
        for (Track track : tracks) {
            if (!track.call.state().isEnded()) {
                try {
                    track.stats = track.call.stats().toCompletableFuture().get(3, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // Ended meanwhile, or too slow: the last periodic snapshot stands.
                }
                track.call.hangUp();
            }
        }
        List<BotReport.Call> calls = new ArrayList<>();
        for (Track track : tracks) {
            EndReason reason;
            try {
                reason = track.call.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                reason = track.call.endReason().orElse(null);
            }
            BotReport.Call result = track.describe(reason);
            calls.add(result);
            out.println(summary(result));
        }
        return calls;
    }

    // ------------------------------------------------------------------ room events (event thread)

    @Override
    public void onPeerJoined(Room room, Peer peer) {
        out.printf("peer joined: %s%n", label(peer));
        if (!finishing) {
            callTarget(room, List.of(peer));
        }
    }

    @Override
    public void onPeerLeft(Room room, Peer peer) {
        out.printf("peer left: %s%n", label(peer));
    }

    @Override
    public void onIncomingCall(Room room, CallSession call) {
        if (!answer || finishing) {
            out.printf("declining call %s from %s%n", shortId(call.id()), label(call.peer()));
            call.decline();
            return;
        }
        out.printf("answering call %s from %s%n", shortId(call.id()), label(call.peer()));
        track(call);
        call.accept();
    }

    @Override
    public void onCallStateChanged(Room room, CallSession call, CallState state, CallStateCause cause) {
        out.printf("call %s with %s: %s (%s)%n", shortId(call.id()), label(call.peer()),
                state.name().toLowerCase(Locale.ROOT), cause);
        tracks.stream().filter(t -> t.call == call).forEach(t -> t.states.add(state + ":" + cause));
    }

    @Override
    public void onCallEnded(Room room, CallSession call, EndReason reason) {
        out.printf("call %s with %s ended: %s%n", shortId(call.id()), label(call.peer()), reason);
        if (untilCallsEnd && !tracks.isEmpty() && tracks.stream().allMatch(t -> t.call.state().isEnded())) {
            stop.countDown();
        }
    }

    @Override
    public void onError(Room room, CallwireException error) {
        out.println("error: " + error.getMessage());
    }

    // ------------------------------------------------------------------ calling

    private synchronized void callTarget(Room room, List<Peer> candidates) {
        if (target == null || targetCalled || candidates.isEmpty()) {
            return;
        }
        try {
            switch (target) {
                case "all" -> {
                    targetCalled = true;
                    room.callEveryone().whenComplete((started, error) -> {
                        if (error != null) {
                            out.println("call failed to start: " + CallBot.describe(error));
                            return;
                        }
                        out.printf("calling everyone: %d peer(s)%n", started.size());
                        started.forEach(this::track);
                    });
                }
                case "first" -> {
                    targetCalled = true;
                    callOne(room, candidates.get(0));
                }
                default -> candidates.stream().filter(p -> p.id().equals(target)).findFirst().ifPresent(peer -> {
                    targetCalled = true;
                    callOne(room, peer);
                });
            }
        } catch (CallwireException | IllegalStateException e) {
            out.println("call failed to start: " + e.getMessage());
        }
    }

    private void callOne(Room room, Peer peer) {
        out.printf("calling %s%n", label(peer));
        room.call(peer).whenComplete((call, error) -> {
            if (error != null) {
                out.println("call failed to start: " + CallBot.describe(error));
            } else {
                track(call);
            }
        });
    }

    private void track(CallSession call) {
        if (tracks.stream().anyMatch(t -> t.call == call)) {
            return;
        }
        Track track = new Track(call);
        tracks.add(track);
        call.remoteVideo().addRenderer(track);
        call.connected().thenRun(() -> {
            track.connectedNanos = System.nanoTime();
            out.printf("call %s with %s connected in %d ms%n", shortId(call.id()), label(call.peer()),
                    track.millis(track.connectedNanos));
        });
    }

    /** Every second: a stats snapshot per live call; every few seconds a progress line. */
    private void sample() {
        ticks++;
        for (Track track : tracks) {
            // Pauses of the remote video as they end (found here, not printed on the render thread), with their wall
            // clock end: what the restart benchmark times recoveries with.
            while (track.printedGaps < track.gaps.size()) {
                BotReport.FrameGap gap = track.gaps.get(track.printedGaps++);
                out.printf(Locale.ROOT, "frame gap: call %s video resumed at %d after %d ms%n",
                        shortId(track.call.id()), gap.endedAtMs(), gap.ms());
            }
            CallState state = track.call.state();
            if (state == CallState.CONNECTED || state == CallState.RECONNECTING) {
                boolean print = ticks % PROGRESS_EVERY_SECONDS == 0;
                track.call.stats().thenAccept(s -> {
                    track.stats = s;
                    if (print) {
                        out.printf(Locale.ROOT, "call %s with %s: %dx%d %.1f fps %d kbps, %d frames decoded, audio %d "
                                        + "pkts%n", shortId(track.call.id()), label(track.call.peer()),
                                s.videoIn().frameWidth(), s.videoIn().frameHeight(), s.videoIn().framesPerSecond(),
                                (s.videoIn().bitrateBps() + s.audioIn().bitrateBps()) / 1000,
                                s.videoIn().framesDecoded(), s.audioIn().packetsReceived());
                    }
                });
            }
        }
    }

    private static String summary(BotReport.Call c) {
        return String.format(Locale.ROOT, "call %s %s %s: %s connected %s, first frame %s, %d frames %dx%d, audio %d "
                        + "pkts, ended %s, candidate %s, %d ICE restart(s), recovered %s, longest frame gap %d ms",
                shortId(c.callId()), c.direction(),
                c.peerName() == null ? c.peerId() : c.peerName() + " (" + c.peerId() + ")",
                c.passed() ? "PASS" : "FAIL",
                c.msToConnected() == null ? "never" : "in " + c.msToConnected() + " ms",
                c.msToFirstFrame() == null ? "never" : "after " + c.msToFirstFrame() + " ms",
                c.framesDecoded(), c.width(), c.height(), c.audioPacketsReceived(), c.endReason(),
                c.candidateType() == null ? "unknown" : c.candidateType(), c.iceRestarts(),
                c.recoveredMs() == null ? "never" : "in " + c.recoveredMs() + " ms", c.longestFrameGapMs());
    }

    private static String label(Peer peer) {
        return peer.displayName() == null ? peer.id() : peer.displayName() + " (" + peer.id() + ")";
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** One call the bot made or answered, and what its remote video renderer saw. */
    private static final class Track implements MediaRenderer {
        final CallSession call;
        final long startNanos = System.nanoTime();
        final AtomicLong frames = new AtomicLong();
        volatile long connectedNanos = -1;
        volatile long firstFrameNanos = -1;
        volatile int width;
        volatile int height;
        volatile CallStats stats;
        final List<String> states = new CopyOnWriteArrayList<>();
        private long lastFrameNanos = -1; // render thread only
        volatile long longestGapNanos;
        volatile long lastFrameAtMillis = -1;
        final List<BotReport.FrameGap> gaps = new CopyOnWriteArrayList<>();
        int printedGaps; // sampler thread only

        Track(CallSession call) {
            this.call = call;
        }

        @Override
        public void onFrame(VideoFrame frame) {
            long now = System.nanoTime();
            if (firstFrameNanos < 0) {
                firstFrameNanos = now;
            }
            long nowMillis = System.currentTimeMillis();
            if (lastFrameNanos >= 0) {
                long gap = now - lastFrameNanos;
                longestGapNanos = Math.max(longestGapNanos, gap);
                if (gap >= TimeUnit.MILLISECONDS.toNanos(500) && gaps.size() < 100) {
                    gaps.add(new BotReport.FrameGap(nowMillis, TimeUnit.NANOSECONDS.toMillis(gap)));
                }
            }
            lastFrameNanos = now;
            lastFrameAtMillis = nowMillis;
            width = frame.width();
            height = frame.height();
            frames.incrementAndGet();
        }

        long millis(long nanos) {
            return TimeUnit.NANOSECONDS.toMillis(nanos - startNanos);
        }

        BotReport.Call describe(EndReason reason) {
            CallStats s = stats;
            long decoded = Math.max(frames.get(), s == null ? 0 : s.videoIn().framesDecoded());
            int w = width > 0 ? width : s == null ? 0 : s.videoIn().frameWidth();
            int h = height > 0 ? height : s == null ? 0 : s.videoIn().frameHeight();
            boolean connected = connectedNanos >= 0;
            return new BotReport.Call(call.peer().id(), call.peer().displayName(), call.id(), call.direction().name(),
                    connected ? millis(connectedNanos) : null, firstFrameNanos >= 0 ? millis(firstFrameNanos) : null,
                    decoded, w, h, s == null ? 0 : s.audioIn().packetsReceived(),
                    s == null || s.candidateType() == null ? null : s.candidateType().name(),
                    reason == null ? null : reason.name(), connected && decoded > 0,
                    s == null ? 0 : s.iceRestarts(), s == null || s.recoveredMillis() < 0 ? null : s.recoveredMillis(),
                    TimeUnit.NANOSECONDS.toMillis(longestGapNanos), List.copyOf(gaps),
                    lastFrameAtMillis < 0 ? null : lastFrameAtMillis, List.copyOf(states));
        }
    }
}
