package dev.callwire.server.internal.cluster;

import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster membership and cross-instance relay on one Redis server, through Lettuce.
 *
 * <p>Membership is written by atomic scripts ({@link RedisScripts}) that publish each join and leave on one
 * channel every instance subscribes to; directed messages go to the inbox channel of the instance holding the
 * receiver. All of an instance's writes and publishes share one connection and all its subscriptions another,
 * and Redis delivers in publish order, so a sender's messages (and its own join before them) arrive in the
 * order it sent them. A lease key per instance, refreshed three times per lease, tells the others it is alive;
 * when it expires the first instance to notice removes the dead one's members and the removal publishes their
 * leaves.
 *
 * <p>Lettuce reconnects by itself and resubscribes; while Redis is away, commands are refused at once
 * (not buffered, so nothing stale is replayed later), this instance keeps serving its own peers, and on
 * reconnection it rewrites its members and, one lease later, re-reads everyone's to repair what was missed.
 */
public final class RedisCluster implements Cluster {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    /** A periodic re-read of all membership bounds how long a lost event can leave a ghost or a gap. */
    private static final int RESYNC_EVERY_REFRESHES = 30;

    private final ClusterConfig config;
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Directory directory = new Directory(id);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean redisUp = new AtomicBoolean(true);
    private final AtomicLong dropped = new AtomicLong();
    private final ScheduledThreadPoolExecutor timer;
    /**
     * The lease refresh's own thread: on {@link #timer} it waited behind resyncs and re-registrations, which read
     * and write every member with blocking calls, and at 1,000 joining peers a live instance missed its lease.
     */
    private final ScheduledThreadPoolExecutor leaseTimer;
    private volatile boolean started;
    private RedisClient client;
    private StatefulRedisConnection<String, String> commands;
    /**
     * The lease's own connection: on {@link #commands} a refresh would queue behind every relay published before
     * it, and a burst of relays (the cluster benchmark's saturation) delayed it past the lease, so that the other
     * instances reaped this live one.
     */
    private StatefulRedisConnection<String, String> lease;
    private StatefulRedisPubSubConnection<String, String> events;
    private ClusterInbound inbound;
    private Object lock;
    /** Guarded by {@link #lock}: when the pending resync reads its snapshot, {@code 0} for none. */
    private long resyncAtNanos;
    private int refreshes;

    private RedisCluster(ClusterConfig config) {
        this.config = config;
        this.timer = daemonTimer("callwire-cluster-" + id);
        this.leaseTimer = daemonTimer("callwire-cluster-lease-" + id);
    }

    private static ScheduledThreadPoolExecutor daemonTimer(String name) {
        return new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A cluster member for {@code config}; nothing is connected before {@link #start}. */
    public static RedisCluster create(ClusterConfig config) {
        return new RedisCluster(config);
    }

    /** This instance's id in Redis and in logs. */
    public String instanceId() {
        return id;
    }

    @Override
    public void start(ClusterInbound inbound) {
        this.inbound = inbound;
        this.lock = inbound.lock();
        client = RedisClient.create(RedisURI.create(config.redis().toString()));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Refused at once while disconnected: a relay buffered through an outage would arrive late and
                // out of place, and a membership write is redone by the re-registration anyway.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            events = client.connectPubSub();
            events.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    onEvent(message);
                }
            });
            events.sync().subscribe(RedisScripts.EVENTS, RedisScripts.INBOX_PREFIX + id);
            commands = client.connect();
            lease = client.connect();
            commands.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    onReconnected();
                }

                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    if (started && !closed.get() && redisUp.compareAndSet(true, false)) {
                        LOG.warn("Cluster instance {} lost Redis at {}; serving its own peers only until it is back",
                                id, config.redactedUri());
                    }
                }
            });
            synchronized (lock) {
                directory.beginResync();
            }
            register();
            resync();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot join the cluster at " + config.redactedUri() + ": " + e.getMessage(),
                    e);
        }
        long every = config.refreshInterval().toNanos();
        leaseTimer.scheduleWithFixedDelay(this::refreshLease, every, every, TimeUnit.NANOSECONDS);
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.NANOSECONDS);
        started = true;
        LOG.info("Cluster instance {} joined {} (lease {} ms)", id, config.redactedUri(), config.lease().toMillis());
    }

    @Override
    public List<PeerInfo> remotePeers(String room) {
        return directory.remotePeers(room);
    }

    @Override
    public int remoteCount(String room) {
        return directory.remoteCount(room);
    }

    @Override
    public Route route(String room, String peerId) {
        String instance = directory.instanceOf(room, peerId);
        if (instance == null) {
            return null;
        }
        String inbox = RedisScripts.INBOX_PREFIX + instance;
        return envelope -> publish(inbox, ClusterEvent.encode(new ClusterEvent.Directed(room, peerId, envelope)));
    }

    @Override
    public void joined(String room, String peerId, String name) {
        directory.localJoined(room, peerId, name);
        script(RedisScripts.JOIN, ScriptOutputType.VALUE, id, room, peerId, name == null ? "0" : "1",
                name == null ? "" : name);
    }

    @Override
    public void left(String room, String peerId) {
        if (directory.localLeft(room, peerId)) {
            script(RedisScripts.LEAVE, ScriptOutputType.INTEGER, id, room, peerId);
        }
    }

    /** Relayed messages this instance could not hand to Redis (it was unreachable). */
    public long droppedRelays() {
        return dropped.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        leaseTimer.shutdownNow();
        timer.shutdownNow();
        if (commands != null && commands.isOpen()) {
            try {
                Object removed = commands.sync().eval(RedisScripts.UNREGISTER, ScriptOutputType.INTEGER,
                        new String[0], id);
                LOG.info("Cluster instance {} left; {} of its peers announced gone", id, removed);
            } catch (RuntimeException e) {
                LOG.warn("Cluster instance {} could not unregister ({}); the others remove its peers when its lease "
                        + "expires", id, e.toString());
            }
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private void onEvent(String line) {
        ClusterEvent event;
        try {
            event = ClusterEvent.decode(line);
        } catch (IllegalArgumentException e) {
            LOG.warn("Cluster instance {} ignored a malformed event: {}", id, e.getMessage());
            return;
        }
        synchronized (lock) {
            if (event instanceof ClusterEvent.Directed directed) {
                if (!inbound.deliver(directed.room(), directed.peer(), directed.envelope())) {
                    LOG.debug("Dropped a relayed message for peer {} in room {}: no longer here", directed.peer(),
                            directed.room());
                }
                return;
            }
            Directory.Effect effect = directory.apply(event);
            switch (effect) {
                case ANNOUNCE_JOINED -> {
                    ClusterEvent.Joined joined = (ClusterEvent.Joined) event;
                    inbound.broadcast(joined.room(), ProtocolCodec.encode(
                            new PeerJoined(joined.room(), new PeerInfo(joined.peer(), joined.name()))));
                }
                case ANNOUNCE_LEFT -> {
                    ClusterEvent.Left left = (ClusterEvent.Left) event;
                    inbound.broadcast(left.room(), ProtocolCodec.encode(new PeerLeft(left.room(), left.peer())));
                }
                case DETACH_LOCAL -> {
                    ClusterEvent.Joined joined = (ClusterEvent.Joined) event;
                    LOG.info("Peer {} of room {} resumed on instance {}; detaching its stale connection here",
                            joined.peer(), joined.room(), joined.instance());
                    inbound.detach(joined.room(), joined.peer());
                }
                case NONE -> {
                }
            }
        }
    }

    private void onReconnected() {
        if (!started || closed.get()) {
            return;
        }
        if (redisUp.compareAndSet(false, true)) {
            LOG.info("Cluster instance {} reached Redis again; re-registering its peers", id);
        }
        execute(() -> {
            register();
            scheduleResync();
        });
    }

    /** Every refresh interval, on its own thread: this instance's lease, and the peers of dead instances. */
    private void refreshLease() {
        try {
            Long known = lease.sync().eval(RedisScripts.REFRESH, ScriptOutputType.INTEGER, new String[0], id,
                    Long.toString(config.lease().toMillis()));
            if (known == null || known == 0) {
                LOG.warn("Redis had forgotten cluster instance {} (restarted, or the instance missed its lease); "
                        + "re-registering its peers", id);
                execute(() -> {
                    register();
                    scheduleResync();
                });
            }
            List<Object> reaped = lease.sync().eval(RedisScripts.REAP, ScriptOutputType.MULTI, new String[0], id);
            if (reaped != null && !reaped.isEmpty()) {
                LOG.warn("Cluster instance {} removed the peers of instance(s) {}: their leases expired", id, reaped);
            }
        } catch (RuntimeException e) {
            LOG.debug("Cluster instance {}: Redis not available for the lease refresh: {}", id, e.toString());
        }
    }

    /** Every refresh interval: pending and periodic resyncs. */
    private void tick() {
        try {
            boolean due;
            synchronized (lock) {
                if (++refreshes % RESYNC_EVERY_REFRESHES == 0 && !directory.resyncing()) {
                    directory.beginResync();
                    resyncAtNanos = System.nanoTime();
                }
                due = resyncAtNanos != 0 && System.nanoTime() - resyncAtNanos >= 0;
            }
            if (due) {
                resync();
            }
        } catch (RuntimeException e) {
            LOG.debug("Cluster instance {}: Redis not available for a resync: {}", id, e.toString());
        }
    }

    private void scheduleResync() {
        synchronized (lock) {
            if (!directory.resyncing()) {
                directory.beginResync();
            }
            // One lease later, every live instance has re-registered after the same outage.
            resyncAtNanos = System.nanoTime() + config.lease().toNanos();
        }
    }

    /** Writes this instance's members to Redis as they are now. */
    private void register() {
        List<String> args = new ArrayList<>();
        args.add(id);
        args.add(Long.toString(config.lease().toMillis()));
        Map<String, Map<String, String>> locals;
        synchronized (lock) {
            locals = directory.locals();
        }
        locals.forEach((room, members) -> members.forEach((peer, name) -> {
            args.add(room);
            args.add(peer);
            args.add(name == null ? "0" : "1");
            args.add(name == null ? "" : name);
        }));
        commands.sync().eval(RedisScripts.REGISTER, ScriptOutputType.INTEGER, new String[0], args.toArray(String[]::new));
    }

    /** Reads everyone's membership and tells local peers what changed while events were missed. */
    private void resync() {
        Map<String, Map<String, Directory.Member>> snapshot = readSnapshot();
        synchronized (lock) {
            resyncAtNanos = 0;
            List<Directory.Change> changes = directory.completeResync(snapshot);
            for (Directory.Change change : changes) {
                inbound.broadcast(change.room(), change.joined()
                        ? ProtocolCodec.encode(new PeerJoined(change.room(), new PeerInfo(change.peer(), change.name())))
                        : ProtocolCodec.encode(new PeerLeft(change.room(), change.peer())));
            }
            if (!changes.isEmpty() && started) {
                LOG.info("Cluster instance {} resynchronised membership: {} change(s) missed", id, changes.size());
            }
        }
    }

    private Map<String, Map<String, Directory.Member>> readSnapshot() {
        RedisCommands<String, String> sync = commands.sync();
        Map<String, RedisFuture<Map<String, String>>> reads = new HashMap<>();
        ScanArgs match = ScanArgs.Builder.matches(RedisScripts.ROOM_PREFIX + "*").limit(500);
        KeyScanCursor<String> cursor = sync.scan(ScanCursor.INITIAL, match);
        while (true) {
            for (String key : cursor.getKeys()) {
                reads.put(key.substring(RedisScripts.ROOM_PREFIX.length()), commands.async().hgetall(key));
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = sync.scan(cursor, match);
        }
        Map<String, Map<String, Directory.Member>> snapshot = new HashMap<>();
        for (Map.Entry<String, RedisFuture<Map<String, String>>> read : reads.entrySet()) {
            Map<String, String> hash;
            try {
                hash = read.getValue().get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("reading room " + read.getKey() + " failed", e);
            }
            Map<String, Directory.Member> members = new HashMap<>();
            hash.forEach((peer, value) -> {
                String[] f = value.split("\t", 3);
                if (f.length >= 2) {
                    members.put(peer, new Directory.Member(f[0], Long.parseLong(f[1]), f.length == 3 ? f[2] : null));
                }
            });
            snapshot.put(read.getKey(), members);
        }
        return snapshot;
    }

    private void publish(String channel, String message) {
        try {
            commands.async().publish(channel, message).exceptionally(e -> {
                countDrop(e);
                return null;
            });
        } catch (RuntimeException e) {
            countDrop(e);
        }
    }

    private void script(String script, ScriptOutputType type, String... args) {
        try {
            commands.async().eval(script, type, new String[0], args).exceptionally(e -> {
                // Redone by the re-registration that follows every reconnection.
                LOG.debug("Cluster instance {}: membership write failed: {}", id, e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("Cluster instance {}: membership write refused: {}", id, e.toString());
        }
    }

    private void countDrop(Throwable e) {
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 1000 == 0) {
            LOG.warn("Cluster instance {} dropped {} relayed message(s) for other instances: {}", id, count,
                    e.toString());
        }
    }

    private void execute(Runnable task) {
        try {
            timer.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.debug("Cluster instance {}: re-registration failed, retried at the next refresh: {}", id,
                            e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Cluster instance {} closing; skipped a re-registration", id);
        }
    }
}
