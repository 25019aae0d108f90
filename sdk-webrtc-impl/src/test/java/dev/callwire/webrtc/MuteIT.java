package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.CallStats;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Muting stops the RTP of that kind at the receiver; unmuting brings it back. */
class MuteIT {

    private final TestClients clients = new TestClients();
    private CallSession aliceCall;
    private CallSession bobCall;

    @BeforeEach
    void connect() throws Exception {
        CallRecorder bobEvents = CallRecorder.accepting();
        Room aliceRoom = TestClients.join(clients.client("alice"), "mute", CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, bobEvents);
        aliceCall = TestClients.call(aliceRoom, bobRoom.selfId());
        aliceCall.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> bobEvents.incoming.size() == 1);
        bobCall = bobEvents.incoming.get(0);
        bobCall.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void videoMuteStopsVideoPacketsAtTheReceiverOnly() {
        ToLongFunction<CallStats> video = s -> s.videoIn().packetsReceived();
        ToLongFunction<CallStats> audio = s -> s.audioIn().packetsReceived();
        awaitFlowing(video);

        aliceCall.setVideoMuted(true);
        assertThat(aliceCall.isVideoMuted()).isTrue();
        awaitStopped(video);
        awaitFlowing(audio); // audio is untouched

        aliceCall.setVideoMuted(false);
        awaitFlowing(video);
    }

    @Test
    void audioMuteStopsAudioPacketsAtTheReceiverOnly() {
        ToLongFunction<CallStats> video = s -> s.videoIn().packetsReceived();
        ToLongFunction<CallStats> audio = s -> s.audioIn().packetsReceived();
        awaitFlowing(audio);

        aliceCall.setAudioMuted(true);
        awaitStopped(audio);
        awaitFlowing(video);

        aliceCall.setAudioMuted(false);
        awaitFlowing(audio);
    }

    private long read(ToLongFunction<CallStats> counter) throws Exception {
        return counter.applyAsLong(bobCall.stats().toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    /** The counter grows by more than a trickle between two polls a second apart. */
    private void awaitFlowing(ToLongFunction<CallStats> counter) {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long now = read(counter);
            long before = last.getAndSet(now);
            return before >= 0 && now - before > 5;
        });
    }

    /** The counter stands still across two polls a second apart (packets in flight have landed). */
    private void awaitStopped(ToLongFunction<CallStats> counter) {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long now = read(counter);
            long before = last.getAndSet(now);
            return before >= 0 && now == before;
        });
    }
}
