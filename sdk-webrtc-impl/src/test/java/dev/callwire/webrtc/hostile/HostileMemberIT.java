package dev.callwire.webrtc.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallTimeouts;
import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.ClientConfig;
import dev.callwire.ClientLimits;
import dev.callwire.ConnectionState;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Offer;
import dev.callwire.server.SignalingServer;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a room, speaking raw protocol on the real signaling server (its rate limit opened wide, as a
 * careless or hostile server would), floods another member with early candidates, over-long candidates, offers
 * and extra members. The target's memory stays bounded and its call with a third member goes on, and a new call
 * between them still connects.
 */
class HostileMemberIT {

    private static final Logger LOG = LoggerFactory.getLogger(HostileMemberIT.class);
    private static final String ROOM = "target";
    /** Before the caps, 64 call ids x 256 candidates of this size stayed on the heap: about 16 MB. */
    private static final int EARLY_CALL_IDS = 60;
    private static final int CANDIDATES_PER_ID = 256;
    private static final int CANDIDATE_CHARS = 950;
    private static final int MAX_PEERS = 4;
    private static final AtomicInteger MARKERS = new AtomicInteger();

    private SignalingServer server;
    private final List<CallClient> clients = new ArrayList<>();
    private final List<HostileMember> hostiles = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = SignalingServer.builder().host("127.0.0.1").port(0).rateLimit(1_000_000, 1_000_000).build();
        server.start();
    }

    @AfterEach
    void stop() {
        hostiles.forEach(HostileMember::close);
        clients.forEach(CallClient::close);
        server.close();
    }

    @Test
    void aFloodFromOneMemberLeavesMemoryBoundedAndTheOtherCallUnaffected() throws Exception {
        URI uri = server.webSocketUri();
        Room alice = TestClients.join(client("alice", ClientLimits.defaults()), ROOM, new RoomListener() { });
        OnlyFrom bobListener = new OnlyFrom(alice.selfId());
        Room bob = TestClients.join(client("bob", ClientLimits.builder().maxPeersPerRoom(MAX_PEERS).build()), ROOM,
                bobListener);
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.peer(bob.selfId()).isPresent());
        CallSession aliceCall = TestClients.call(alice, bob.selfId());
        aliceCall.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        FrameProbe bobSees = new FrameProbe();
        bobListener.accepted.get(0).remoteVideo().addRenderer(bobSees);
        await().atMost(Duration.ofSeconds(10)).until(() -> bobSees.changedFrames() > 5);
        long heapBefore = usedHeapAfterGc();

        HostileMember mallory = hostile(uri, "mallory");
        String bobId = mallory.idOf("bob");
        long flooded = flood(mallory, bobId);
        for (int i = 0; i < MAX_PEERS + 2; i++) {
            hostile(uri, "extra-" + i); // each join is a peer-joined at bob
        }
        awaitBobHandledEverythingFrom(mallory, bobId);

        long growth = usedHeapAfterGc() - heapBefore;
        LOG.info("Heap growth after a flood of {} candidate characters: {} KiB", flooded, growth / 1024);
        assertThat(growth).as("heap growth after %d flooded characters", flooded).isLessThan(4L * 1024 * 1024);
        assertThat(bob.peers()).hasSize(MAX_PEERS).extracting(Peer::id).contains(alice.selfId(), mallory.selfId());
        assertThat(bobListener.others).as("mallory rang one call; her other offers were answered busy").hasSize(1);
        assertThat(mallory.lastBye.reasonOrHangup()).as("the markers were answered busy").isEqualTo(ByeReason.BUSY);
        assertThat(bob.connectionState()).isEqualTo(ConnectionState.CONNECTED);

        assertThat(aliceCall.state()).isEqualTo(CallState.CONNECTED);
        long framesAfterFlood = bobSees.changedFrames();
        await().atMost(Duration.ofSeconds(10)).until(() -> bobSees.changedFrames() > framesAfterFlood + 10);

        aliceCall.hangUp();
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.calls().isEmpty()
                && bob.calls().stream().noneMatch(c -> c.peer().id().equals(alice.selfId())));
        CallSession again = TestClients.call(alice, bob.selfId());
        again.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /**
     * Early candidates under many call ids, over-long ones, and offers under fresh ids; the characters sent. Sent
     * as fast as bob reads: the server disconnects a client with over 512 K characters unsent ("not reading"),
     * which would test the server, not bob, so every 200 KB or so mallory waits for bob's answer to a marker.
     */
    private static long flood(HostileMember mallory, String bobId) throws Exception {
        for (int i = 0; i < 200; i++) {
            mallory.send(new Offer(ROOM, null, bobId, "offer-" + i, "v=0\r\n"));
        }
        awaitBobHandledEverythingFrom(mallory, bobId);
        long chars = 0;
        String padding = "x".repeat(CANDIDATE_CHARS);
        for (int id = 0; id < EARLY_CALL_IDS; id++) {
            for (int n = 0; n < CANDIDATES_PER_ID; n++) {
                String line = "candidate:" + n + " 1 udp 1 10.0.0.1 9 typ host " + padding;
                mallory.send(new Candidate(ROOM, null, bobId, "early-" + id, new IceCandidate(line, "0", 0)));
                chars += line.length();
                if (n % 200 == 199) {
                    awaitBobHandledEverythingFrom(mallory, bobId);
                }
            }
            awaitBobHandledEverythingFrom(mallory, bobId);
        }
        String tooLong = "candidate:1 1 udp 1 10.0.0.1 9 typ host " + "y".repeat(20_000);
        for (int i = 0; i < 100; i++) {
            mallory.send(new Candidate(ROOM, null, bobId, "long-" + i, new IceCandidate(tooLong, "0", 0)));
            chars += tooLong.length();
            if (i % 10 == 9) {
                awaitBobHandledEverythingFrom(mallory, bobId);
            }
        }
        return chars;
    }

    /**
     * Bob handles a member's messages in order, so once he answers a marker offer (busy: mallory already rings
     * one call) he has handled the flood before it. A marker his intake refused gets no answer: send another.
     */
    private static void awaitBobHandledEverythingFrom(HostileMember mallory, String bobId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String marker = "marker-" + MARKERS.incrementAndGet();
            mallory.send(new Offer(ROOM, null, bobId, marker, "v=0\r\n"));
            Bye bye;
            while ((bye = mallory.byes.poll(1, TimeUnit.SECONDS)) != null) {
                if (bye.callId().equals(marker)) {
                    mallory.lastBye = bye;
                    return;
                }
            }
        }
        throw new AssertionError("bob never answered a marker offer within 60 s");
    }

    private HostileMember hostile(URI uri, String name) throws Exception {
        HostileMember member = new HostileMember(uri, ROOM, name);
        hostiles.add(member);
        return member;
    }

    private CallClient client(String name, ClientLimits limits) {
        CallClient client = CallClient.create(ClientConfig.builder(server.webSocketUri())
                .transportPlugin(JdkWebSocketTransport.PROVIDER)
                .displayName(name)
                .headlessAudio(true)
                .limits(limits)
                .timeouts(CallTimeouts.defaults().withRing(Duration.ofMinutes(5))) // mallory's one ringing call must outlast the test
                .media(MediaOptions.builder().video(VideoInput.testPattern()).audio(AudioInput.tone(440))
                        .resolution(TestClients.WIDTH, TestClients.HEIGHT).frameRate(15).build())
                .build());
        clients.add(client);
        return client;
    }

    /**
     * The least heap in use over a few collections. The live call allocates all the while, so a single reading
     * after a collection also counts whatever its threads allocated in between (a new TLAB is a jump); garbage
     * only ever adds, so the minimum is the closest reading of what is retained.
     */
    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** Accepts calls from one peer; lets the others ring. */
    private static final class OnlyFrom implements RoomListener {
        private final String peerId;
        final List<CallSession> accepted = new CopyOnWriteArrayList<>();
        final List<CallSession> others = new CopyOnWriteArrayList<>();

        OnlyFrom(String peerId) {
            this.peerId = peerId;
        }

        @Override
        public void onIncomingCall(Room room, CallSession call) {
            if (call.peer().id().equals(peerId)) {
                accepted.add(call);
                call.accept();
            } else {
                others.add(call);
            }
        }
    }
}
