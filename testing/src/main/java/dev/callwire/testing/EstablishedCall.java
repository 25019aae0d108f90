package dev.callwire.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.Room;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A call from a caller to a callee, accepted, with both sides decoding moving video.
 *
 * @param outgoing    the caller's side
 * @param incoming    the callee's side
 * @param callerSees  what the caller renders of the callee
 * @param calleeSees  what the callee renders of the caller
 */
public record EstablishedCall(CallSession outgoing, CallSession incoming, FrameProbe callerSees,
                              FrameProbe calleeSees) {

    /**
     * Calls {@code callee} from {@code caller}, accepts on the callee's side and waits until both decode moving
     * video of the expected size ({@link TestClients#WIDTH} x {@link TestClients#HEIGHT}).
     *
     * @param caller       the calling room
     * @param callee       the called room, in the same room as {@code caller}
     * @param calleeEvents the callee room's listener, which sees the incoming call (not accepting by itself)
     * @return the connected call
     * @throws Exception when a side does not connect in time
     */
    public static EstablishedCall establish(Room caller, Room callee, CallRecorder calleeEvents) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.peer(callee.selfId()).isPresent());
        FrameProbe callerSees = new FrameProbe();
        FrameProbe calleeSees = new FrameProbe();
        int before = calleeEvents.incoming.size();
        CallSession outgoing = TestClients.call(caller, callee.selfId());
        outgoing.remoteVideo().addRenderer(callerSees);
        await().atMost(Duration.ofSeconds(10)).until(() -> calleeEvents.incoming.size() == before + 1);
        CallSession incoming = calleeEvents.incoming.get(before);
        assertThat(incoming.id()).isEqualTo(outgoing.id());
        incoming.remoteVideo().addRenderer(calleeSees);
        incoming.accept();
        outgoing.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        incoming.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(callerSees.changedFrames()).as("caller decodes the callee's moving video").isGreaterThan(10);
            assertThat(calleeSees.changedFrames()).as("callee decodes the caller's moving video").isGreaterThan(10);
        });
        assertThat(callerSees.width()).isEqualTo(TestClients.WIDTH);
        assertThat(calleeSees.height()).isEqualTo(TestClients.HEIGHT);
        return new EstablishedCall(outgoing, incoming, callerSees, calleeSees);
    }
}
