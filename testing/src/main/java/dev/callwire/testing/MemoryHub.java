package dev.callwire.testing;

import dev.callwire.IceServer;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.ProtocolException;
import dev.callwire.protocol.Welcome;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process signaling server for tests, reached through the {@code mem:NAME} scheme. It keeps rooms,
 * assigns peer ids, stamps {@code from}, relays directed messages, and answers bad input with the
 * protocol's error codes, all on one delivery thread so ordering is that of a single server connection.
 * Every message crosses as JSON through {@link ProtocolCodec}, as on a real wire.
 *
 * <p>Hooks let tests bend the network: {@link #pause()}/{@link #resume()} hold every delivery, and
 * {@link #holdOffersUntilEndOfCandidates} delivers a call's candidates before its offer.
 */
public final class MemoryHub implements AutoCloseable {

    private static final Map<String, MemoryHub> HUBS = new ConcurrentHashMap<>();
    private static final AtomicInteger HUB_NUMBERS = new AtomicInteger();

    private final String name;
    private final ExecutorService thread;
    private final AtomicInteger peerNumbers = new AtomicInteger();
    private final Map<String, Map<String, MemoryTransport>> rooms = new LinkedHashMap<>();
    private final Map<MemoryTransport, Member> members = new LinkedHashMap<>();
    private final List<Runnable> paused = new ArrayList<>();
    private final Map<String, Offer> heldOffers = new LinkedHashMap<>();
    private final Map<String, Integer> candidatesBeforeOffer = new ConcurrentHashMap<>();
    private final List<String> relayed = new CopyOnWriteArrayList<>();
    private boolean pausedDelivery;
    private volatile java.util.function.Function<String, List<IceServer>> iceServersFor = id -> List.of();
    private volatile boolean holdOffers;

    private record Member(String room, String id) {
    }

    private MemoryHub(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mem-hub-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A new hub with a unique name. */
    public static MemoryHub create() {
        MemoryHub hub = new MemoryHub("hub" + HUB_NUMBERS.incrementAndGet());
        HUBS.put(hub.name, hub);
        return hub;
    }

    static MemoryHub named(String name) {
        MemoryHub hub = HUBS.get(name);
        if (hub == null) {
            throw new IllegalArgumentException("no memory hub named '" + name + "'; make one with MemoryHub.create()");
        }
        return hub;
    }

    /** The signaling URI clients use to reach this hub. */
    public URI uri() {
        return URI.create("mem:" + name);
    }

    /** From now on, holds every delivery until {@link #resume()}. */
    public void pause() {
        onHub(() -> pausedDelivery = true);
    }

    /** Delivers what was held, in order, and stops holding. */
    public void resume() {
        onHub(() -> {
            pausedDelivery = false;
            List<Runnable> held = new ArrayList<>(paused);
            paused.clear();
            held.forEach(Runnable::run);
        });
    }

    /** ICE servers to hand each joiner in {@code welcome}, computed from its peer id (e.g. TURN REST credentials). */
    public void iceServersInWelcome(java.util.function.Function<String, List<IceServer>> servers) {
        this.iceServersFor = servers;
    }

    /** Holds each offer until the caller's end-of-candidates passed, so every candidate arrives first. */
    public void holdOffersUntilEndOfCandidates(boolean hold) {
        holdOffers = hold;
    }

    /** How many candidates of a call reached the callee before its offer did. */
    public int candidatesDeliveredBeforeOffer(String callId) {
        return candidatesBeforeOffer.getOrDefault(callId, 0);
    }

    /** Relayed directed messages as {@code "type call"} strings, in relay order. */
    public List<String> relayed() {
        return List.copyOf(relayed);
    }

    /** Drops a peer's connection on the server side, without a goodbye: the others see it leave. */
    public void dropConnection(String peerId) {
        onHub(() -> members.entrySet().stream().filter(e -> e.getValue().id().equals(peerId)).findFirst()
                .ifPresent(e -> leave(e.getKey())));
    }

    void connect(MemoryTransport transport) {
        onHub(() -> transport.connected());
    }

    void receive(MemoryTransport sender, String json) {
        onHub(() -> handle(sender, json));
    }

    void disconnect(MemoryTransport transport) {
        onHub(() -> leave(transport));
    }

    private void onHub(Runnable task) {
        thread.execute(task);
    }

    private void handle(MemoryTransport sender, String json) {
        Message message;
        try {
            message = ProtocolCodec.decode(json);
        } catch (ProtocolException e) {
            deliver(sender, e.toErrorMessage(null));
            return;
        }
        Member member = members.get(sender);
        if (message instanceof Join join) {
            leave(sender);
            String id = "p" + peerNumbers.incrementAndGet();
            Map<String, MemoryTransport> room = rooms.computeIfAbsent(join.room(), r -> new LinkedHashMap<>());
            List<PeerInfo> present = new ArrayList<>();
            room.forEach((peerId, t) -> present.add(new PeerInfo(peerId, t.displayName())));
            sender.displayName(join.name());
            room.put(id, sender);
            members.put(sender, new Member(join.room(), id));
            deliver(sender, new Welcome(join.room(), id, present, iceServersFor.apply(id)));
            room.forEach((peerId, t) -> {
                if (t != sender) {
                    deliver(t, new PeerJoined(join.room(), new PeerInfo(id, join.name())));
                }
            });
            return;
        }
        if (member == null || !member.room().equals(message.room())) {
            deliver(sender, new ErrorMessage(message.room(), ProtocolError.NOT_JOINED, "join the room first",
                    message.type().wireName()));
            return;
        }
        if (message instanceof Leave) {
            leave(sender);
        } else if (message instanceof DirectedMessage directed) {
            MemoryTransport target = rooms.get(member.room()).get(directed.to());
            if (target == null) {
                deliver(sender, new ErrorMessage(member.room(), ProtocolError.UNKNOWN_PEER, "no such peer",
                        directed.type().wireName()));
                return;
            }
            relay(target, directed.withFrom(member.id()));
        } else {
            deliver(sender, new ErrorMessage(member.room(), ProtocolError.BAD_MESSAGE, "not a client message",
                    message.type().wireName()));
        }
    }

    private void relay(MemoryTransport target, DirectedMessage message) {
        String callId = message.callId();
        if (holdOffers && message instanceof Offer offer) {
            heldOffers.put(callId, offer);
            return;
        }
        relayed.add(message.type().wireName() + " " + callId);
        deliver(target, message);
        if (message instanceof Candidate candidate && heldOffers.containsKey(callId)) {
            if (candidate.isEndOfCandidates()) {
                Offer offer = heldOffers.remove(callId);
                relayed.add("offer " + callId);
                deliver(target, offer);
            } else {
                candidatesBeforeOffer.merge(callId, 1, Integer::sum);
            }
        }
    }

    private void leave(MemoryTransport transport) {
        Member member = members.remove(transport);
        if (member == null) {
            return;
        }
        Map<String, MemoryTransport> room = rooms.get(member.room());
        room.remove(member.id());
        room.values().forEach(t -> deliver(t, new PeerLeft(member.room(), member.id())));
    }

    private void deliver(MemoryTransport target, Message message) {
        String json = ProtocolCodec.encode(message);
        if (pausedDelivery) {
            paused.add(() -> target.deliver(json));
        } else {
            target.deliver(json);
        }
    }

    @Override
    public void close() {
        HUBS.remove(name);
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
