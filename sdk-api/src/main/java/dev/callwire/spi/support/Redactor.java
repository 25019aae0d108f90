package dev.callwire.spi.support;

import dev.callwire.internal.UriRedaction;
import java.net.URI;

/**
 * Makes a URI safe to log or to put in an exception message. The SDK's one redactor: the engine, the
 * bundled transports and the samples use it, and a transport plugin should use it for every URI it shows.
 *
 * <ul>
 *   <li>User info ({@code user:password@}) becomes {@code ***@}, also in an authority that
 *       {@link URI} cannot parse as host and port, and before an {@code @} in an opaque URI
 *       ({@code mqtt:user:pass@host}).</li>
 *   <li>The value of a query parameter whose name suggests a secret becomes {@code ***}: names that,
 *       ignoring case and the separators {@code - _ .}, contain {@code pass}, {@code pwd}, {@code token},
 *       {@code secret}, {@code key}, {@code credential}, {@code auth}, {@code signature} or
 *       {@code session}, or are {@code sig}. Other parameters are kept: they help to find a mistake.</li>
 *   <li>The fragment is dropped.</li>
 * </ul>
 *
 * <p>Scheme, host, port and path are kept as they are. Thread-safe.
 */
public final class Redactor {

    private Redactor() {
    }

    /**
     * The URI as a string with its secrets masked (see the class description).
     *
     * @param uri the URI, or {@code null}
     * @return the masked URI, or {@code "null"} for {@code null}; never {@code null}
     */
    public static String redact(URI uri) {
        return UriRedaction.redact(uri);
    }
}
