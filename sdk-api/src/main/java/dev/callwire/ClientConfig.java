package dev.callwire;

import dev.callwire.media.MediaOptions;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.spi.TransportOptions;
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
    private final MediaOptions media;
    private final boolean headlessAudio;
    private final Executor eventExecutor;
    private final Duration joinTimeout;
    private final Duration ringTimeout;
    private final Duration connectTimeout;
    private final Duration peerLeftGrace;
    private final TransportOptions transportOptions;
    private final SignalingTransportProvider transportProvider;

    private ClientConfig(Builder b) {
        this.signalingUri = Objects.requireNonNull(b.signalingUri, "signalingUri");
        if (signalingUri.getScheme() == null) {
            throw new IllegalArgumentException("signalingUri needs a scheme (ws:, wss:, socketio+http:, mqtt:, ...): "
                    + signalingUri);
        }
        if (b.displayName != null && b.displayName.length() > 64) {
            throw new IllegalArgumentException("displayName must be at most 64 characters, got "
                    + b.displayName.length());
        }
        this.displayName = b.displayName;
        this.iceServers = List.copyOf(b.iceServers);
        this.iceTransportPolicy = Objects.requireNonNull(b.iceTransportPolicy, "iceTransportPolicy");
        this.media = Objects.requireNonNull(b.media, "media");
        this.headlessAudio = b.headlessAudio;
        this.eventExecutor = b.eventExecutor;
        this.joinTimeout = requirePositive("joinTimeout", b.joinTimeout);
        this.ringTimeout = requirePositive("ringTimeout", b.ringTimeout);
        this.connectTimeout = requirePositive("connectTimeout", b.connectTimeout);
        this.peerLeftGrace = java.util.Objects.requireNonNull(b.peerLeftGrace, "peerLeftGrace");
        if (peerLeftGrace.isNegative()) {
            throw new IllegalArgumentException("peerLeftGrace must not be negative, got " + peerLeftGrace);
        }
        this.transportOptions = Objects.requireNonNull(b.transportOptions, "transportOptions");
        this.transportProvider = b.transportProvider;
    }

    /** Starts a config for a signaling server or broker, e.g. {@code ws://127.0.0.1:8080/ws}. */
    public static Builder builder(URI signalingUri) {
        return new Builder(signalingUri);
    }

    public Builder toBuilder() {
        Builder b = new Builder(signalingUri);
        b.displayName = displayName;
        b.iceServers.addAll(iceServers);
        b.iceTransportPolicy = iceTransportPolicy;
        b.media = media;
        b.headlessAudio = headlessAudio;
        b.eventExecutor = eventExecutor;
        b.joinTimeout = joinTimeout;
        b.ringTimeout = ringTimeout;
        b.connectTimeout = connectTimeout;
        b.peerLeftGrace = peerLeftGrace;
        b.transportOptions = transportOptions;
        b.transportProvider = transportProvider;
        return b;
    }

    /** Where to signal: the URI's scheme picks the transport plugin. */
    public URI signalingUri() {
        return signalingUri;
    }

    /** The name others see, or {@code null}. */
    public String displayName() {
        return displayName;
    }

    /** ICE servers configured here; those the server sends in {@code welcome} are used as well. */
    public List<IceServer> iceServers() {
        return iceServers;
    }

    public IceTransportPolicy iceTransportPolicy() {
        return iceTransportPolicy;
    }

    public MediaOptions media() {
        return media;
    }

    /** Whether audio bypasses the operating system's devices even when some exist (received audio is discarded). */
    public boolean headlessAudio() {
        return headlessAudio;
    }

    /** Where listener callbacks run, or {@code null} for the client's own event thread. */
    public Executor eventExecutor() {
        return eventExecutor;
    }

    /** How long {@code join} may take before it fails with {@code TIMEOUT}. */
    public Duration joinTimeout() {
        return joinTimeout;
    }

    /** How long an outgoing or incoming call may ring before it ends with {@link EndReason#TIMEOUT}. */
    public Duration ringTimeout() {
        return ringTimeout;
    }

    /** How long an answered call may take to connect its media before it ends with {@link EndReason#FAILED}. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long a call with media flowing outlives its peer's departure from signaling (a blip the peer
     * recovers from by reconnecting) before it ends with {@link EndReason#PEER_LEFT}.
     */
    public Duration peerLeftGrace() {
        return peerLeftGrace;
    }

    public TransportOptions transportOptions() {
        return transportOptions;
    }

    /** The transport provider to use instead of looking one up by scheme, or {@code null}. */
    public SignalingTransportProvider transportProvider() {
        return transportProvider;
    }

    @Override
    public String toString() {
        return "ClientConfig[signaling=" + dev.callwire.spi.Redaction.redact(signalingUri) + ", name=" + displayName + ", iceServers=" + iceServers
                + ", policy=" + iceTransportPolicy + ", " + media + "]";
    }

    private static Duration requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** Builds a {@link ClientConfig}. */
    public static final class Builder {
        private URI signalingUri;
        private String displayName;
        private final List<IceServer> iceServers = new ArrayList<>();
        private IceTransportPolicy iceTransportPolicy = IceTransportPolicy.ALL;
        private MediaOptions media = MediaOptions.defaults();
        private boolean headlessAudio;
        private Executor eventExecutor;
        private Duration joinTimeout = Duration.ofSeconds(15);
        private Duration ringTimeout = Duration.ofSeconds(45);
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration peerLeftGrace = Duration.ofSeconds(15);
        private TransportOptions transportOptions = TransportOptions.defaults();
        private SignalingTransportProvider transportProvider;

        private Builder(URI signalingUri) {
            this.signalingUri = signalingUri;
        }

        public Builder signalingUri(URI signalingUri) {
            this.signalingUri = signalingUri;
            return this;
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        /** Adds an ICE server. */
        public Builder iceServer(IceServer server) {
            iceServers.add(Objects.requireNonNull(server, "server"));
            return this;
        }

        /** Replaces the ICE servers. */
        public Builder iceServers(List<IceServer> servers) {
            iceServers.clear();
            servers.forEach(this::iceServer);
            return this;
        }

        public Builder iceTransportPolicy(IceTransportPolicy policy) {
            this.iceTransportPolicy = policy;
            return this;
        }

        public Builder media(MediaOptions media) {
            this.media = media;
            return this;
        }

        public Builder headlessAudio(boolean headlessAudio) {
            this.headlessAudio = headlessAudio;
            return this;
        }

        /**
         * Runs listener callbacks and completes futures on this executor, e.g. {@code SwingUtilities::invokeLater}.
         * It must run tasks in submission order (any single-threaded executor does).
         */
        public Builder eventExecutor(Executor executor) {
            this.eventExecutor = executor;
            return this;
        }

        public Builder joinTimeout(Duration timeout) {
            this.joinTimeout = timeout;
            return this;
        }

        public Builder ringTimeout(Duration timeout) {
            this.ringTimeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** See {@link ClientConfig#peerLeftGrace()}; zero ends such calls at once. Default 15 s. */
        public Builder peerLeftGrace(Duration grace) {
            this.peerLeftGrace = grace;
            return this;
        }

        public Builder transportOptions(TransportOptions options) {
            this.transportOptions = options;
            return this;
        }

        /** Uses this transport provider instead of looking one up by the URI's scheme. */
        public Builder transportProvider(SignalingTransportProvider provider) {
            this.transportProvider = provider;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException naming the field that is wrong */
        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
