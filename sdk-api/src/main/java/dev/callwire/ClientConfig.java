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
 *         .iceServer(IceServer.turn("turn:turn.example.com:3478", "user", "secret"))
 *         .media(MediaOptions.builder().resolution(1280, 720).build())
 *         .build();
 * }</pre>
 */
public final class ClientConfig {

    private final URI signalingUri;
    private final String displayName;
    private final List<IceServer> iceServers;
    private final IceTransportPolicy iceTransportPolicy;
    private final IceServerPolicy iceServerPolicy;
    private final MediaOptions media;
    private final boolean headlessAudio;
    private final Executor eventExecutor;
    private final Duration joinTimeout;
    private final Duration ringTimeout;
    private final Duration connectTimeout;
    private final Duration peerLeftGrace;
    private final Duration statsInterval;
    private final long maxIncomingFileSize;
    private final TransportOptions transportOptions;
    private final TransportPlugin transportPlugin;
    private final ClientLimits limits;
    private final List<URI> signalingUris;
    private final IceRestartPolicy iceRestartPolicy;

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
        this.iceServers = List.copyOf(b.iceServers);
        this.iceTransportPolicy = Objects.requireNonNull(b.iceTransportPolicy, "iceTransportPolicy");
        this.iceServerPolicy = Objects.requireNonNull(b.iceServerPolicy, "iceServerPolicy");
        this.media = Objects.requireNonNull(b.media, "media");
        this.headlessAudio = b.headlessAudio;
        this.eventExecutor = b.eventExecutor;
        this.joinTimeout = requirePositive("joinTimeout", b.joinTimeout);
        this.ringTimeout = requirePositive("ringTimeout", b.ringTimeout);
        this.connectTimeout = requirePositive("connectTimeout", b.connectTimeout);
        this.peerLeftGrace = java.util.Objects.requireNonNull(b.peerLeftGrace, "peerLeftGrace");
        this.statsInterval = java.util.Objects.requireNonNull(b.statsInterval, "statsInterval");
        if (statsInterval.isNegative() || (!statsInterval.isZero() && statsInterval.toMillis() < 100)) {
            throw new IllegalArgumentException("statsInterval must be zero (off) or at least 100 ms, got " + statsInterval);
        }
        if (peerLeftGrace.isNegative()) {
            throw new IllegalArgumentException("peerLeftGrace must not be negative, got " + peerLeftGrace);
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
        this.iceRestartPolicy = Objects.requireNonNull(b.iceRestartPolicy, "iceRestartPolicy");
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
        b.iceServers.addAll(iceServers);
        b.iceTransportPolicy = iceTransportPolicy;
        b.iceServerPolicy = iceServerPolicy;
        b.media = media;
        b.headlessAudio = headlessAudio;
        b.eventExecutor = eventExecutor;
        b.joinTimeout = joinTimeout;
        b.ringTimeout = ringTimeout;
        b.connectTimeout = connectTimeout;
        b.peerLeftGrace = peerLeftGrace;
        b.statsInterval = statsInterval;
        b.maxIncomingFileSize = maxIncomingFileSize;
        b.transportOptions = transportOptions;
        b.transportPlugin = transportPlugin;
        b.limits = limits;
        b.signalingFallbacks = signalingUris.subList(1, signalingUris.size());
        b.iceRestartPolicy = iceRestartPolicy;
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
     * ICE servers configured here; those the server sends in {@code welcome} are used as well, as far as
     * {@link #iceServerPolicy()} allows.
     *
     * @return an unmodifiable list, empty by default, never {@code null}
     */
    public List<IceServer> iceServers() {
        return iceServers;
    }

    /**
     * Which ICE candidates calls may use.
     *
     * @return the policy, {@link IceTransportPolicy#ALL} by default; never {@code null}
     */
    public IceTransportPolicy iceTransportPolicy() {
        return iceTransportPolicy;
    }

    /**
     * Which ICE servers from the signaling server's {@code welcome} calls use besides {@link #iceServers()}.
     *
     * @return the policy, {@link IceServerPolicy#useServerProvided()} by default (see there why); never {@code null}
     */
    public IceServerPolicy iceServerPolicy() {
        return iceServerPolicy;
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
     * How long {@code join} may take before its stage fails with {@link CallwireException.Reason#TIMEOUT}.
     *
     * @return a positive duration, 15 s by default; never {@code null}
     */
    public Duration joinTimeout() {
        return joinTimeout;
    }

    /**
     * How long an outgoing or incoming call may ring before it ends with {@link EndReason#TIMEOUT}.
     *
     * @return a positive duration, 45 s by default; never {@code null}
     */
    public Duration ringTimeout() {
        return ringTimeout;
    }

    /**
     * How long an answered call may take to connect its media before it ends with {@link EndReason#FAILED}.
     *
     * @return a positive duration, 30 s by default; never {@code null}
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long a call with media flowing outlives its peer's departure from signaling (a blip the peer
     * recovers from by reconnecting) before it ends with {@link EndReason#PEER_LEFT}.
     *
     * @return zero (no grace) or a positive duration, 15 s by default; never {@code null}
     */
    public Duration peerLeftGrace() {
        return peerLeftGrace;
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

    /**
     * How calls restart ICE to survive network changes.
     *
     * @return the policy, {@link IceRestartPolicy#defaults()} by default; never {@code null}
     */
    public IceRestartPolicy iceRestartPolicy() {
        return iceRestartPolicy;
    }

    @Override
    public String toString() {
        return "ClientConfig[signaling=" + dev.callwire.internal.UriRedaction.redact(signalingUri) + ", name=" + displayName + ", iceServers=" + iceServers
                + ", policy=" + iceTransportPolicy + ", " + media + "]";
    }

    private static Duration requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /**
     * Builds a {@link ClientConfig}. Setters only record values; {@link #build()} checks them all and names
     * the field that is wrong. Not thread-safe; reusable (each {@code build()} makes a new config).
     */
    public static final class Builder {
        private URI signalingUri;
        private String displayName;
        private final List<IceServer> iceServers = new ArrayList<>();
        private IceTransportPolicy iceTransportPolicy = IceTransportPolicy.ALL;
        private IceServerPolicy iceServerPolicy = IceServerPolicy.useServerProvided();
        private MediaOptions media = MediaOptions.defaults();
        private boolean headlessAudio;
        private Executor eventExecutor;
        private Duration joinTimeout = Duration.ofSeconds(15);
        private Duration ringTimeout = Duration.ofSeconds(45);
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration peerLeftGrace = Duration.ofSeconds(15);
        private Duration statsInterval = Duration.ofSeconds(1);
        private long maxIncomingFileSize = 256L * 1024 * 1024;
        private TransportOptions transportOptions = TransportOptions.defaults();
        private TransportPlugin transportPlugin;
        private ClientLimits limits = ClientLimits.defaults();
        private List<URI> signalingFallbacks = List.of();
        private IceRestartPolicy iceRestartPolicy = IceRestartPolicy.defaults();

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
         * Adds an ICE server.
         *
         * @param server never {@code null}
         * @return this builder
         * @throws NullPointerException if {@code server} is {@code null}
         */
        public Builder iceServer(IceServer server) {
            iceServers.add(Objects.requireNonNull(server, "server"));
            return this;
        }

        /**
         * Replaces the ICE servers.
         *
         * @param servers never {@code null}, nor any element; may be empty
         * @return this builder
         * @throws NullPointerException if {@code servers} or one of its elements is {@code null}
         */
        public Builder iceServers(List<IceServer> servers) {
            iceServers.clear();
            servers.forEach(this::iceServer);
            return this;
        }

        /**
         * Sets which ICE candidates calls may use.
         *
         * @param policy never {@code null} (checked by {@link #build()}); default {@link IceTransportPolicy#ALL}
         * @return this builder
         */
        public Builder iceTransportPolicy(IceTransportPolicy policy) {
            this.iceTransportPolicy = policy;
            return this;
        }

        /**
         * Sets which server-provided ICE servers calls use; see {@link ClientConfig#iceServerPolicy()}.
         *
         * @param policy never {@code null} (checked by {@link #build()}); default {@link IceServerPolicy#useServerProvided()}
         * @return this builder
         */
        public Builder iceServerPolicy(IceServerPolicy policy) {
            this.iceServerPolicy = policy;
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
         * Sets how long {@code join} may take; see {@link ClientConfig#joinTimeout()}.
         *
         * @param timeout positive, never {@code null} (checked by {@link #build()}); default 15 s
         * @return this builder
         */
        public Builder joinTimeout(Duration timeout) {
            this.joinTimeout = timeout;
            return this;
        }

        /**
         * Sets how long a call may ring; see {@link ClientConfig#ringTimeout()}.
         *
         * @param timeout positive, never {@code null} (checked by {@link #build()}); default 45 s
         * @return this builder
         */
        public Builder ringTimeout(Duration timeout) {
            this.ringTimeout = timeout;
            return this;
        }

        /**
         * Sets how long an answered call may take to connect its media; see {@link ClientConfig#connectTimeout()}.
         *
         * @param timeout positive, never {@code null} (checked by {@link #build()}); default 30 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the grace a call with media flowing gets when its peer leaves signaling; see
         * {@link ClientConfig#peerLeftGrace()}.
         *
         * @param grace zero (ends such calls at once) or positive, never {@code null} (checked by
         *              {@link #build()}); default 15 s
         * @return this builder
         */
        public Builder peerLeftGrace(Duration grace) {
            this.peerLeftGrace = grace;
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
         * Sets how calls restart ICE to survive network changes; see {@link IceRestartPolicy}.
         *
         * @param policy never {@code null} (checked by {@link #build()}); default {@link IceRestartPolicy#defaults()},
         *               {@link IceRestartPolicy#disabled()} for none
         * @return this builder
         */
        public Builder iceRestartPolicy(IceRestartPolicy policy) {
            this.iceRestartPolicy = policy;
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
