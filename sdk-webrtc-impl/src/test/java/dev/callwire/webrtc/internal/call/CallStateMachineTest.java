package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.callwire.CallState;
import dev.callwire.EndReason;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class CallStateMachineTest {

    private final CallStateMachine.Observer observer = mock(CallStateMachine.Observer.class);
    private final CallStateMachine machine = new CallStateMachine(observer);

    @Test
    void aCallRingsConnectsDropsRecoversAndEnds() {
        assertThat(machine.moveTo(CallState.CONNECTING)).isTrue();
        assertThat(machine.moveTo(CallState.CONNECTED)).isTrue();
        assertThat(machine.moveTo(CallState.RECONNECTING)).isTrue();
        assertThat(machine.moveTo(CallState.CONNECTED)).isTrue();
        assertThat(machine.end(EndReason.HANGUP)).isTrue();

        InOrder order = inOrder(observer);
        order.verify(observer).onTransition(CallState.RINGING, CallState.CONNECTING, null);
        order.verify(observer).onTransition(CallState.CONNECTING, CallState.CONNECTED, null);
        order.verify(observer).onTransition(CallState.CONNECTED, CallState.RECONNECTING, null);
        order.verify(observer).onTransition(CallState.RECONNECTING, CallState.CONNECTED, null);
        order.verify(observer).onTransition(CallState.CONNECTED, CallState.ENDED, EndReason.HANGUP);
        assertThat(machine.endReason()).isEqualTo(EndReason.HANGUP);
    }

    @Test
    void lateEventsCannotResurrectAnEndedCallOrChangeItsReason() {
        machine.end(EndReason.DECLINED);

        assertThat(machine.moveTo(CallState.CONNECTED)).isFalse();
        assertThat(machine.end(EndReason.FAILED)).isFalse();
        assertThat(machine.endReason()).isEqualTo(EndReason.DECLINED);
        verify(observer).onTransition(CallState.RINGING, CallState.ENDED, EndReason.DECLINED);
        verifyNoMoreInteractions(observer);
    }

    @Test
    void refusesBackwardMovesWithoutNotifying() {
        machine.moveTo(CallState.CONNECTING);

        assertThat(machine.moveTo(CallState.RINGING)).isFalse();
        assertThat(machine.moveTo(CallState.RECONNECTING)).as("nothing to recover before connecting").isFalse();
        assertThat(machine.moveTo(CallState.CONNECTING)).isFalse();
        assertThat(machine.state()).isEqualTo(CallState.CONNECTING);
        verify(observer).onTransition(CallState.RINGING, CallState.CONNECTING, null);
        verifyNoMoreInteractions(observer);
        assertThatThrownBy(() -> machine.moveTo(CallState.ENDED)).isInstanceOf(IllegalArgumentException.class);
    }
}
