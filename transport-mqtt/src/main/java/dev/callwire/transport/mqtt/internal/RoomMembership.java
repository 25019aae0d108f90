package dev.callwire.transport.mqtt.internal;

import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolException;
import dev.callwire.protocol.Welcome;
import java.nio.charset.StandardCharsets;
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
    private Future<?> pendingRepublish;
    private Future<?> pendingSettle;
    private final List<DirectedMessage> heldInbound = new ArrayList<>();

    RoomMembership(Join join, String self, Topics topics, Duration settleWindow, Scheduler scheduler, Port port) {
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

    /** One inbound message on {@code topic}; anything that is not this room's presence or inbox is dropped. */
    void inbound(String topic, byte[] payload) {
        if (left) {
            return;
        }
        Topics.Parsed parsed = topics.parse(topic);
        if (parsed == null) {
            LOG.warn("MQTT {}: dropping a message on topic '{}', which is not one of this room's", context,
                    printable(topic));
        } else if (parsed.presence()) {
            presence(parsed.peerId(), payload);
        } else {
            directed(payload);
        }
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

    private void presence(String peerId, byte[] payload) {
        if (payload.length == 0) {
            cleared(peerId);
            return;
        }
        if (peerId.equals(self)) {
            return;
        }
        Message message = decode(payload, "presence of " + peerId);
        if (message == null) {
            return;
        }
        if (!(message instanceof PeerJoined joined)) {
            LOG.warn("MQTT {}: dropping {} on the presence topic of {}: only peer-joined belongs there", context,
                    message.type().wireName(), peerId);
            return;
        }
        if (!join.room().equals(joined.room()) || !peerId.equals(joined.peerId())) {
            LOG.warn("MQTT {}: dropping presence on the topic of {} that claims peer {} in room {}", context, peerId,
                    joined.peerId(), joined.room());
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
            if (ready && presencePublished && pendingRepublish == null) {
                // A late last will of an earlier connection of ours, or the broker shutting down.
                int gen = generation;
                pendingRepublish = scheduler.schedule(() -> {
                    pendingRepublish = null;
                    if (gen == generation && ready && !left) {
                        LOG.info("MQTT {}: own presence was cleared by someone else, publishing it again", context);
                        publishPresence();
                    }
                }, LEAVE_GRACE);
            }
            return;
        }
        present.remove(peerId);
        if (ready && announced.containsKey(peerId) && !pendingLeaves.containsKey(peerId)) {
            int gen = generation;
            pendingLeaves.put(peerId, scheduler.schedule(() -> confirmLeft(peerId, gen), LEAVE_GRACE));
        }
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

    private void directed(byte[] payload) {
        Message message = decode(payload, "inbox message");
        if (message == null) {
            return;
        }
        if (!(message instanceof DirectedMessage directed)) {
            LOG.warn("MQTT {}: dropping {} in the inbox: only offer, answer, candidate and bye belong there", context,
                    message.type().wireName());
            return;
        }
        if (!join.room().equals(directed.room()) || !self.equals(directed.to()) || directed.from() == null
                || directed.from().equals(self)) {
            LOG.warn("MQTT {}: dropping {} in the inbox with room={}, from={}, to={}", context,
                    directed.type().wireName(), directed.room(), directed.from(), directed.to());
            return;
        }
        if (ready) {
            port.deliver(directed);
        } else if (heldInbound.size() < MAX_HELD_INBOUND) {
            heldInbound.add(directed); // arrived before the welcome; delivered right after it
        } else {
            LOG.warn("MQTT {}: dropping {} that arrived before the room was joined: too many held", context, directed);
        }
    }

    private Message decode(byte[] payload, String what) {
        try {
            return ProtocolCodec.decode(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            LOG.warn("MQTT {}: dropping malformed {} ({} bytes): {}", context, what, payload.length, e.getMessage());
            return null;
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
    }

    private static void cancel(Future<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
