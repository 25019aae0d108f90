package dev.callwire.webrtc.internal.room;

import dev.callwire.IceServer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a joined room's TURN REST credentials valid for as long as it stays. The {@code welcome}'s credentials
 * (PROTOCOL.md, "TURN credentials") have a username that starts with their unix expiry; a restart or a new call
 * after that time could not allocate a relay. So when three quarters of their remaining lifetime have passed, the
 * room re-joins on its connection with its resume key, and the fresh {@code welcome}'s servers are given to every
 * call's peer connection. Engine thread.
 */
final class TurnRefresh {

    /** Never sooner than this after a welcome, whatever a short TTL says: a server is not to be asked in a loop. */
    static final long MIN_DELAY_MILLIS = 1_000;
    private static final Pattern REST_USERNAME = Pattern.compile("^(\\d{1,12}):");
    private static final Logger LOG = LoggerFactory.getLogger(TurnRefresh.class);

    private final String roomName;
    private final ScheduledExecutorService engine;
    private final LongSupplier wallClockMillis;
    private final BooleanSupplier rejoin;
    private ScheduledFuture<?> timer;
    private boolean awaitingWelcome;

    /**
     * @param rejoin sends the re-join (engine thread), {@code true} if it went to the transport; its {@code welcome}
     *               is then {@linkplain #takeAnswer() ours}
     */
    TurnRefresh(String roomName, ScheduledExecutorService engine, LongSupplier wallClockMillis, BooleanSupplier rejoin) {
        this.roomName = roomName;
        this.engine = engine;
        this.wallClockMillis = wallClockMillis;
        this.rejoin = rejoin;
    }

    /**
     * When to refresh credentials received at {@code nowMillis}, in milliseconds from then; -1 for never (no REST
     * credentials, or ones already expired by our clock: the clocks disagree and re-joining cannot help).
     */
    static long refreshDelay(List<IceServer> servers, long nowMillis) {
        OptionalLong expiry = earliestExpiry(servers);
        if (expiry.isEmpty()) {
            return -1;
        }
        long remaining = expiry.getAsLong() * 1000 - nowMillis;
        if (remaining <= 0) {
            return -1;
        }
        return Math.max(MIN_DELAY_MILLIS, remaining / 4 * 3);
    }

    /** The earliest expiry (unix seconds) among REST credentials ({@code "<unix-expiry>:<id>"} usernames). */
    static OptionalLong earliestExpiry(List<IceServer> servers) {
        OptionalLong earliest = OptionalLong.empty();
        for (IceServer server : servers) {
            if (server.username() == null) {
                continue;
            }
            Matcher m = REST_USERNAME.matcher(server.username());
            if (m.find()) {
                long expiry = Long.parseLong(m.group(1));
                if (earliest.isEmpty() || expiry < earliest.getAsLong()) {
                    earliest = OptionalLong.of(expiry);
                }
            }
        }
        return earliest;
    }

    /** A welcome (the first, a re-join's, or our refresh's answer) handed out these servers: plan the next refresh. */
    void welcomed(List<IceServer> servers) {
        cancel();
        long now = wallClockMillis.getAsLong();
        long delay = refreshDelay(servers, now);
        if (delay >= 0) {
            LOG.debug("Room {}: TURN credentials refreshed in {} ms", roomName, delay);
            timer = engine.schedule(this::refresh, delay, TimeUnit.MILLISECONDS);
        } else if (earliestExpiry(servers).isPresent()) {
            LOG.warn("Room {}: the server's TURN credentials expired at {} (unix s) by this host's clock, before they "
                    + "arrived; check the clocks. Not refreshing them.", roomName, earliestExpiry(servers).getAsLong());
        }
    }

    /** {@code true} once, for the welcome that answers our re-join; a reconnect in between voids it. */
    boolean takeAnswer() {
        boolean ours = awaitingWelcome;
        awaitingWelcome = false;
        return ours;
    }

    /** The signaling connection dropped: the next welcome answers the transport's re-join, not ours. */
    void signalingLost() {
        awaitingWelcome = false;
    }

    void close() {
        cancel();
        awaitingWelcome = false;
    }

    private void refresh() {
        timer = null;
        LOG.info("Room {}: TURN credentials expire soon; re-joining for fresh ones", roomName);
        awaitingWelcome = rejoin.getAsBoolean();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
