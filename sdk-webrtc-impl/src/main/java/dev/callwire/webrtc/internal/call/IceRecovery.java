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
        this.planner = new IceRestartPlanner(policy);
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
            act(planner.onDeadline(now(), mediaConnected.getAsBoolean()), "media not restored in time");
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
