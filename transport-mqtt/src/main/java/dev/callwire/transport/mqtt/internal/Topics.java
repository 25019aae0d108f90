package dev.callwire.transport.mqtt.internal;

import dev.callwire.protocol.Names;
import java.util.Objects;

/**
 * The topics of one room as one peer sees them, and the parsing of inbound topic names (see
 * {@code docs/protocol.md}): {@code {prefix}/{room}/presence/{peerId}} holds each peer's retained presence,
 * {@code {prefix}/{room}/peers/{peerId}} is each peer's inbox. Immutable.
 */
final class Topics {

    /** What an inbound topic of this room names: a peer's presence, or this peer's inbox. */
    record Parsed(boolean presence, String peerId) {
    }

    private final String prefix;
    private final String room;
    private final String self;
    private final String roomPrefix;

    Topics(String prefix, String room, String self) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.room = Objects.requireNonNull(room, "room");
        this.self = Objects.requireNonNull(self, "self");
        this.roomPrefix = prefix + "/" + room + "/";
    }

    /** The inbox of {@code peerId} in {@code room}: where messages to that peer are published. */
    static String inbox(String prefix, String room, String peerId) {
        return prefix + "/" + room + "/peers/" + peerId;
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

    /** This peer's own inbox. */
    String inbox() {
        return inbox(prefix, room, self);
    }

    /**
     * The presence or inbox topic of this room that {@code topic} names, or {@code null} if it is none: another
     * room's, another peer's inbox, a deeper level, or a peer id that is not a valid name.
     */
    Parsed parse(String topic) {
        if (topic == null || !topic.startsWith(roomPrefix)) {
            return null;
        }
        String[] parts = topic.substring(roomPrefix.length()).split("/", -1);
        if (parts.length != 2 || !Names.isValid(parts[1])) {
            return null;
        }
        if (parts[0].equals("presence")) {
            return new Parsed(true, parts[1]);
        }
        if (parts[0].equals("peers") && parts[1].equals(self)) {
            return new Parsed(false, parts[1]);
        }
        return null;
    }
}
