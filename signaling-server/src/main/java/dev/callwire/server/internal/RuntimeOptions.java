package dev.callwire.server.internal;

import dev.callwire.server.TlsOptions;
import java.util.Objects;

/**
 * How the server faces the network, apart from rooms: connection limits, which pages may connect, and TLS.
 *
 * @param limits  connection caps and per-address limits
 * @param origins which browser origins may open connections
 * @param tls     TLS for the HTTP port, or {@code null} for plain HTTP
 */
public record RuntimeOptions(ConnectionLimits limits, OriginPolicy origins, TlsOptions tls) {

    public static final RuntimeOptions DEFAULTS = new RuntimeOptions(ConnectionLimits.DEFAULTS,
            OriginPolicy.SAME_ORIGIN, null);

    public RuntimeOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(origins, "origins");
    }
}
