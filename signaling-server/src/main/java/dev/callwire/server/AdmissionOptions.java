package dev.callwire.server;

import dev.callwire.server.internal.ConnectionLimits;
import dev.callwire.server.internal.HubSettings;
import java.time.Duration;

/**
 * The limits option group of {@link SignalingServer.Builder}: who may connect, join and send how much. Kept
 * apart so the builder's setters stay one-line delegations; validates like every setter, naming the setter.
 */
final class AdmissionOptions {

    int roomCapacity = HubSettings.DEFAULT_ROOM_CAPACITY;
    double ratePerSecond = 50;
    int rateBurst = 100;
    double joinsPerSecond = HubSettings.DEFAULT_JOINS_PER_SECOND;
    int joinBurst = HubSettings.DEFAULT_JOIN_BURST;
    ConnectionLimits limits = ConnectionLimits.DEFAULTS;
    private boolean loopbackLimitsSet;

    void roomCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("roomCapacity must be >= 0, got " + capacity);
        }
        this.roomCapacity = capacity;
    }

    void rateLimit(double perSecond, int burst) {
        BuilderChecks.rate("rateLimit", perSecond, burst);
        this.ratePerSecond = perSecond;
        this.rateBurst = burst;
    }

    void joinRateLimit(double perSecond, int burst) {
        BuilderChecks.rate("joinRateLimit", perSecond, burst);
        this.joinsPerSecond = perSecond;
        this.joinBurst = burst;
    }

    void tcpLineLimits(int maxConnections, Duration idleTimeout) {
        BuilderChecks.tcpLineLimits(maxConnections, idleTimeout);
        this.limits = limits.withTcpLine(maxConnections, idleTimeout);
    }

    /** Applies to loopback addresses too unless {@link #loopbackLimits} was set (in either order). */
    void perIpLimits(int maxConnections, double connectsPerSecond, int burst) {
        BuilderChecks.ipLimits("perIpLimits", maxConnections, connectsPerSecond, burst);
        this.limits = limits.withPerIp(maxConnections, connectsPerSecond, burst, !loopbackLimitsSet);
    }

    void loopbackLimits(int maxConnections, double connectsPerSecond, int burst) {
        BuilderChecks.ipLimits("loopbackLimits", maxConnections, connectsPerSecond, burst);
        this.limits = limits.withLoopback(maxConnections, connectsPerSecond, burst);
        this.loopbackLimitsSet = true;
    }
}
