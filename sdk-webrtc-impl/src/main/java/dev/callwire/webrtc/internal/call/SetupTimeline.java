package dev.callwire.webrtc.internal.call;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each step of a call's set-up happened, in milliseconds from the call's start on this side, logged
 * once at DEBUG when the first remote frame is decoded: where a slow first call spends its time. Marks come
 * from libwebrtc's threads and the engine thread; each is written once and only read for the log line.
 */
final class SetupTimeline {

    private static final Logger LOG = LoggerFactory.getLogger(SetupTimeline.class);

    private final Object call;
    private final boolean caller;
    private final long start = System.nanoTime();
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
    }

    private String ms(long at) {
        return at == 0 ? "-" : Long.toString(TimeUnit.NANOSECONDS.toMillis(at - start));
    }
}
