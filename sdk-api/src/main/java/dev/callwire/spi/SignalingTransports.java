package dev.callwire.spi;

import dev.callwire.CallwireException;
import dev.callwire.ClientConfig;
import dev.callwire.TransportPlugin;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the {@link SignalingTransportProvider} for a URI among those on the class path. */
public final class SignalingTransports {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingTransports.class);

    /** Which artifact to add for the schemes this project ships transports for. */
    private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
            "ws", "dev.callwire:transport-websocket",
            "wss", "dev.callwire:transport-websocket",
            "socketio+http", "dev.callwire:transport-socketio",
            "socketio+https", "dev.callwire:transport-socketio",
            "mqtt", "dev.callwire:transport-mqtt",
            "mqtts", "dev.callwire:transport-mqtt");

    private SignalingTransports() {
    }

    /**
     * The providers visible to {@code SignalingTransports}' class loader. A provider whose jar is
     * broken is logged and skipped rather than hiding the others. Loads them anew on every call.
     *
     * @return the providers in {@link java.util.ServiceLoader} order, possibly empty; never {@code null}
     */
    public static List<SignalingTransportProvider> installed() {
        return installed(SignalingTransports.class.getClassLoader());
    }

    static List<SignalingTransportProvider> installed(ClassLoader loader) {
        List<SignalingTransportProvider> providers = new ArrayList<>();
        Iterator<SignalingTransportProvider> it = ServiceLoader.load(SignalingTransportProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                providers.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("Skipping a signaling transport provider that failed to load: {}", e.getMessage(), e);
            }
        }
        return providers;
    }

    /**
     * The provider that claims {@code uri}'s scheme (compared case-insensitively) among the
     * {@link #installed()} ones.
     *
     * @param uri the signaling URI, never {@code null}
     * @return the one provider for the scheme, never {@code null}
     * @throws CallwireException        {@code NO_TRANSPORT} naming the installed schemes and the artifact to add,
     *                                  or {@code TRANSPORT_CONFLICT} naming both providers
     * @throws IllegalArgumentException if {@code uri} has no scheme
     */
    public static SignalingTransportProvider forUri(URI uri) {
        return forUri(uri, installed());
    }

    /**
     * The provider a client configuration asks for: its {@link ClientConfig#transportPlugin() transport plugin}
     * when it names one, else the one that claims its signaling URI's scheme. An engine calls this when it
     * makes a client, to fail early, and again per room joined.
     *
     * @param config the client's configuration, never {@code null}
     * @return the provider, never {@code null}
     * @throws CallwireException {@code NO_TRANSPORT} when the configured plugin is not a
     *                           {@code SignalingTransportProvider} or no provider claims the scheme, or
     *                           {@code TRANSPORT_CONFLICT} naming both providers
     */
    public static SignalingTransportProvider forConfig(ClientConfig config) {
        TransportPlugin plugin = config.transportPlugin();
        if (plugin == null) {
            return forUri(config.signalingUri());
        }
        if (plugin instanceof SignalingTransportProvider provider) {
            return provider;
        }
        throw new CallwireException(CallwireException.Reason.NO_TRANSPORT, "the configured transport plugin '"
                + plugin.name() + "' (" + plugin.getClass().getName() + ") does not implement "
                + SignalingTransportProvider.class.getName() + ", so the engine cannot make transports with it");
    }

    static SignalingTransportProvider forUri(URI uri, List<SignalingTransportProvider> providers) {
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("signaling URI has no scheme: "
                    + dev.callwire.internal.UriRedaction.redact(uri));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Map<String, SignalingTransportProvider> byScheme = new TreeMap<>();
        SignalingTransportProvider found = null;
        for (SignalingTransportProvider provider : providers) {
            for (String claimed : provider.schemes()) {
                SignalingTransportProvider other = byScheme.putIfAbsent(claimed.toLowerCase(Locale.ROOT), provider);
                if (other != null && claimed.equalsIgnoreCase(scheme)) {
                    throw new CallwireException(CallwireException.Reason.TRANSPORT_CONFLICT,
                            "two signaling transports claim scheme '" + scheme + "': " + other.name() + " ("
                                    + other.getClass().getName() + ") and " + provider.name() + " ("
                                    + provider.getClass().getName() + "); remove one from the class path or "
                                    + "pass the provider explicitly in ClientConfig");
                }
            }
            if (provider.schemes().stream().anyMatch(scheme::equalsIgnoreCase) && found == null) {
                found = provider;
            }
        }
        if (found != null) {
            LOG.debug("Scheme '{}' is handled by {}", scheme, found.name());
            return found;
        }
        String hint = KNOWN_ARTIFACTS.containsKey(scheme)
                ? " Add the artifact " + KNOWN_ARTIFACTS.get(scheme) + " to the class path."
                : " Known schemes and their artifacts: " + new TreeMap<>(KNOWN_ARTIFACTS) + ".";
        throw new CallwireException(CallwireException.Reason.NO_TRANSPORT,
                "no signaling transport for scheme '" + scheme + "'; installed schemes: "
                        + new TreeSet<>(byScheme.keySet()) + "." + hint);
    }
}
