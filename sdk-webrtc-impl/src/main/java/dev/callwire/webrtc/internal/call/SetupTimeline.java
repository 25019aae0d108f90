package dev.callwire.webrtc.internal.call;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each step of a call's set-up happened, in milliseconds from the call's start on this side, logged
 * once at DEBUG when the first remote frame is decoded: where a slow first call spends its time. Marks come
 * from libwebrtc's threads and the engine thread; each is written once and only read for the log line.
 *
 * <p>A second DEBUG line lists the finer {@linkplain #mark steps} (each native SDP operation called, returned and
 * done, the peer connection made, the call rung and accepted, the message handed to the transport) with the start's
 * wall-clock time, so that the two sides' lines of one call, in two processes, can be laid side by side.
 */
final class SetupTimeline {

    private static final Logger LOG = LoggerFactory.getLogger(SetupTimeline.class);

    private final Object call;
    private final boolean caller;
    private final long start = System.nanoTime();
    private final long startEpochMillis = System.currentTimeMillis();
    private final Map<String, Long> steps = new LinkedHashMap<>(); // guarded by itself; first time of each step
    private volatile long description; // caller: offer sent; callee: offer applied
    private volatile long reply; // caller: answer received; callee: answer sent
    private volatile long ice;
    private volatile long dtls;
    private volatile boolean logged;

    SetupTimeline(Object call, boolean caller) {
        this.call = call;
        this.caller = caller;
    }

    void offerSent() {
        if (caller && description == 0) {
            description = System.nanoTime();
        }
    }

    void answerSent() {
        if (!caller && reply == 0) {
            reply = System.nanoTime();
        }
    }

    void remoteDescription() {
        if (caller) {
            if (reply == 0) {
                reply = System.nanoTime();
            }
        } else if (description == 0) {
            description = System.nanoTime();
        }
    }

    void iceConnected() {
        if (ice == 0) {
            ice = System.nanoTime();
        }
    }

    void dtlsConnected() {
        if (dtls == 0) {
            dtls = System.nanoTime();
        }
    }

    /**
     * Any thread: {@code step} happened now, if it had not yet (a renegotiation's steps are not the set-up's); marks
     * after the first frame are dropped. Costs a map entry, and nothing unless DEBUG is on.
     */
    void mark(String step) {
        mark(step, null);
    }

    /** {@link #mark(String)} of {@code operation + " " + stage}, joined only when DEBUG is on. */
    void mark(String operation, String stage) {
        if (logged || !LOG.isDebugEnabled()) {
            return;
        }
        long now = System.nanoTime();
        String step = stage == null ? operation : operation + " " + stage;
        synchronized (steps) {
            steps.putIfAbsent(step, now);
        }
    }

    /** Native video thread: only formats a line, once. */
    void firstFrame() {
        if (logged || !LOG.isDebugEnabled()) {
            return;
        }
        logged = true;
        long frame = System.nanoTime();
        LOG.debug("{}: set-up: {} {} ms, {} {} ms, ICE connected {} ms, DTLS connected {} ms, first frame decoded {} ms",
                call, caller ? "offer sent" : "offer applied", ms(description), caller ? "answer received" : "answer sent",
                ms(reply), ms(ice), ms(dtls), ms(frame));
        StringBuilder line = new StringBuilder();
        synchronized (steps) {
            steps.forEach((step, at) -> line.append(line.isEmpty() ? "" : ", ").append(step).append(' ').append(ms(at)));
        }
        LOG.debug("{}: set-up steps, ms from the start at epoch {} ms: {}", call, startEpochMillis, line);
    }

    private String ms(long at) {
        return at == 0 ? "-" : Long.toString(TimeUnit.NANOSECONDS.toMillis(at - start));
    }
}
