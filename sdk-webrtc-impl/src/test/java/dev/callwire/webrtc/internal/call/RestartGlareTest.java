package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.IceRestartPolicy;
import dev.callwire.webrtc.internal.call.IceRestartPlanner.Action;
import dev.callwire.webrtc.internal.call.SdpPort.SignalingState;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both sides of a call restarting ICE at once, with a message of the exchange lost: two {@link Negotiator}s on fake
 * peer connections, each with its {@link IceRestartPlanner}, joined by a signaling channel that can drop a message,
 * and the protocol's offer rule ({@link OfferDecision}, the lower id polite). Time is the test's milliseconds.
 */
class RestartGlareTest {

    private static final long ANSWER_TIMEOUT = 2_000;

    private final Deque<Runnable> wire = new ArrayDeque<>();
    private final Side polite = new Side("alice");
    private final Side impolite = new Side("bob");
    private Predicate<String> lose = m -> false;
    private long now;

    @BeforeEach
    void callIsUp() {
        polite.peer = impolite;
        impolite.peer = polite;
        impolite.negotiator.makeOffer(); // bob called alice
        deliverAll();
        assertThat(polite.port.state).isEqualTo(SignalingState.STABLE);
        assertThat(impolite.port.state).isEqualTo(SignalingState.STABLE);
    }

    @Test
    void whenTheImpoliteOfferIsLostBothRetryAfterTheAnswerTimeoutAndPerfectNegotiationSettlesIt() {
        lose = m -> m.equals("bob offer offer-2"); // bob's first restart offer
        bothFail();
        deliverAll(); // alice's offer reaches bob, who ignores it: his own is out

        assertThat(polite.planner.isAwaitingAnswer()).isTrue();
        assertThat(impolite.planner.isAwaitingAnswer()).isTrue();
        assertThat(polite.planner.deadline()).isEqualTo(ANSWER_TIMEOUT); // not the attempt's 5 s wait
        assertThat(impolite.planner.deadline()).isEqualTo(ANSWER_TIMEOUT);

        now = ANSWER_TIMEOUT;
        assertThat(polite.onDeadline()).isEqualTo(Action.RESTART);
        assertThat(impolite.onDeadline()).isEqualTo(Action.RESTART);
        deliverAll();

        assertExchangeSettled();
        assertThat(polite.port.log).contains("rollback"); // alice gave way to bob's second offer
        assertThat(polite.planner.totalRestarts()).isEqualTo(2);
        assertThat(impolite.planner.totalRestarts()).isEqualTo(2);
        assertThat(polite.planner.deadline()).isEqualTo(ANSWER_TIMEOUT + 10_000); // now the media's turn
    }

    @Test
    void whenThePoliteOfferIsLostTheImpoliteOneCompletesBothAttempts() {
        lose = m -> m.startsWith("alice offer");
        bothFail();
        deliverAll();

        assertExchangeSettled();
        now = ANSWER_TIMEOUT;
        assertThat(polite.onDeadline()).isEqualTo(Action.NONE); // alice's answer to bob's offer was her exchange
        assertThat(impolite.onDeadline()).isEqualTo(Action.NONE);
        assertThat(polite.planner.totalRestarts()).isEqualTo(1);
        assertThat(impolite.planner.totalRestarts()).isEqualTo(1);
    }

    @Test
    void whenThePoliteAnswerIsLostOnlyTheImpoliteSideRetries() {
        lose = m -> m.startsWith("alice answer");
        bothFail();
        deliverAll();

        assertThat(polite.planner.isAwaitingAnswer()).isFalse(); // she answered
        assertThat(impolite.planner.isAwaitingAnswer()).isTrue();
        now = ANSWER_TIMEOUT;
        lose = m -> false;
        assertThat(polite.onDeadline()).isEqualTo(Action.NONE);
        assertThat(impolite.onDeadline()).isEqualTo(Action.RESTART);
        deliverAll();

        assertExchangeSettled();
        assertThat(polite.planner.totalRestarts()).isEqualTo(1);
        assertThat(impolite.planner.totalRestarts()).isEqualTo(2);
    }

    @Test
    void whenOnlyOneSideRestartsAndItsOfferIsLostItRetriesWithinTheAnswerTimeout() {
        lose = m -> m.equals("bob offer offer-2");
        impolite.act(impolite.planner.onTrigger(now)); // bob's network changed; alice saw nothing yet
        deliverAll();

        now = ANSWER_TIMEOUT;
        assertThat(impolite.onDeadline()).isEqualTo(Action.RESTART);
        deliverAll();

        assertExchangeSettled();
        assertThat(polite.planner.totalRestarts()).isZero(); // she answered without restarting herself
    }

    private void bothFail() {
        polite.act(polite.planner.onFailed(now));
        impolite.act(impolite.planner.onFailed(now));
    }

    private void assertExchangeSettled() {
        assertThat(polite.port.state).isEqualTo(SignalingState.STABLE);
        assertThat(impolite.port.state).isEqualTo(SignalingState.STABLE);
        assertThat(polite.planner.isAwaitingAnswer()).isFalse();
        assertThat(impolite.planner.isAwaitingAnswer()).isFalse();
    }

    private void deliverAll() {
        while (!wire.isEmpty()) {
            wire.removeFirst().run();
        }
    }

    /** One peer: its negotiator, fake peer connection and planner; what it sends goes on the shared wire. */
    private final class Side implements Negotiator.Events {
        final String id;
        final FakeSdpPort port = new FakeSdpPort();
        final IceRestartPlanner planner = new IceRestartPlanner(IceRestartPolicy.defaults(), ANSWER_TIMEOUT);
        final Negotiator negotiator;
        Side peer;

        Side(String id) {
            this.id = id;
            this.negotiator = new Negotiator(id, Runnable::run, this);
            negotiator.attach(port);
        }

        Action onDeadline() {
            Action action = planner.onDeadline(now, false);
            act(action);
            return action;
        }

        void act(Action action) {
            if (action == Action.RESTART) {
                negotiator.restartIce();
            }
        }

        /** What the receiving side's router does with an offer inside a live call. */
        void receiveOffer(String sdp) {
            boolean isPolite = OfferDecision.isPolite(id, peer.id);
            switch (OfferDecision.decide(true, false, false, false, negotiator.isMakingOffer(),
                    negotiator.isStable(), isPolite)) {
                case ANSWER -> negotiator.onRemoteOffer(sdp, false);
                case ROLLBACK_AND_ANSWER -> negotiator.onRemoteOffer(sdp, true);
                case IGNORE -> {
                }
                default -> throw new AssertionError("unexpected decision for a restart offer");
            }
        }

        @Override
        public void sendOffer(String sdp) {
            planner.onOfferSent(now);
            send(id + " offer " + sdp, () -> peer.receiveOffer(sdp));
        }

        @Override
        public void sendAnswer(String sdp) {
            send(id + " answer " + sdp, () -> peer.negotiator.onRemoteAnswer(sdp));
        }

        private void send(String what, Runnable delivery) {
            if (!lose.test(what)) {
                wire.addLast(delivery);
            }
        }

        @Override
        public void exchangeCompleted() {
            planner.onExchangeCompleted();
        }

        @Override
        public void remoteDescription(String sdp) {
        }

        @Override
        public void negotiated() {
        }

        @Override
        public void failed(String what, Throwable cause) {
            throw new AssertionError(id + " failed while " + what, cause);
        }
    }
}
