package dev.callwire.server.internal;

import dev.callwire.IceServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the hub needs from the server configuration; validated by the public builder.
 *
 * @param joinSecret   HMAC key for join tokens, or {@code null} when joins need no token
 * @param roomCapacity peers per room, {@code 0} for no limit
 * @param turnSecret   coturn {@code static-auth-secret}, or {@code null}
 * @param iceServers   ICE servers handed out as they are (e.g. STUN)
 * @param resumeSecret secret under which resume keys are signed, so that a restarted server with the same
 *                     secret still grants them; {@code null} for a random one per server (ids then survive
 *                     reconnects but not restarts). Never logged
 * @param joinsPerSecond joins one connection may make per second, sustained (each one tells the whole room)
 * @param joinBurst      joins one connection may make at once
 */
public record HubSettings(
        String joinSecret,
        int roomCapacity,
        double ratePerSecond,
        int rateBurst,
        String turnSecret,
        List<String> turnUrls,
        Duration turnTtl,
        List<IceServer> iceServers,
        Clock clock,
        String resumeSecret,
        double joinsPerSecond,
        int joinBurst) {

    /** Joins per connection unless configured: a client joins once per call, and again after a reconnect. */
    public static final double DEFAULT_JOINS_PER_SECOND = 2;
    public static final int DEFAULT_JOIN_BURST = 10;

    /** Settings with the default join rate. */
    public HubSettings(String joinSecret, int roomCapacity, double ratePerSecond, int rateBurst, String turnSecret,
            List<String> turnUrls, Duration turnTtl, List<IceServer> iceServers, Clock clock, String resumeSecret) {
        this(joinSecret, roomCapacity, ratePerSecond, rateBurst, turnSecret, turnUrls, turnTtl, iceServers, clock,
                resumeSecret, DEFAULT_JOINS_PER_SECOND, DEFAULT_JOIN_BURST);
    }

    /** Peers per room unless configured: a {@code welcome} listing this many peers with the longest names fits 64 KiB. */
    public static final int DEFAULT_ROOM_CAPACITY = 100;

    /** Settings without a resume secret (resume keys die with the server). */
    public HubSettings(String joinSecret, int roomCapacity, double ratePerSecond, int rateBurst, String turnSecret,
            List<String> turnUrls, Duration turnTtl, List<IceServer> iceServers, Clock clock) {
        this(joinSecret, roomCapacity, ratePerSecond, rateBurst, turnSecret, turnUrls, turnTtl, iceServers, clock,
                null);
    }

    public HubSettings {
        turnUrls = List.copyOf(turnUrls);
        iceServers = List.copyOf(iceServers);
    }

    @Override
    public String toString() {
        // Secrets stay out of anything that might print these settings.
        return "HubSettings[roomCapacity=" + roomCapacity + ", rate=" + ratePerSecond + "/" + rateBurst
 + ", joins=" + joinsPerSecond + "/" + joinBurst
                + ", tokens=" + (joinSecret != null) + ", turn=" + (turnSecret != null) + ", resumeSecret="
                + (resumeSecret != null ? "configured" : "random") + "]";
    }
}
