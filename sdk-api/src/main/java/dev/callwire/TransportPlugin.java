package dev.callwire;

import java.util.Set;

/**
 * A signaling transport plugin, as a host application sees it: what it is called and which URI schemes it
 * serves. Plugins are normally found by the signaling URI's scheme; hand one to
 * {@link ClientConfig.Builder#transportPlugin} when it needs settings a URI cannot carry (credentials, a
 * shared HTTP client) or is not registered as a service.
 *
 * <p>Every plugin implements {@code dev.callwire.spi.SignalingTransportProvider}, which extends this type
 * with what the engine needs; that half stays in the plugin package so that this package never depends on
 * it. {@link CallClient#create} refuses any other implementation with {@link CallwireException.Reason#NO_TRANSPORT}.
 */
public interface TransportPlugin {

    /**
     * A human name for logs and error messages.
     *
     * @return the name, e.g. {@code "WebSocket (OkHttp)"}; never {@code null}
     */
    String name();

    /**
     * The URI schemes this plugin handles. Two plugins claiming one scheme make looking a plugin up by that
     * scheme fail.
     *
     * @return lower-case schemes, e.g. {@code ws} and {@code wss}; never {@code null} or empty, the same on every call
     */
    Set<String> schemes();
}
