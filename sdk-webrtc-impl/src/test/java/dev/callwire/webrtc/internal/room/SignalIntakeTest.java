package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.ClientLimits;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Message;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The door to the engine: bounded by the room's waiting messages and by the listener's backlog. */
class SignalIntakeTest {

    private static final Message CANDIDATE = new Candidate("lobby", "mallory", "bob", "c1",
            new IceCandidate("candidate:1", "0", 0));

    private final AtomicInteger eventBacklog = new AtomicInteger();
    private final SignalIntake intake = new SignalIntake("lobby",
            ClientLimits.builder().maxQueuedSignals(3).maxQueuedEvents(10).build(), eventBacklog::get);

    @Test
    void refusesBeyondTheWaitingMessagesAndAdmitsAgainOnceTheEngineTookSome() {
        for (int i = 0; i < 3; i++) {
            assertThat(intake.admit(CANDIDATE)).isTrue();
        }
        assertThat(intake.admit(CANDIDATE)).isFalse();
        assertThat(intake.waiting()).isEqualTo(3);

        intake.taken();
        assertThat(intake.admit(CANDIDATE)).isTrue();
        assertThat(intake.waiting()).isEqualTo(3);
    }

    @Test
    void refusesWhileHalfTheEventQueueIsInUse() {
        eventBacklog.set(5);
        assertThat(intake.admit(CANDIDATE)).isFalse();
        assertThat(intake.waiting()).isZero();

        eventBacklog.set(4);
        assertThat(intake.admit(CANDIDATE)).isTrue();
    }
}
