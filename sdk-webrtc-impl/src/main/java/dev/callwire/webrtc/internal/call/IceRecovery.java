package dev.callwire.webrtc.internal.call;

import dev.callwire.IceRestartPolicy;
import dev.callwire.webrtc.internal.call.IceRestartPlanner.Action;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's automatic ICE restarts: feeds the connection's events and the outside triggers to an
 * {@link IceRestartPlanner}, keeps one timer for its deadline, restarts through the {@link Negotiator} and ends the
 * call when the planner gives up. Engine thread only.
 */
final class IceRecovery {

    /** What recovery asks of its call. */
    interface Target {
        /** Restart ICE now (an offer under the same call id follows). */
        void restartIce();

        /** The media path could not be restored: end the call as failed, saying {@code detail}. */
        void giveUp(String detail);

        boolean isEnded();
    }

    /**
     * How long a restart offer may wait for its answer before the attempt counts as failed. An answer is one
     * signaling round trip plus the peer's createAnswer: well under a second on a working path, so two seconds
     * mean the offer (or its answer) was lost, not slow; it only matters when shorter than the attempt's wait.
     */
    static final long ANSWER_TIMEOUT_MILLIS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(IceRecovery.class);

    private final Object logContext;
    private final Target target;
    private final ScheduledExecutorService engine;
    private final BooleanSupplier mediaConnected;
    private final IceRestartPlanner planner;
    private final long origin = System.nanoTime();
    private ScheduledFuture<?> timer;

    IceRecovery(Object logContext, Target target, ScheduledExecutorService engine, IceRestartPolicy policy,
                BooleanSupplier mediaConnected) {
        this.logContext = logContext;
        this.target = target;
        this.engine = engine;
        this.mediaConnected = mediaConnected;
        this.planner = new IceRestartPlanner(policy, ANSWER_TIMEOUT_MILLIS);
    }

    void onDisconnected() {
        act(planner.onDisconnected(now()), "media disconnected");
    }

    void onFailed() {
        act(planner.onFailed(now()), "ICE/DTLS failed");
    }

    /** The connection is up: a recovery under way succeeded. {@code true} if ICE was restarted for it. */
    boolean onConnected() {
        boolean restarted = planner.isRecovering();
        planner.onConnected(now());
        arm();
        if (planner.lastRecoveredMillis() >= 0 && restarted) {
            LOG.info("{}: media path restored {} ms after it was lost", logContext, planner.lastRecoveredMillis());
        }
        return restarted;
    }

    /** An offer of ours was handed to signaling: during a recovery, the wait for its answer starts. */
    void onOfferSent() {
        if (planner.isRecovering()) {
            planner.onOfferSent(now());
            arm();
        }
    }

    /** An offer/answer exchange completed (either direction): the attempt's offer is no longer waiting. */
    void onExchangeCompleted() {
        if (planner.isAwaitingAnswer()) {
            planner.onExchangeCompleted();
            arm();
        }
    }

    /** The host's network interfaces or addresses changed. */
    void onNetworkChanged() {
        act(planner.onTrigger(now()), "the host's network addresses changed");
    }

    /** The room's signaling connection came back; restarts only if the media is down. */
    void onSignalingRestored() {
        if (!mediaConnected.getAsBoolean()) {
            act(planner.onTrigger(now()), "signaling reconnected while the media was down");
        }
    }

    int restarts() {
        return planner.totalRestarts();
    }

    long lastRecoveredMillis() {
        return planner.lastRecoveredMillis();
    }

    void close() {
        cancel();
    }

    private void onTimer() {
        timer = null;
        if (!target.isEnded()) {
            boolean answerOverdue = planner.isAwaitingAnswer();
            act(planner.onDeadline(now(), mediaConnected.getAsBoolean()),
                    answerOverdue ? "the last restart offer got no answer in time" : "media not restored in time");
        }
    }

    private void act(Action action, String why) {
        if (target.isEnded()) {
            return;
        }
        switch (action) {
            case RESTART -> {
                LOG.info("{}: restarting ICE ({}; restart {} of this call)", logContext, why, planner.totalRestarts());
                target.restartIce();
            }
            case GIVE_UP -> {
                cancel();
                LOG.warn("{}: {}", logContext, planner.exhaustedDetail());
                target.giveUp(planner.exhaustedDetail());
                return;
            }
            default -> {
            }
        }
        arm();
    }

    private void arm() {
        cancel();
        long deadline = planner.deadline();
        if (deadline >= 0) {
            timer = engine.schedule(this::onTimer, Math.max(0, deadline - now()), TimeUnit.MILLISECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
    }
}
