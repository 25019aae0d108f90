package dev.callwire.server.internal;

import dev.callwire.IceServer;
import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.ProtocolException;
import dev.callwire.protocol.Welcome;
import dev.callwire.server.JoinTokens;
import dev.callwire.server.internal.cluster.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms and relay, independent of transports: every transport hands whole text envelopes to
 * {@link #onText} and reports its close to {@link #onClose}.
 *
 * <p>One lock guards every change of room state. Nothing slow happens under it: decoding is done before, and
 * sending only queues on the receiver's {@link Connection} outbox. A single lock keeps the
 * ordering rules obvious (a joiner's {@code welcome} is queued before anyone can learn its id).
 * The relay's usual case, a message between two members with no presence change pending, changes nothing and
 * takes no lock: it reads the {@link RoomDirectory}'s concurrent index.
 */
final class Hub {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final HubSettings settings;
    private final ResumeKeys resumeKeys;
    private final TurnCredentials turnCredentials; // null: no TURN secret configured
    private final Object lock = new Object();
    private final RoomDirectory rooms = new RoomDirectory();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final PresenceFanout presence = new PresenceFanout(); // guarded by lock
    private final JoinGate joinGate;
    // Other instances sharing the rooms; by default none. Set before the server starts.
    private Cluster cluster = Cluster.local();

    Hub(HubSettings settings) {
        this.settings = settings;
        this.resumeKeys = ResumeKeys.of(settings.resumeSecret(), settings.clock());
        this.turnCredentials = settings.turnSecret() == null ? null
                : new TurnCredentials(settings.turnSecret(), settings.turnUrls());
        this.joinGate = new JoinGate(settings.joinsPerSecond(), settings.joinBurst());
    }

    /** Shares rooms with other instances; call before {@link #startCluster()} and before any connection. */
    void useCluster(Cluster cluster) {
        this.cluster = cluster;
    }

    void startCluster() {
        cluster.start(new HubInbound(lock, rooms, connections));
    }

    void closeCluster() {
        cluster.close();
    }

    void register(Connection connection) {
        connections.add(connection);
        LOG.debug("Connection {} opened", connection.label());
    }

    /** Handles one inbound envelope. Never throws: a bad message is answered, never fatal. */
    void onText(Connection from, String text) {
        if (!from.tryAcquire()) {
            from.send(ProtocolCodec.encode(new ErrorMessage(null, ProtocolError.RATE_LIMITED,
                    "more than " + settings.ratePerSecond() + " messages/s (burst " + settings.rateBurst()
                            + "); message dropped", null)));
            return;
        }
        Message message;
        try {
            message = ProtocolCodec.decode(text);
        } catch (ProtocolException e) {
            LOG.debug("Refused message from {}: {} ({})", from.label(), e.error().wireName(), e.getMessage());
            from.send(ProtocolCodec.encode(e.toErrorMessage(null)));
            return;
        }
        try {
            if (message instanceof DirectedMessage directed && relayWithoutLock(from, directed)) {
                return;
            }
            Runnable delivery;
            synchronized (lock) {
                // A message still in flight when its connection closed must not re-add a member.
                if (!connections.contains(from)) {
                    return;
                }
                delivery = dispatch(from, message);
            }
            // Encoding and queueing a relayed message happen outside the lock: the benchmark showed threads
            // queueing on it for 10 ms and more under load. Per-sender order holds: a connection's messages are
            // handled one at a time.
            if (delivery != null) {
                delivery.run();
            }
        } catch (ProtocolException e) {
            LOG.debug("Refused {} from {} (peer {}): {} ({})", message.type().wireName(), from.label(),
                    from.peerId, e.error().wireName(), e.getMessage());
            from.send(ProtocolCodec.encode(e.toErrorMessage(message.room())));
        } catch (RuntimeException e) {
            LOG.warn("Unexpected failure handling {} from {}", message.type().wireName(), from.label(), e);
            from.send(ProtocolCodec.encode(new ErrorMessage(message.room(), ProtocolError.BAD_MESSAGE,
                    "the server could not handle this message", message.type().wireName())));
        }
    }

    /** The transport closed: a joined peer leaves its room. */
    void onClose(Connection connection) {
        if (!connections.remove(connection)) {
            return;
        }
        synchronized (lock) {
            if (connection.room != null) {
                leaveRoom(connection, "connection closed");
            }
        }
        joinGate.forget(connection);
        connection.close();
        LOG.debug("Connection {} closed", connection.label());
    }

    int roomCount() {
        synchronized (lock) {
            return rooms.roomCount();
        }
    }

    int connectionCount() {
        return connections.size();
    }

    /**
     * One keepalive tick: each connection has its turn once every {@code ticksPerInterval} ticks, at a tick of its
     * own, so pings leave spread over the interval. All at once, 1,000 of them stalled relaying for about 100 ms
     * (the benchmark's fixed-rate phase, once per interval) and made every client answer at the same moment.
     */
    void keepalive(long tick, int ticksPerInterval, long deadAfterNanos) {
        joinGate.forgetRested();
        long now = System.nanoTime();
        int due = (int) (tick % ticksPerInterval);
        for (Connection connection : connections) {
            if (Math.floorMod(System.identityHashCode(connection), ticksPerInterval) == due) {
                connection.keepalive(now, deadAfterNanos);
            }
        }
    }

    /** Sends the presence changes that waited for coalescing; called every few tens of milliseconds. */
    void flushPresence() {
        synchronized (lock) {
            presence.flushAll(rooms.rooms());
        }
    }

    /** Presence messages sent so far; for tests. */
    long presenceSent() {
        synchronized (lock) {
            return presence.sentCount();
        }
    }

    /** Closes every connection (server shutdown). */
    void closeAll() {
        for (Connection connection : List.copyOf(connections)) {
            connection.close();
        }
    }

    /** Under the lock; returns the relay delivery to run after unlocking, or {@code null}. */
    private Runnable dispatch(Connection from, Message message) {
        if (message instanceof Join join) {
            return join(from, join);
        } else if (message instanceof Leave leave) {
            if (!leave.room().equals(from.room)) {
                throw new ProtocolException(ProtocolError.NOT_JOINED,
                        "not in room '" + leave.room() + "'", message.type().wireName());
            }
            leaveRoom(from, "leave");
        } else if (message instanceof DirectedMessage directed) {
            return relay(from, directed);
        } else if (message instanceof ErrorMessage) {
            // Answering an error with an error could ping-pong forever between two confused ends.
            LOG.debug("Ignored an error message from {}", from.label());
        } else {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "'" + message.type().wireName()
                    + "' is sent by the server, not to it", message.type().wireName());
        }
        return null;
    }

    /** Under the lock; returns the closing of a stale connection that held the resumed id, or {@code null}. */
    private Runnable join(Connection from, Join join) {
        String room = join.room();
        DisplayNames.require(join.name());
        if (!joinGate.tryJoin(from)) {
            throw new ProtocolException(ProtocolError.RATE_LIMITED, joinGate.describe() + "; join dropped", "join");
        }
        if (settings.joinSecret() != null
                && !JoinTokens.isValid(settings.joinSecret(), room, join.token(), settings.clock().instant())) {
            throw new ProtocolException(ProtocolError.UNAUTHORIZED, join.token() == null
                    ? "room '" + room + "' needs a join token"
                    : "join token is malformed, expired or not for room '" + room + "'", "join");
        }
        Map<String, Connection> members = rooms.members(room);
        // The joiner's member list must not be older than the presence changes the others are still to hear.
        presence.flush(room, members);
        String peerId = resumedId(from, join);
        // A valid key for an id another connection still holds: that connection is stale (the client is here, on a
        // new one; a network change leaves no FIN). It is replaced at once instead of after its keepalive.
        Connection stale = peerId == null ? null : members.get(peerId);
        if (stale == from) {
            stale = null;
        }
        // A resumed id another instance still holds moves here without a peer-joined, like a local stale one.
        boolean movedHere = peerId != null && stale == null && cluster.route(room, peerId) != null;
        int others = members.size() + cluster.remoteCount(room) - (room.equals(from.room) ? 1 : 0)
                - (stale != null || movedHere ? 1 : 0);
        if (settings.roomCapacity() > 0 && others >= settings.roomCapacity()) {
            throw new ProtocolException(ProtocolError.ROOM_FULL,
                    "room '" + room + "' is full (" + settings.roomCapacity() + " peers)", "join");
        }
        if (peerId == null) {
            peerId = newPeerId(members);
        }
        // Everything that can fail happens before the first change of state: a refused joiner is in no room.
        List<PeerInfo> peers = new ArrayList<>(members.size());
        for (PeerInfo remote : cluster.remotePeers(room)) {
            if (!remote.id().equals(peerId)) {
                peers.add(remote);
            }
        }
        for (Connection member : members.values()) {
            if (member != from && member != stale) {
                peers.add(new PeerInfo(member.peerId, member.name));
            }
        }
        String welcome = encodeWelcome(new Welcome(room, peerId, peers, iceServersFor(peerId),
                resumeKeys.issue(room, peerId)));
        String joined = stale != null || movedHere ? null
                : ProtocolCodec.encode(new PeerJoined(room, new PeerInfo(peerId, join.name())));

        if (room.equals(from.room) && peerId.equals(from.peerId)) {
            // The member re-joins on its own connection with its resume key: it wants a fresh welcome (new TURN
            // credentials before its REST ones expire), not to leave. For everyone else nothing changed.
            from.send(welcome);
            joinGate.log(LOG, "Peer {} re-joined room {} on its connection {}: fresh welcome, no presence change",
                    peerId, room, from.label());
            return null;
        }
        if (from.room != null) {
            leaveRoom(from, "joined another room");
        }
        if (stale != null) {
            // Detached without peer-left: for everyone else the peer never went away, so its calls go on.
            connections.remove(stale);
            stale.clearMembership();
        }
        from.room = room;
        from.peerId = peerId;
        from.name = join.name();
        rooms.put(room, peerId, from);
        Map<String, Connection> current = rooms.members(room);
        from.send(welcome);
        cluster.joined(room, peerId, join.name());
        if (stale != null) {
            joinGate.log(LOG, "Peer {} resumed in room {} via {}, replacing its stale connection {} ({} peers)",
                    peerId, room, from.label(), stale.label(), current.size());
            // Closed outside the lock: closing re-enters the hub. Its late close report finds it gone and does nothing.
            return stale::close;
        }
        if (movedHere) {
            joinGate.log(LOG, "Peer {} resumed in room {} via {}, moving from another instance", peerId, room,
                    from.label());
            return null;
        }
        presence.joined(room, from, peerId, joined);
        joinGate.log(LOG, "Peer {} ({}) joined room {} via {} ({} peers{})", peerId, LogText.quote(join.name()), room,
                from.label(), current.size(), peerId.equals(join.resume()) ? ", resumed" : "");
        return null;
    }

    /** The id a join may keep: the one it asks for, if its resume key proves it was issued to this client. */
    private String resumedId(Connection from, Join join) {
        if (join.resume() == null) {
            return null;
        }
        if (resumeKeys.verify(join.room(), join.resume(), join.resumeKey())) {
            return join.resume();
        }
        // No key, a wrong one, or one from a server that forgot its secret: a fresh id. Without this check anyone
        // in the room could take a dropped peer's id and receive its partner's offers and candidates.
        joinGate.log(LOG, "Refused to resume peer {} in room {} via {}: {}; assigning a fresh id", join.resume(),
                join.room(),
                from.label(), join.resumeKey() == null ? "no resume key" : "resume key not valid for this id");
        return null;
    }

    private static String encodeWelcome(Welcome welcome) {
        try {
            return ProtocolCodec.encode(welcome);
        } catch (ProtocolException e) {
            // The joiner sent nothing too large: the room's member list no longer fits one message.
            throw new ProtocolException(ProtocolError.ROOM_FULL, "room '" + welcome.room()
                    + "' has too many members to list in one welcome (" + welcome.peers().size() + ")", "join");
        }
    }

    private Runnable relay(Connection from, DirectedMessage message) {
        String type = message.type().wireName();
        if (from.room == null) {
            throw new ProtocolException(ProtocolError.NOT_JOINED, "join a room before sending '" + type + "'", type);
        }
        Connection target = message.room().equals(from.room) ? rooms.find(from.room, message.to()) : null;
        Cluster.Route remote = target == null && message.room().equals(from.room)
                ? cluster.route(from.room, message.to()) : null;
        if (target == null && remote == null) {
            // Same answer whether the peer is elsewhere or nowhere: other rooms stay invisible.
            throw new ProtocolException(ProtocolError.UNKNOWN_PEER,
                    "no peer '" + message.to() + "' in your room '" + from.room + "'", type);
        }
        String sender = from.peerId;
        String room = from.room;
        if (presence.hasPending(room)) {
            presence.flush(room, rooms.members(room)); // the target hears of the sender's join before its offer
        }
        if (target == null) {
            return () -> remote.deliver(ProtocolCodec.encode(message.withFrom(sender)));
        }
        return () -> deliver(target, message, sender, room);
    }

    /**
     * The relay's usual case, without the hub's lock: sender and target are both members of the message's room on
     * this instance, and none of the room's presence changes waits to be sent (the target must hear of the sender's
     * join before its offer). Anything else, including every error, is left to the locked path: {@code false}.
     *
     * <p>Membership is checked in the directory, not trusted from the connection's fields: another thread may be
     * detaching the sender. A relay that passes just before the sender or target leaves is the same as one relayed
     * an instant earlier under the lock.
     */
    private boolean relayWithoutLock(Connection from, DirectedMessage message) {
        String room = from.room;
        String sender = from.peerId;
        if (room == null || sender == null || !room.equals(message.room()) || rooms.find(room, sender) != from
                || presence.hasPending(room)) {
            return false;
        }
        Connection target = rooms.find(room, message.to());
        if (target == null) {
            return false;
        }
        deliver(target, message, sender, room);
        return true;
    }

    private static void deliver(Connection target, DirectedMessage message, String sender, String room) {
        // Re-encoding stamps "from"; a client-supplied one is discarded here. Encoded once; written on this thread
        // (no lock held here), saving a hand-off to the writer executor per relayed message.
        target.sendNow(ProtocolCodec.encode(message.withFrom(sender)));
        if (LOG.isDebugEnabled()) { // four arguments: an array per relayed message even with debug off
            LOG.debug("Relayed {} in room {} from {} to {}", message.type().wireName(), room, sender, message.to());
        }
    }

    private void leaveRoom(Connection connection, String how) {
        String room = connection.room;
        String peerId = connection.peerId;
        rooms.remove(room, peerId);
        cluster.left(room, peerId);
        Map<String, Connection> members = rooms.members(room);
        if (members.isEmpty()) {
            presence.flush(room, null); // nobody left to tell: drops what was pending
        } else {
            presence.left(room, connection, peerId, ProtocolCodec.encode(new PeerLeft(room, peerId)));
        }
        connection.clearMembership();
        joinGate.log(LOG, "Peer {} left room {} ({}; {} peers remain)", peerId, room, how, members.size());
    }

    private List<IceServer> iceServersFor(String peerId) {
        if (turnCredentials == null) {
            return settings.iceServers();
        }
        List<IceServer> servers = new ArrayList<>(settings.iceServers());
        servers.add(turnCredentials.issue(peerId, settings.clock().instant().plus(settings.turnTtl())));
        return servers;
    }

    /** The peer id {@code connection} holds in its room, or {@code null}; for tests. */
    String peerIdOf(Connection connection) {
        synchronized (lock) {
            return connection.peerId;
        }
    }

    private static String newPeerId(Map<String, Connection> members) {
        String id;
        do {
            id = UUID.randomUUID().toString();
        } while (members.containsKey(id));
        return id;
    }
}
