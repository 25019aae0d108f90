package dev.callwire;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How calls find a path to their peers and keep it: the STUN/TURN servers configured here, which candidates
 * calls may use, which of the signaling server's ICE servers they accept, and how they restart ICE when the
 * network changes. Immutable; part of {@link ClientConfig}.
 *
 * <pre>{@code
 * IceOptions ice = IceOptions.builder()
 *         .server(IceServer.turn("turn:turn.example.com:3478", "user", "secret"))
 *         .transportPolicy(IceTransportPolicy.RELAY)
 *         .build();
 * }</pre>
 *
 * @param servers         ICE servers configured here; the signaling server's ones from {@code welcome} are used
 *                        as well, as far as {@code serverPolicy} allows. Unmodifiable, empty by default
 * @param transportPolicy which ICE candidates calls may use; {@link IceTransportPolicy#ALL} by default
 * @param serverPolicy    which ICE servers from {@code welcome} calls use besides {@code servers};
 *                        {@link IceServerPolicy#useServerProvided()} by default (see there why)
 * @param restartPolicy   how calls restart ICE to survive network changes; {@link IceRestartPolicy#defaults()}
 *                        by default
 */
public record IceOptions(List<IceServer> servers, IceTransportPolicy transportPolicy, IceServerPolicy serverPolicy,
                         IceRestartPolicy restartPolicy) {

    private static final IceOptions DEFAULTS = builder().build();

    /**
     * Checks and copies the values.
     *
     * @param servers         never {@code null}, nor any element; copied
     * @param transportPolicy never {@code null}
     * @param serverPolicy    never {@code null}
     * @param restartPolicy   never {@code null}
     * @throws NullPointerException if a value or a server is {@code null}; the message names it
     */
    public IceOptions {
        servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
        Objects.requireNonNull(transportPolicy, "transportPolicy");
        Objects.requireNonNull(serverPolicy, "serverPolicy");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
    }

    /**
     * No servers of its own, every candidate type, the signaling server's ICE servers, default restarts.
     *
     * @return the defaults, never {@code null}
     */
    public static IceOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts from {@link #defaults()}.
     *
     * @return a new builder, never {@code null}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a variant of these options; they themselves never change.
     *
     * @return a new builder holding every value, never {@code null}
     */
    public Builder toBuilder() {
        Builder b = new Builder().servers(servers);
        b.transportPolicy = transportPolicy;
        b.serverPolicy = serverPolicy;
        b.restartPolicy = restartPolicy;
        return b;
    }

    /** Builds {@link IceOptions}; {@link #build()} checks the values. Not thread-safe. */
    public static final class Builder {
        private final List<IceServer> servers = new ArrayList<>();
        private IceTransportPolicy transportPolicy = IceTransportPolicy.ALL;
        private IceServerPolicy serverPolicy = IceServerPolicy.useServerProvided();
        private IceRestartPolicy restartPolicy = IceRestartPolicy.defaults();

        private Builder() {
        }

        /**
         * Adds an ICE server.
         *
         * @param server never {@code null}
         * @return this builder
         * @throws NullPointerException if {@code server} is {@code null}
         */
        public Builder server(IceServer server) {
            servers.add(Objects.requireNonNull(server, "server"));
            return this;
        }

        /**
         * Replaces the ICE servers.
         *
         * @param servers never {@code null}, nor any element; may be empty
         * @return this builder
         * @throws NullPointerException if {@code servers} or one of its elements is {@code null}
         */
        public Builder servers(List<IceServer> servers) {
            this.servers.clear();
            servers.forEach(this::server);
            return this;
        }

        /**
         * Sets which ICE candidates calls may use.
         *
         * @param policy never {@code null} (checked by {@link #build()}); default {@link IceTransportPolicy#ALL}
         * @return this builder
         */
        public Builder transportPolicy(IceTransportPolicy policy) {
            this.transportPolicy = policy;
            return this;
        }

        /**
         * Sets which of the signaling server's ICE servers calls use.
         *
         * @param policy never {@code null} (checked by {@link #build()}); default
         *               {@link IceServerPolicy#useServerProvided()}
         * @return this builder
         */
        public Builder serverPolicy(IceServerPolicy policy) {
            this.serverPolicy = policy;
            return this;
        }

        /**
         * Sets how calls restart ICE to survive network changes.
         *
         * @param policy never {@code null} (checked by {@link #build()}); default {@link IceRestartPolicy#defaults()},
         *               {@link IceRestartPolicy#disabled()} for none
         * @return this builder
         */
        public Builder restartPolicy(IceRestartPolicy policy) {
            this.restartPolicy = policy;
            return this;
        }

        /**
         * Checks every value and makes the options.
         *
         * @return new immutable options, never {@code null}
         * @throws NullPointerException if a value is {@code null}; the message names it
         */
        public IceOptions build() {
            return new IceOptions(servers, transportPolicy, serverPolicy, restartPolicy);
        }
    }
}
