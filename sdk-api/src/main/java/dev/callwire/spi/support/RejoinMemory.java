package dev.callwire.spi.support;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Welcome;

/**
 * What a reconnecting transport remembers to re-join after a reconnect: the last {@code join} it carried, the
 * room, and the peer id and resume key of the last {@code welcome}. The resume key is a secret: it leaves only
 * inside the re-join and is never logged. Mutated under the transport's lock; {@link #context()} may be read
 * from any thread.
 */
final class RejoinMemory {

    private Join lastJoin;
    private String resumeKey;
    private volatile String room;
    private volatile String selfId;

    /** A message was handed to the server (or queued for it): a {@code join} is remembered, a {@code leave} forgets it. */
    void carried(Message message) {
        if (message instanceof Join join) {
            lastJoin = join;
        } else if (message instanceof Leave) {
            lastJoin = null; // nothing to re-join after leaving
        }
    }

    /** Names the room in log lines from the first message that has one. */
    void noteRoom(Message message) {
        if (room == null && message.room() != null) {
            room = message.room();
        }
    }

    void welcomed(Welcome welcome) {
        selfId = welcome.self();
        resumeKey = welcome.resumeKey();
    }

    boolean hasJoined() {
        return lastJoin != null;
    }

    /**
     * The {@code join} to send on a new connection: the last one, asking for the id we had with the key that
     * proves it is ours (a server grants the id only with it, and closes a connection of ours it still holds,
     * such as after a network change without FIN). {@code null} before a join or after a leave.
     */
    Join rejoin() {
        if (lastJoin == null) {
            return null;
        }
        return selfId == null ? lastJoin : lastJoin.resuming(selfId, resumeKey);
    }

    /** For log lines: room and peer id, never tokens or keys, e.g. {@code [room lobby as p-1]}. */
    String context() {
        String r = room;
        String s = selfId;
        return "[room " + (r == null ? "?" : r) + (s == null ? "" : " as " + s) + "]";
    }
}
