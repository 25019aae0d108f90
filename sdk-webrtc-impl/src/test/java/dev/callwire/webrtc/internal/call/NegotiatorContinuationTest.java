package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the negotiator's steps continue, with an engine executor that only queues (as the real one does): a step
 * libwebrtc completed before its call returned continues at once; one completed later, on another thread, continues
 * through the engine executor.
 */
class NegotiatorContinuationTest {

    private final Deque<Runnable> engine = new ArrayDeque<>();
    private final FakeSdpPort port = new FakeSdpPort();
    private final List<String> events = new ArrayList<>();
    private final Negotiator negotiator = new Negotiator("test-call", engine::addLast,
            NegotiatorFixture.recorder(events));

    @Test
    void stepsCompletedAtOnceDoNotQueueBehindOtherEngineWork() {
        engine.addLast(() -> events.add("other engine work")); // e.g. an early candidate routed meanwhile
        negotiator.onRemoteOffer("offer-a", false);
        negotiator.attach(port);

        negotiator.answerHeldOffer();

        assertThat(port.log).containsExactly("setRemote OFFER offer-a", "createAnswer", "setLocal ANSWER answer-1");
        assertThat(events).containsExactly("remote offer-a", "send answer answer-1", "negotiated");
        assertThat(engine).hasSize(1);
    }

    @Test
    void theCallersOfferAndTheAnswerItGetsAreAppliedAtOnceToo() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");

        assertThat(events).containsExactly("send offer offer-1", "remote their-answer", "negotiated");
        assertThat(engine).isEmpty();
    }

    @Test
    void aStepCompletedLaterContinuesOnTheEngineExecutor() {
        port.hold = true;
        negotiator.attach(port);
        negotiator.makeOffer();

        port.release(); // createOffer completes, as on libwebrtc's signaling thread
        assertThat(port.log).containsExactly("createOffer");
        assertThat(engine).hasSize(1);

        engine.removeFirst().run(); // the engine thread: setLocal, which is held in turn
        port.release();
        assertThat(events).isEmpty();
        engine.removeFirst().run();

        assertThat(events).containsExactly("send offer offer-1");
        assertThat(engine).isEmpty();
    }

    @Test
    void aFailedStepStillReachesTheCallThroughTheEngine() {
        port.failNext = "setRemote";
        negotiator.onRemoteOffer("offer-a", false);
        negotiator.attach(port);

        negotiator.answerHeldOffer();
        assertThat(events).containsExactly("remote offer-a");
        while (!engine.isEmpty()) {
            engine.removeFirst().run();
        }

        assertThat(events).containsExactly("remote offer-a", "failed answering the offer");
        assertThat(port.log).doesNotContain("createAnswer");
    }

    @Test
    void negotiationNeededRaisedBeforeTheFirstExchangeIsDroppedEvenIfItRunsAfterIt() {
        negotiator.onRemoteOffer("offer-a", false);
        negotiator.attach(port);
        Runnable raisedByAddTrack = negotiator.negotiationNeededRaised(); // queued behind the answer's steps

        negotiator.answerHeldOffer();
        raisedByAddTrack.run();

        assertThat(port.log).doesNotContain("createOffer");
        assertThat(events).containsExactly("remote offer-a", "send answer answer-1", "negotiated");
    }

    @Test
    void negotiationNeededRaisedAfterTheFirstExchangeRenegotiates() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
        port.log.clear();

        negotiator.negotiationNeededRaised().run(); // a track added once the call is set up

        assertThat(port.log).containsExactly("createOffer", "setLocal OFFER offer-2");
        assertThat(events).endsWith("send offer offer-2");
    }

    @Test
    void noOfferOfOursStartsWhileAnAnswerWaitsForItsRollback() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
        negotiator.makeOffer(); // a renegotiation of ours (an ICE restart, say): offer-2 is out
        port.log.clear();
        port.hold = true;
        negotiator.onRemoteOffer("their-offer", true); // glare, and we are polite: roll ours back first
        port.hold = false;

        port.release(); // the rollback completes on libwebrtc's thread; the answer continues through the engine
        negotiator.onNegotiationNeeded(); // already queued ahead of it (raised by the rollback, say)
        while (!engine.isEmpty()) {
            engine.removeFirst().run();
        }

        // Before: the offer jumped in between (createOffer, setLocal OFFER offer-3) and libwebrtc refused their offer
        // in have-local-offer, so the polite side never answered (seen with Chromium in BrowserRestartIT).
        assertThat(port.log).containsExactly("rollback", "setRemote OFFER their-offer", "createAnswer",
                "setLocal ANSWER answer-1");
        assertThat(events).endsWith("send answer answer-1");
    }
}
