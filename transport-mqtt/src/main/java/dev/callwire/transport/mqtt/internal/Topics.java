package dev.callwire.transport.mqtt.internal;

import dev.callwire.protocol.Names;
import java.util.Objects;

/**
 * The topics of one room as one peer sees them, and the parsing of inbound topic names, as protocol v1.1
 * lays them out: {@code {prefix}/{room}/presence/{peerId}} holds each peer's retained presence, and
 * {@code {prefix}/{room}/peers/{to}/{from}} carries what {@code from} sends to {@code to}. Naming the sender in
 * the topic is what lets a broker's per-user ACLs decide who may speak as whom. Immutable.
 */
final class Topics {

    /** What an inbound topic of this room names: a peer's presence, or this peer's inbox and the sender. */
    record Parsed(boolean presence, String peerId) {
    }

    private final String room;
    private final String self;
    private final String roomPrefix;

    Topics(String prefix, String room, String self) {
        Objects.requireNonNull(prefix, "prefix");
        this.room = Objects.requireNonNull(room, "room");
        this.self = Objects.requireNonNull(self, "self");
        this.roomPrefix = prefix + "/" + room + "/";
    }

    /** Where {@code from} publishes what it sends to {@code to} in {@code room}. */
    static String inbox(String prefix, String room, String to, String from) {
        return prefix + "/" + room + "/peers/" + to + "/" + from;
    }

    String room() {
        return room;
    }

    /** The peer these topics are seen by. */
    String self() {
        return self;
    }

    String presence(String peerId) {
        return roomPrefix + "presence/" + peerId;
    }

    /** Every peer's presence in the room. */
    String presenceFilter() {
        return roomPrefix + "presence/+";
    }

    /** Where this peer publishes to {@code to}. */
    String outbox(String to) {
        return roomPrefix + "peers/" + to + "/" + self;
    }

    /** This peer's inbox, from every sender. */
    String inboxFilter() {
        return roomPrefix + "peers/" + self + "/+";
    }

    /**
     * The presence or inbox topic of this room that {@code topic} names, or {@code null} if it is none: another
     * room's, another peer's inbox, a deeper or shallower level, or a peer id that is not a valid name. For an
     * inbox topic, {@link Parsed#peerId()} is the sender the topic names.
     */
    Parsed parse(String topic) {
        if (topic == null || !topic.startsWith(roomPrefix)) {
            return null;
        }
        String[] parts = topic.substring(roomPrefix.length()).split("/", -1);
        if (parts.length == 2 && parts[0].equals("presence") && Names.isValid(parts[1])) {
            return new Parsed(true, parts[1]);
        }
        if (parts.length == 3 && parts[0].equals("peers") && parts[1].equals(self) && Names.isValid(parts[2])) {
            return new Parsed(false, parts[2]);
        }
        return null;
    }
}
