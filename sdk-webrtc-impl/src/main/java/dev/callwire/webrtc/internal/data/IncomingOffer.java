package dev.callwire.webrtc.internal.data;

import dev.callwire.FileOffer;
import dev.callwire.webrtc.internal.data.FileControl.Start;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link FileOffer} handed to the application: the first decision (or the time-out) wins, once. */
final class IncomingOffer implements FileOffer {

    /** Told of the winning decision, on the deciding thread; must only hand it on. */
    interface Decider {
        void decided(IncomingOffer offer, boolean accepted, String reason);
    }

    private final Start start;
    private final Decider decider;
    private final AtomicBoolean decided = new AtomicBoolean();

    IncomingOffer(Start start, Decider decider) {
        this.start = start;
        this.decider = decider;
    }

    String id() {
        return start.id();
    }

    @Override
    public String name() {
        return start.name();
    }

    @Override
    public long size() {
        return start.size();
    }

    @Override
    public String sha256() {
        return start.sha256();
    }

    @Override
    public void accept() {
        if (decided.compareAndSet(false, true)) {
            decider.decided(this, true, null);
        }
    }

    @Override
    public void refuse(String reason) {
        if (decided.compareAndSet(false, true)) {
            decider.decided(this, false, reason);
        }
    }

    /**
     * Ends the offer without the application: later decisions have no effect.
     *
     * @return {@code true} if nobody had decided yet
     */
    boolean expire() {
        return decided.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "FileOffer[" + start.name() + ", " + start.size() + " bytes, id=" + start.id() + "]";
    }
}
