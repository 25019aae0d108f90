package dev.callwire.transport.mqtt.internal;

import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.Welcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling server's room, played locally from what the broker delivers: retained presence becomes the
 * {@code welcome} list, later presence {@code peer-joined}, a cleared presence {@code peer-left} (after a
 * grace period), and directed messages that arrive before the welcome are held until it. Knows nothing of
 * MQTT clients or threads: the transport feeds it topics and payloads and it answers through its {@link Port}.
 *
 * <p>Not thread-safe: every method, and every task it gives the {@link Scheduler}, runs on the transport's
 * loop.
 */
final class RoomMembership {

    private static final Logger LOG = LoggerFactory.getLogger(RoomMembership.class);

    /**
     * How long a cleared presence waits before it is reported as {@code peer-left}. A broker that shuts down
     * publishes every client's last will just before it closes the connections; if this client's own connection
     * drops within this time, the clearing was the broker going away, not the peer, and is not reported (the
     * welcome after the reconnect settles who is still there).
     */
    static final Duration LEAVE_GRACE = Duration.ofMillis(500);
    /** The shortest time between two republishes of this peer's own presence after others cleared it. */
    static final Duration REPUBLISH_COOLDOWN = Duration.ofMillis(100);
    /** Directed messages that arrive during the settle window, before the welcome was delivered. */
    static final int MAX_HELD_INBOUND = 512;

    /** What the room asks of the transport. Called on the loop. */
    interface Port {
        /** Hands a message to the transport's listener. */
        void deliver(Message message);

        /** Publishes this peer's presence, retained, on its presence topic. */
        void publishPresence(PeerJoined presence);

        /** Clears this peer's retained presence, if the connection is up. */
        void clearPresence();

        /** The welcome (and what was held for it) was delivered: the room is joined on this connection. */
        void welcomed(int peers);
    }

    private final String self;
    private final Topics topics;
    private final InboundGate gate;
    private final Duration settleWindow;
    private final Scheduler scheduler;
    private final Port port;
    private final String context;

    private Join join;
    /** Counts connections; a timer of an earlier one does nothing. */
    private int generation;
    /** Welcomed on the current connection: presence changes are reported as they come. */
    private boolean ready;
    private boolean left;
    private boolean presencePublished;
    /** Peers whose presence is retained on the broker now. */
    private final Map<String, PeerInfo> present = new LinkedHashMap<>();
    /** Peers the listener was told about (welcome, peer-joined) and not told have left. */
    private final Map<String, PeerInfo> announced = new LinkedHashMap<>();
    private final Map<String, Future<?>> pendingLeaves = new HashMap<>();
    /** The cooldown after a republish of our own presence; further clears meanwhile set {@link #republishOwed}. */
    private Future<?> pendingRepublish;
    private boolean republishOwed;
    private int republishes;
    private Future<?> pendingSettle;
    private final List<DirectedMessage> heldInbound = new ArrayList<>();

    /** Without a room key: the broker's ACLs, if any, are what keeps forgers out. */
    RoomMembership(Join join, String self, Topics topics, Duration settleWindow, Scheduler scheduler, Port port) {
        this(join, self, topics, settleWindow, scheduler, port, new InboundGate(topics, null));
    }

    RoomMembership(Join join, String self, Topics topics, Duration settleWindow, Scheduler scheduler, Port port,
                   InboundGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.join = Objects.requireNonNull(join, "join");
        this.self = Objects.requireNonNull(self, "self");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.settleWindow = Objects.requireNonNull(settleWindow, "settleWindow");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.port = Objects.requireNonNull(port, "port");
        this.context = "room=" + join.room() + " peer=" + self;
    }

    /** A {@code join} repeated on a joined room: the name may have changed, so presence and welcome are redone. */
    void joinedAgain(Join again) {
        if (left) {
            return;
        }
        join = again;
        if (ready) {
            publishPresence();
            deliverWelcome();
        }
    }

    /** A new connection is up: what the last one saw is stale, the broker sends the retained presence again. */
    void connected() {
        present.clear();
        heldInbound.clear();
    }

    /** Subscribed: retained presence follows the SUBACK, so it gets the settle window to arrive. */
    void subscribed() {
        if (left) {
            return;
        }
        cancel(pendingSettle);
        int gen = generation;
        pendingSettle = scheduler.schedule(() -> settled(gen), settleWindow);
    }

    /** The connection dropped: nothing is reported until the welcome of the next one. */
    void disconnected() {
        generation++;
        ready = false;
        cancelTimers();
    }

    /** Leaves the room: clears this peer's presence and forgets everyone. Later input is ignored. */
    void leave() {
        if (left) {
            return;
        }
        close(true);
        present.clear();
        announced.clear();
        heldInbound.clear();
    }

    /** The transport is closing: stops every timer; {@code graceful} also clears this peer's presence. */
    void close(boolean graceful) {
        left = true;
        disconnected();
        if (graceful && presencePublished) {
            port.clearPresence(); // a DISCONNECT suppresses the last will, so say it ourselves
        }
        presencePublished = false;
    }

    boolean hasLeft() {
        return left;
    }

    boolean isReady() {
        return ready;
    }

    /** One inbound message on {@code topic}; the {@link InboundGate} drops what does not belong to this room. */
    void inbound(String topic, byte[] payload) {
        if (left) {
            return;
        }
        InboundGate.Verdict verdict = gate.check(topic, payload);
        if (verdict instanceof InboundGate.Present p) {
            presence(p.joined());
        } else if (verdict instanceof InboundGate.Cleared c) {
            cleared(c.peerId());
        } else if (verdict instanceof InboundGate.Directed d) {
            directed(d.message());
        } // else dropped: logged and counted by the gate
    }

    private void settled(int gen) {
        pendingSettle = null;
        if (gen != generation || left) {
            return;
        }
        publishPresence();
        ready = true;
        LOG.debug("MQTT {}: {} peer(s) present: {}", context, present.size(), present.keySet());
        deliverWelcome();
        List<DirectedMessage> held = new ArrayList<>(heldInbound);
        heldInbound.clear();
        held.forEach(port::deliver);
        port.welcomed(present.size());
    }

    private void deliverWelcome() {
        cancelLeaves();
        announced.clear();
        announced.putAll(present);
        port.deliver(new Welcome(join.room(), self, List.copyOf(present.values()), List.of()));
    }

    private void publishPresence() {
        port.publishPresence(new PeerJoined(join.room(), new PeerInfo(self, join.name())));
        presencePublished = true;
    }

    private void presence(PeerJoined joined) {
        String peerId = joined.peerId();
        if (peerId.equals(self)) {
            return;
        }
        present.put(peerId, joined.peer());
        cancel(pendingLeaves.remove(peerId)); // back within the grace period: never reported as gone
        if (ready && !joined.peer().equals(announced.get(peerId))) {
            announced.put(peerId, joined.peer());
            port.deliver(joined);
        }
    }

    /** An empty retained presence: a goodbye, a last will, or the broker shutting down. */
    private void cleared(String peerId) {
        if (peerId.equals(self)) {
            if (ready && presencePublished) {
                ownPresenceCleared();
            }
            return;
        }
        present.remove(peerId);
        if (ready && announced.containsKey(peerId) && !pendingLeaves.containsKey(peerId)) {
            int gen = generation;
            pendingLeaves.put(peerId, scheduler.schedule(() -> confirmLeft(peerId, gen), LEAVE_GRACE));
        }
    }

    /**
     * Someone emptied this peer's retained presence while it is here: a late last will of an earlier connection
     * of ours, or anyone who may publish there (on a broker without ACLs, anyone at all; an empty payload cannot
     * carry a room key's mac). Publishing it again at once heals it well within the others' {@link #LEAVE_GRACE},
     * so they never report this peer as gone; a flood of clears gets at most one republish per
     * {@link #REPUBLISH_COOLDOWN}.
     */
    private void ownPresenceCleared() {
        if (pendingRepublish != null) {
            republishOwed = true;
            return;
        }
        if (republishes++ == 0) {
            LOG.info("MQTT {}: own presence was cleared by someone else, publishing it again", context);
        } else {
            LOG.debug("MQTT {}: own presence cleared again ({} times), publishing it again", context, republishes);
        }
        publishPresence();
        int gen = generation;
        pendingRepublish = scheduler.schedule(() -> {
            pendingRepublish = null;
            if (republishOwed && gen == generation && ready && !left) {
                republishOwed = false;
                ownPresenceCleared();
            }
        }, REPUBLISH_COOLDOWN);
    }

    private void confirmLeft(String peerId, int gen) {
        pendingLeaves.remove(peerId);
        if (gen != generation || !ready || left || present.containsKey(peerId)) {
            return;
        }
        if (announced.remove(peerId) != null) {
            port.deliver(new PeerLeft(join.room(), peerId));
        }
    }

    private void directed(DirectedMessage directed) {
        if (ready) {
            port.deliver(directed);
        } else if (heldInbound.size() < MAX_HELD_INBOUND) {
            heldInbound.add(directed); // arrived before the welcome; delivered right after it
        } else {
            LOG.warn("MQTT {}: dropping {} that arrived before the room was joined: too many held", context, directed);
        }
    }

    private void cancelTimers() {
        cancelLeaves();
        cancel(pendingSettle);
        pendingSettle = null;
    }

    private void cancelLeaves() {
        pendingLeaves.values().forEach(RoomMembership::cancel);
        pendingLeaves.clear();
        cancel(pendingRepublish);
        pendingRepublish = null;
        republishOwed = false;
    }

    private static void cancel(Future<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
