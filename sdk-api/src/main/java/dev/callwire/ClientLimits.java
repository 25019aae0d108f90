package dev.callwire;

/**
 * Caps on what other peers and the signaling server can make a client hold in memory. Every room member can
 * send candidates, offers and (by reconnecting) membership changes; without caps a single hostile member, or
 * a hostile server, could grow a client's heap without end. When a cap is hit the client refuses the excess,
 * keeps what it already holds, and logs one WARN line naming the room, the peer and the call (repeats are
 * summarised at most every 10 s). Immutable; make one with {@link #builder()}.
 *
 * <p>The defaults leave ample room for real rooms and calls (a call gathers tens of candidates of about
 * 100-200 characters each) while bounding the worst case to a few megabytes per room.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder(uri)
 *         .limits(ClientLimits.builder().maxPeersPerRoom(50).build())
 *         .build();
 * }</pre>
 */
public final class ClientLimits {

    private static final ClientLimits DEFAULTS = builder().build();

    private final int maxCandidateLength;
    private final int maxEarlyCandidatesPerCall;
    private final int maxEarlyCandidateBytesPerCall;
    private final int maxEarlyCandidates;
    private final int maxEarlyCandidateBytes;
    private final int maxPeersPerRoom;
    private final int maxRingingCalls;
    private final int maxQueuedSignals;
    private final int maxQueuedEvents;

    private ClientLimits(Builder b) {
        this.maxCandidateLength = positive("maxCandidateLength", b.maxCandidateLength);
        this.maxEarlyCandidatesPerCall = positive("maxEarlyCandidatesPerCall", b.maxEarlyCandidatesPerCall);
        this.maxEarlyCandidateBytesPerCall = positive("maxEarlyCandidateBytesPerCall", b.maxEarlyCandidateBytesPerCall);
        this.maxEarlyCandidates = positive("maxEarlyCandidates", b.maxEarlyCandidates);
        this.maxEarlyCandidateBytes = positive("maxEarlyCandidateBytes", b.maxEarlyCandidateBytes);
        this.maxPeersPerRoom = positive("maxPeersPerRoom", b.maxPeersPerRoom);
        this.maxRingingCalls = positive("maxRingingCalls", b.maxRingingCalls);
        this.maxQueuedSignals = positive("maxQueuedSignals", b.maxQueuedSignals);
        this.maxQueuedEvents = positive("maxQueuedEvents", b.maxQueuedEvents);
        if (maxEarlyCandidatesPerCall > maxEarlyCandidates) {
            throw new IllegalArgumentException("maxEarlyCandidatesPerCall (" + maxEarlyCandidatesPerCall
                    + ") must not exceed maxEarlyCandidates (" + maxEarlyCandidates + ")");
        }
        if (maxEarlyCandidateBytesPerCall > maxEarlyCandidateBytes) {
            throw new IllegalArgumentException("maxEarlyCandidateBytesPerCall (" + maxEarlyCandidateBytesPerCall
                    + ") must not exceed maxEarlyCandidateBytes (" + maxEarlyCandidateBytes + ")");
        }
    }

    /**
     * The default limits, as documented on each accessor.
     *
     * @return the defaults, never {@code null}
     */
    public static ClientLimits defaults() {
        return DEFAULTS;
    }

    /**
     * Starts limits with every value at its default.
     *
     * @return a new builder, never {@code null}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a variant of these limits.
     *
     * @return a new builder holding every value of these limits, never {@code null}
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxCandidateLength = maxCandidateLength;
        b.maxEarlyCandidatesPerCall = maxEarlyCandidatesPerCall;
        b.maxEarlyCandidateBytesPerCall = maxEarlyCandidateBytesPerCall;
        b.maxEarlyCandidates = maxEarlyCandidates;
        b.maxEarlyCandidateBytes = maxEarlyCandidateBytes;
        b.maxPeersPerRoom = maxPeersPerRoom;
        b.maxRingingCalls = maxRingingCalls;
        b.maxQueuedSignals = maxQueuedSignals;
        b.maxQueuedEvents = maxQueuedEvents;
        return b;
    }

    /**
     * The longest remote ICE candidate accepted, counting its {@code candidate} line and its {@code sdpMid}.
     * Longer ones are dropped before they reach a call.
     *
     * @return characters, positive; 1,024 by default (real candidates are under 300)
     */
    public int maxCandidateLength() {
        return maxCandidateLength;
    }

    /**
     * How many candidates are kept for one call whose offer has not arrived yet (candidates may overtake
     * their offer); later ones for that call are dropped.
     *
     * @return positive; 128 by default
     */
    public int maxEarlyCandidatesPerCall() {
        return maxEarlyCandidatesPerCall;
    }

    /**
     * How many characters of candidates (see {@link #maxCandidateLength()}) are kept for one call whose offer
     * has not arrived yet.
     *
     * @return positive; 32 KiB (32,768) by default
     */
    public int maxEarlyCandidateBytesPerCall() {
        return maxEarlyCandidateBytesPerCall;
    }

    /**
     * How many early candidates one room keeps across all calls. When full, the peer holding the most gives
     * way: the new candidate is refused if it comes from that peer, else that peer's oldest early call is
     * forgotten, so one peer flooding call ids cannot push out another peer's early candidates.
     *
     * @return positive, at least {@link #maxEarlyCandidatesPerCall()}; 1,024 by default
     */
    public int maxEarlyCandidates() {
        return maxEarlyCandidates;
    }

    /**
     * How many characters of early candidates one room keeps across all calls; full, it behaves as
     * {@link #maxEarlyCandidates()}.
     *
     * @return positive, at least {@link #maxEarlyCandidateBytesPerCall()}; 256 KiB (262,144) by default
     */
    public int maxEarlyCandidateBytes() {
        return maxEarlyCandidateBytes;
    }

    /**
     * How many other peers one room lists. A {@code welcome} or {@code peer-joined} beyond it is not listed
     * (peers already listed stay; a listed peer that leaves makes room again), and an unlisted peer can neither
     * call this client nor be called, like any id that is not a member.
     *
     * @return positive; 1,000 by default
     */
    public int maxPeersPerRoom() {
        return maxPeersPerRoom;
    }

    /**
     * How many incoming calls one room lets ring (not yet accepted or declined) at once; another offer is
     * answered {@code bye} with reason {@code busy}. Each peer can ring at most one call anyway: a second
     * offer from a peer already in a call with this client is answered busy.
     *
     * @return positive; 8 by default
     */
    public int maxRingingCalls() {
        return maxRingingCalls;
    }

    /**
     * How many signaling messages of one room may wait for the client's engine thread. Beyond it (or while
     * half of {@link #maxQueuedEvents()} is in use, which means the application's listener is behind) new
     * messages are refused and logged, so a flood cannot grow the queues; messages already queued are all
     * handled.
     *
     * @return positive; 1,000 by default
     */
    public int maxQueuedSignals() {
        return maxQueuedSignals;
    }

    /**
     * How many listener callbacks and stage completions may wait for the event thread (or the configured
     * event executor). Beyond it, new ones are refused with a logged error rather than queued without end;
     * a listener that blocks for that long has stopped the client anyway. Because inbound signaling is
     * refused from half this figure on, peers cannot fill it.
     *
     * @return positive; 10,000 by default
     */
    public int maxQueuedEvents() {
        return maxQueuedEvents;
    }

    @Override
    public String toString() {
        return "ClientLimits[candidateLength=" + maxCandidateLength + ", earlyPerCall=" + maxEarlyCandidatesPerCall
                + "/" + maxEarlyCandidateBytesPerCall + "B, early=" + maxEarlyCandidates + "/" + maxEarlyCandidateBytes
                + "B, peers=" + maxPeersPerRoom + ", ringing=" + maxRingingCalls + ", signals=" + maxQueuedSignals
                + ", events=" + maxQueuedEvents + "]";
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /**
     * Builds {@link ClientLimits}. Setters only record values; {@link #build()} checks them and names the
     * field that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private int maxCandidateLength = 1024;
        private int maxEarlyCandidatesPerCall = 128;
        private int maxEarlyCandidateBytesPerCall = 32 * 1024;
        private int maxEarlyCandidates = 1024;
        private int maxEarlyCandidateBytes = 256 * 1024;
        private int maxPeersPerRoom = 1000;
        private int maxRingingCalls = 8;
        private int maxQueuedSignals = 1000;
        private int maxQueuedEvents = 10_000;

        private Builder() {
        }

        /**
         * See {@link ClientLimits#maxCandidateLength()}.
         *
         * @param characters positive (checked by {@link #build()}); default 1,024
         * @return this builder
         */
        public Builder maxCandidateLength(int characters) {
            this.maxCandidateLength = characters;
            return this;
        }

        /**
         * See {@link ClientLimits#maxEarlyCandidatesPerCall()} and {@link ClientLimits#maxEarlyCandidateBytesPerCall()}.
         *
         * @param count      positive, at most the room-wide count (checked by {@link #build()}); default 128
         * @param characters positive, at most the room-wide characters (checked by {@link #build()}); default 32 KiB
         * @return this builder
         */
        public Builder maxEarlyCandidatesPerCall(int count, int characters) {
            this.maxEarlyCandidatesPerCall = count;
            this.maxEarlyCandidateBytesPerCall = characters;
            return this;
        }

        /**
         * See {@link ClientLimits#maxEarlyCandidates()} and {@link ClientLimits#maxEarlyCandidateBytes()}.
         *
         * @param count      positive (checked by {@link #build()}); default 1,024
         * @param characters positive (checked by {@link #build()}); default 256 KiB
         * @return this builder
         */
        public Builder maxEarlyCandidates(int count, int characters) {
            this.maxEarlyCandidates = count;
            this.maxEarlyCandidateBytes = characters;
            return this;
        }

        /**
         * See {@link ClientLimits#maxPeersPerRoom()}.
         *
         * @param peers positive (checked by {@link #build()}); default 1,000
         * @return this builder
         */
        public Builder maxPeersPerRoom(int peers) {
            this.maxPeersPerRoom = peers;
            return this;
        }

        /**
         * See {@link ClientLimits#maxRingingCalls()}.
         *
         * @param calls positive (checked by {@link #build()}); default 8
         * @return this builder
         */
        public Builder maxRingingCalls(int calls) {
            this.maxRingingCalls = calls;
            return this;
        }

        /**
         * See {@link ClientLimits#maxQueuedSignals()}.
         *
         * @param messages positive (checked by {@link #build()}); default 1,000
         * @return this builder
         */
        public Builder maxQueuedSignals(int messages) {
            this.maxQueuedSignals = messages;
            return this;
        }

        /**
         * See {@link ClientLimits#maxQueuedEvents()}.
         *
         * @param events positive (checked by {@link #build()}); default 10,000
         * @return this builder
         */
        public Builder maxQueuedEvents(int events) {
            this.maxQueuedEvents = events;
            return this;
        }

        /**
         * Checks every value and makes the limits.
         *
         * @return new immutable limits, never {@code null}
         * @throws IllegalArgumentException if a value is not positive, or a per-call cap exceeds its room-wide
         *                                  one; the message names the field
         */
        public ClientLimits build() {
            return new ClientLimits(this);
        }
    }
}
