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
        Clock clock) {

    public HubSettings {
        turnUrls = List.copyOf(turnUrls);
        iceServers = List.copyOf(iceServers);
    }
}
