package dev.callwire;

import dev.callwire.media.MediaOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Everything a {@link CallClient} needs to know. Immutable; make one with {@link #builder(URI)} and
 * derive variants with {@link #toBuilder()}. Builders validate on {@link Builder#build()} and name the
 * field that is wrong.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder(URI.create("wss://signal.example.com/ws"))
 *         .displayName("Front desk")
 *         .ice(IceOptions.builder().server(IceServer.turn("turn:turn.example.com:3478", "user", "secret")).build())
 *         .media(MediaOptions.builder().resolution(1280, 720).build())
 *         .build();
 * }</pre>
 */
public final class ClientConfig {

    private final URI signalingUri;
    private final String displayName;
    private final IceOptions ice;
    private final CallTimeouts timeouts;
    private final MediaOptions media;
    private final boolean headlessAudio;
    private final Executor eventExecutor;
    private final Duration statsInterval;
    private final long maxIncomingFileSize;
    private final TransportOptions transportOptions;
    private final TransportPlugin transportPlugin;
    private final ClientLimits limits;
    private final List<URI> signalingUris;

    private ClientConfig(Builder b) {
        this.signalingUri = Objects.requireNonNull(b.signalingUri, "signalingUri");
        if (signalingUri.getScheme() == null) {
            throw new IllegalArgumentException("signalingUri needs a scheme (ws:, wss:, socketio+http:, mqtt:, ...): "
                    + dev.callwire.internal.UriRedaction.redact(signalingUri));
        }
        if (b.displayName != null && b.displayName.length() > 64) {
            throw new IllegalArgumentException("displayName must be at most 64 characters, got "
                    + b.displayName.length());
        }
        this.displayName = b.displayName;
        this.ice = Objects.requireNonNull(b.ice, "ice");
        this.timeouts = Objects.requireNonNull(b.timeouts, "timeouts");
        this.media = Objects.requireNonNull(b.media, "media");
        this.headlessAudio = b.headlessAudio;
        this.eventExecutor = b.eventExecutor;
        this.statsInterval = Objects.requireNonNull(b.statsInterval, "statsInterval");
        if (statsInterval.isNegative() || (!statsInterval.isZero() && statsInterval.toMillis() < 100)) {
            throw new IllegalArgumentException("statsInterval must be zero (off) or at least 100 ms, got " + statsInterval);
        }
        if (b.maxIncomingFileSize <= 0) {
            throw new IllegalArgumentException("maxIncomingFileSize must be positive, got " + b.maxIncomingFileSize);
        }
        this.maxIncomingFileSize = b.maxIncomingFileSize;
        this.transportOptions = Objects.requireNonNull(b.transportOptions, "transportOptions");
        this.transportPlugin = b.transportPlugin;
        this.limits = Objects.requireNonNull(b.limits, "limits");
        List<URI> uris = new ArrayList<>();
        uris.add(signalingUri);
        for (URI fallback : b.signalingFallbacks) {
            if (Objects.requireNonNull(fallback, "signalingUris entry").getScheme() == null) {
                throw new IllegalArgumentException("signalingUris entries need a scheme: "
                        + dev.callwire.internal.UriRedaction.redact(fallback));
            }
            uris.add(fallback);
        }
        this.signalingUris = List.copyOf(uris);
    }

    /**
     * Starts a config for a signaling server or broker, with every other setting at its default.
     *
     * @param signalingUri where to signal, e.g. {@code ws://127.0.0.1:8080/ws}; its scheme picks the transport.
     *                     Checked by {@link Builder#build()}: must not be {@code null} and must have a scheme
     * @return a new builder, never {@code null}
     */
    public static Builder builder(URI signalingUri) {
        return new Builder(signalingUri);
    }

    /**
     * Starts a variant of this config; this config itself never changes.
     *
     * @return a new builder holding every value of this config, never {@code null}
     */
    public Builder toBuilder() {
        Builder b = new Builder(signalingUri);
        b.displayName = displayName;
        b.ice = ice;
        b.timeouts = timeouts;
        b.media = media;
        b.headlessAudio = headlessAudio;
        b.eventExecutor = eventExecutor;
        b.statsInterval = statsInterval;
        b.maxIncomingFileSize = maxIncomingFileSize;
        b.transportOptions = transportOptions;
        b.transportPlugin = transportPlugin;
        b.limits = limits;
        b.signalingFallbacks = signalingUris.subList(1, signalingUris.size());
        return b;
    }

    /**
     * Where to signal: the URI's scheme picks the transport plugin (unless {@link #transportPlugin()} is set).
     *
     * @return the URI, never {@code null}, always with a scheme
     */
    public URI signalingUri() {
        return signalingUri;
    }

    /**
     * Every signaling endpoint, {@link #signalingUri()} first: when a room's transport loses its server it moves to
     * the next one (after the last, back to the first) and re-joins there under the same peer id with its resume
     * key. For instances of one signaling cluster (see the server's {@code docs/cluster.md}); a single endpoint
     * unless {@link Builder#signalingUris(List)} was used.
     *
     * @return one or more URIs, never {@code null}, first equal to {@link #signalingUri()}
     */
    public List<URI> signalingUris() {
        return signalingUris;
    }

    /**
     * The name other peers see, sent in {@code join}.
     *
     * @return at most {@value dev.callwire.protocol.Names#MAX_DISPLAY_NAME_LENGTH} characters, or {@code null}
     *         when none was set (others then see the peer id, see {@link Peer#label()})
     */
    public String displayName() {
        return displayName;
    }

    /**
     * How calls find and keep a path to their peers: ICE servers, candidate policy, which of the signaling
     * server's ICE servers to use, ICE restarts.
     *
     * @return the options, {@link IceOptions#defaults()} by default; never {@code null}
     */
    public IceOptions ice() {
        return ice;
    }

    /**
     * How long joining, ringing and connecting may take, and how long a call outlives its peer's departure.
     *
     * @return the timeouts, {@link CallTimeouts#defaults()} by default; never {@code null}
     */
    public CallTimeouts timeouts() {
        return timeouts;
    }

    /**
     * What this client captures and sends.
     *
     * @return the media options, {@link MediaOptions#defaults()} by default; never {@code null}
     */
    public MediaOptions media() {
        return media;
    }

    /**
     * Whether audio bypasses the operating system's devices even when some exist (received audio is
     * discarded). Audio is headless anyway when no microphone is asked for or found.
     *
     * @return {@code true} for headless audio; {@code false} by default
     */
    public boolean headlessAudio() {
        return headlessAudio;
    }

    /**
     * Where listener callbacks run and the SDK's stages complete; the SDK serialises its tasks on it.
     *
     * @return the executor, or {@code null} (the default) for the client's own event thread
     */
    public Executor eventExecutor() {
        return eventExecutor;
    }

    /**
     * How often connected calls report {@link RoomListener#onCallStats} and the active speaker is judged;
     * zero turns both off. Default 1 s.
     *
     * @return zero (off) or at least 100 ms; never {@code null}
     */
    public Duration statsInterval() {
        return statsInterval;
    }

    /**
     * The largest file this client receives: a peer's {@link CallData#sendFile} offer of a larger file is
     * refused before {@link RoomListener#onFileOffered} is asked, and a transfer that sends more bytes than it
     * announced is aborted.
     *
     * @return bytes, positive; 256 MiB (268,435,456 bytes) by default
     */
    public long maxIncomingFileSize() {
        return maxIncomingFileSize;
    }

    /**
     * Settings handed to the signaling transport of every room (connect timeout, reconnect backoff, queue size).
     *
     * @return the options, {@link TransportOptions#defaults()} by default; never {@code null}
     */
    public TransportOptions transportOptions() {
        return transportOptions;
    }

    /**
     * The transport plugin to use instead of looking one up by the URI's scheme.
     *
     * @return the plugin, or {@code null} (the default) to look one up by the URI's scheme
     */
    public TransportPlugin transportPlugin() {
        return transportPlugin;
    }

    /**
     * Caps on what peers and the signaling server can make this client hold.
     *
     * @return the limits, {@link ClientLimits#defaults()} by default; never {@code null}
     */
    public ClientLimits limits() {
        return limits;
    }

    @Override
    public String toString() {
        return "ClientConfig[signaling=" + dev.callwire.internal.UriRedaction.redact(signalingUri) + ", name=" + displayName + ", " + ice + ", "
                + timeouts + ", " + media + "]";
    }

    /**
     * Builds a {@link ClientConfig}. Setters only record values; {@link #build()} checks them all and names
     * the field that is wrong. Not thread-safe; reusable (each {@code build()} makes a new config).
     */
    public static final class Builder {
        private URI signalingUri;
        private String displayName;
        private IceOptions ice = IceOptions.defaults();
        private CallTimeouts timeouts = CallTimeouts.defaults();
        private MediaOptions media = MediaOptions.defaults();
        private boolean headlessAudio;
        private Executor eventExecutor;
        private Duration statsInterval = Duration.ofSeconds(1);
        private long maxIncomingFileSize = 256L * 1024 * 1024;
        private TransportOptions transportOptions = TransportOptions.defaults();
        private TransportPlugin transportPlugin;
        private ClientLimits limits = ClientLimits.defaults();
        private List<URI> signalingFallbacks = List.of();

        private Builder(URI signalingUri) {
            this.signalingUri = signalingUri;
        }

        /**
         * Replaces the signaling URI given to {@link ClientConfig#builder(URI)}.
         *
         * @param signalingUri must not be {@code null} and must have a scheme (checked by {@link #build()})
         * @return this builder
         */
        public Builder signalingUri(URI signalingUri) {
            this.signalingUri = signalingUri;
            return this;
        }

        /**
         * Sets every signaling endpoint in order of preference, replacing the URI given to
         * {@link ClientConfig#builder(URI)}; see {@link ClientConfig#signalingUris()}.
         *
         * @param uris at least one; each must have a scheme (checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code uris} is empty
         */
        public Builder signalingUris(List<URI> uris) {
            if (uris.isEmpty()) {
                throw new IllegalArgumentException("signalingUris must not be empty");
            }
            this.signalingUri = uris.get(0);
            this.signalingFallbacks = new ArrayList<>(uris.subList(1, uris.size()));
            return this;
        }

        /**
         * Sets the name other peers see.
         *
         * @param displayName at most {@value dev.callwire.protocol.Names#MAX_DISPLAY_NAME_LENGTH} characters
         *                    (checked by {@link #build()}), or {@code null} for none
         * @return this builder
         */
        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        /**
         * Sets how calls find and keep a path to their peers; see {@link ClientConfig#ice()}.
         *
         * @param ice never {@code null} (checked by {@link #build()}); default {@link IceOptions#defaults()}
         * @return this builder
         */
        public Builder ice(IceOptions ice) {
            this.ice = ice;
            return this;
        }

        /**
         * Sets how long joining, ringing and connecting may take; see {@link ClientConfig#timeouts()}.
         *
         * @param timeouts never {@code null} (checked by {@link #build()}); default {@link CallTimeouts#defaults()}
         * @return this builder
         */
        public Builder timeouts(CallTimeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        /**
         * Sets what this client captures and sends.
         *
         * @param media never {@code null} (checked by {@link #build()}); default {@link MediaOptions#defaults()}
         * @return this builder
         */
        public Builder media(MediaOptions media) {
            this.media = media;
            return this;
        }

        /**
         * Bypasses the operating system's audio devices even when some exist; see {@link ClientConfig#headlessAudio()}.
         *
         * @param headlessAudio {@code true} for headless audio; default {@code false}
         * @return this builder
         */
        public Builder headlessAudio(boolean headlessAudio) {
            this.headlessAudio = headlessAudio;
            return this;
        }

        /**
         * Runs listener callbacks and completes the SDK's stages on this executor, e.g. {@code SwingUtilities::invokeLater}.
         * It must run tasks in submission order (any single-threaded executor does).
         *
         * @param executor the executor, or {@code null} (the default) for the client's own event thread
         * @return this builder
         */
        public Builder eventExecutor(Executor executor) {
            this.eventExecutor = executor;
            return this;
        }

        /**
         * See {@link ClientConfig#statsInterval()}; {@link Duration#ZERO} turns periodic stats off.
         *
         * @param interval zero or at least 100 ms, never {@code null} (checked by {@link #build()}); default 1 s
         * @return this builder
         */
        public Builder statsInterval(Duration interval) {
            this.statsInterval = interval;
            return this;
        }

        /**
         * Sets the largest file this client receives; see {@link ClientConfig#maxIncomingFileSize()}.
         *
         * @param bytes positive (checked by {@link #build()}); default 256 MiB (268,435,456 bytes)
         * @return this builder
         */
        public Builder maxIncomingFileSize(long bytes) {
            this.maxIncomingFileSize = bytes;
            return this;
        }

        /**
         * Sets what every room's signaling transport is made with.
         *
         * @param options never {@code null} (checked by {@link #build()}); default {@link TransportOptions#defaults()}
         * @return this builder
         */
        public Builder transportOptions(TransportOptions options) {
            this.transportOptions = options;
            return this;
        }

        /**
         * Uses this transport plugin instead of looking one up by the URI's scheme: one configured in code
         * (credentials, a shared HTTP client) or not registered as a service.
         *
         * @param plugin a {@code dev.callwire.spi.SignalingTransportProvider}, or {@code null} (the default) to
         *               look one up by scheme
         * @return this builder
         */
        public Builder transportPlugin(TransportPlugin plugin) {
            this.transportPlugin = plugin;
            return this;
        }

        /**
         * Sets the caps on what peers and the signaling server can make this client hold.
         *
         * @param limits never {@code null} (checked by {@link #build()}); default {@link ClientLimits#defaults()}
         * @return this builder
         */
        public Builder limits(ClientLimits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * Checks every value and makes the config.
         *
         * @return a new immutable config, never {@code null}
         * @throws NullPointerException     if a required value is {@code null}; the message names the field
         * @throws IllegalArgumentException if a value is out of range; the message names the field
         */
        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
