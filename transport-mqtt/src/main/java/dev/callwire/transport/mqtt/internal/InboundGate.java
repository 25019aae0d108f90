package dev.callwire.transport.mqtt.internal;

import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an inbound MQTT message must pass before the room sees it, as protocol v1.1 asks: a topic of
 * this room, a payload within the size limit, a valid {@code mac} when a room key is set, a well-formed
 * envelope of the type the topic carries, and an envelope that agrees with its topic (presence: {@code peer.id}
 * and {@code room}; inbox: {@code from}, {@code to} and {@code room}). What fails is logged at DEBUG, never with
 * its content, and counted: a forger must not be able to fill the log, and the count shows an attack anyway.
 *
 * <p>Not thread-safe: the transport's loop calls it; {@link #dropped()} may be read from any thread.
 */
final class InboundGate {

    private static final Logger LOG = LoggerFactory.getLogger(InboundGate.class);

    /** What an inbound message turned out to be. */
    sealed interface Verdict {
    }

    /** A peer's presence that agrees with its topic. */
    record Present(PeerJoined joined) implements Verdict {
    }

    /** An emptied presence topic: that peer left, or its last will fired (an empty payload cannot be signed). */
    record Cleared(String peerId) implements Verdict {
    }

    /** A directed message to this peer whose sender is the one its topic names. */
    record Directed(DirectedMessage message) implements Verdict {
    }

    /** Dropped; already logged and counted. */
    record Dropped(String reason) implements Verdict {
    }

    private final Topics topics;
    private final RoomKey roomKey;
    private final String context;
    private volatile long dropped;

    /**
     * @param roomKey the room key, or {@code null} when the broker's ACLs are relied on instead
     */
    InboundGate(Topics topics, RoomKey roomKey) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.roomKey = roomKey;
        this.context = "room=" + topics.room() + " peer=" + topics.self();
    }

    /** How many inbound messages were dropped so far. */
    long dropped() {
        return dropped;
    }

    Verdict check(String topic, byte[] payload) {
        Topics.Parsed parsed = topics.parse(topic);
        if (parsed == null) {
            return drop("a topic that is not one of this room's: '" + printable(topic) + "'");
        }
        String named = parsed.peerId();
        String what = parsed.presence() ? "presence of " + named : "inbox message from " + named;
        if (parsed.presence() && payload.length == 0) {
            return new Cleared(named);
        }
        if (BoundedMqttInput.isOversizedMarker(payload)) {
            return drop(what + ": larger than " + ProtocolCodec.MAX_MESSAGE_BYTES + " bytes ("
                    + BoundedMqttInput.oversizedLength(payload) + " bytes), skipped unread");
        }
        if (payload.length > ProtocolCodec.MAX_MESSAGE_BYTES) {
            return drop(what + ": larger than " + ProtocolCodec.MAX_MESSAGE_BYTES + " bytes (" + payload.length + ")");
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        if (roomKey != null) {
            String problem = roomKey.verify(text);
            if (problem != null) {
                return drop(what + " with " + problem);
            }
        }
        Message message;
        try {
            message = ProtocolCodec.decode(text);
        } catch (ProtocolException e) {
            return drop("malformed " + what + " (" + payload.length + " bytes): " + e.getMessage());
        }
        if (!topics.room().equals(message.room())) {
            return drop(what + " that claims room " + printable(message.room()));
        }
        if (parsed.presence()) {
            if (!(message instanceof PeerJoined joined)) {
                return drop(message.type().wireName() + " on the presence topic of " + named
                        + ": only peer-joined belongs there");
            }
            if (!named.equals(joined.peerId())) {
                return drop("presence on the topic of " + named + " that claims peer " + joined.peerId());
            }
            return new Present(joined);
        }
        if (!(message instanceof DirectedMessage directed)) {
            return drop(message.type().wireName() + " in the inbox: only offer, answer, candidate and bye belong there");
        }
        if (!named.equals(directed.from()) || !topics.self().equals(directed.to())) {
            return drop(directed.type().wireName() + " on the topic from " + named + " to " + topics.self()
                    + " that claims from=" + directed.from() + ", to=" + directed.to());
        }
        if (named.equals(topics.self())) {
            return drop(directed.type().wireName() + " from this peer's own id");
        }
        return new Directed(directed);
    }

    private Dropped drop(String reason) {
        dropped++; // the loop is the only writer
        LOG.debug("MQTT {}: dropping {} ({} dropped so far)", context, reason, dropped);
        return new Dropped(reason);
    }

    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return shown.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
    }
}
