package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each directed message goes, and what an offer means, with plain fake calls. "bob" is this client. */
class SignalRouterTest {

    private static final String ROOM = "lobby";
    private static final String SELF = "bob";

    private final CallRegistry<FakeCall> registry = new CallRegistry<>();
    private final List<FakeCall> rung = new ArrayList<>();
    private final List<Message> sent = new ArrayList<>();
    private final SignalRouter<FakeCall> router = new SignalRouter<>(ROOM, registry, new SignalRouter.Room<>() {
        @Override
        public FakeCall ring(String peerId, String callId, String offerSdp) {
            FakeCall call = new FakeCall(callId, peerId);
            call.received.add("rang with " + offerSdp);
            registry.register(call);
            rung.add(call);
            return call;
        }

        @Override
        public boolean send(Message message) {
            return sent.add(message);
        }
    });

    private static Offer offer(String from, String callId, String sdp) {
        return new Offer(ROOM, from, SELF, callId, sdp);
    }

    private static Candidate candidate(String from, String callId, String name) {
        return new Candidate(ROOM, from, SELF, callId, new IceCandidate("candidate:" + name, "0", 0));
    }

    private FakeCall live(String callId, String peerId) {
        FakeCall call = new FakeCall(callId, peerId);
        registry.register(call);
        return call;
    }

    @Test
    void aNewOfferRingsWithTheCandidatesThatCameFirst() {
        router.route(candidate("alice", "c1", "early"), SELF);
        router.route(offer("alice", "c1", "sdp-1"), SELF);

        assertThat(rung).hasSize(1);
        assertThat(rung.get(0).peerId()).isEqualTo("alice");
        assertThat(rung.get(0).received).containsExactly("rang with sdp-1", "candidate candidate:early");
    }

    @Test
    void anOfferInsideALiveCallIsARenegotiation() {
        FakeCall call = live("c1", "alice");
        router.route(offer("alice", "c1", "sdp-2"), SELF);

        assertThat(call.received).containsExactly("offer sdp-2");
        assertThat(rung).isEmpty();
    }

    @Test
    void collidingOffersRollBackOnlyOnThePoliteSide() {
        FakeCall withCarol = live("c1", "carol"); // "bob" < "carol": bob is polite
        withCarol.makingOffer = true;
        router.route(offer("carol", "c1", "theirs"), SELF);
        assertThat(withCarol.received).containsExactly("rollback+offer theirs");

        FakeCall withAlice = live("c2", "alice"); // "bob" > "alice": bob is impolite and ignores theirs
        withAlice.makingOffer = true;
        router.route(offer("alice", "c2", "theirs"), SELF);
        assertThat(withAlice.received).isEmpty();
    }

    @Test
    void whenBothCallAtOnceThePoliteSideAdoptsTheirCall() {
        FakeCall ours = live("ours", "carol");
        ours.unansweredOutgoing = true;

        router.route(offer("carol", "theirs", "their-sdp"), SELF);

        assertThat(ours.received).containsExactly("adopt theirs their-sdp");
        assertThat(rung).isEmpty();
    }

    @Test
    void whenBothCallAtOnceTheImpoliteSideIgnoresTheirsAndDropsItsCandidates() {
        FakeCall ours = live("ours", "alice");
        ours.unansweredOutgoing = true;

        router.route(offer("alice", "theirs", "their-sdp"), SELF);
        router.route(candidate("alice", "theirs", "x"), SELF);

        assertThat(ours.received).isEmpty();
        assertThat(registry.isEnded("theirs")).isTrue();
        assertThat(registry.earlyCallCount()).isZero();
    }

    @Test
    void aSecondCallFromAPeerAlreadyInACallIsAnsweredBusy() {
        live("c1", "alice");

        router.route(offer("alice", "c2", "again"), SELF);

        assertThat(sent).containsExactly(new Bye(ROOM, null, "alice", "c2", ByeReason.BUSY));
        assertThat(registry.isEnded("c2")).isTrue();
    }

    @Test
    void messagesOfEndedCallsAreDropped() {
        router.route(new Bye(ROOM, "alice", SELF, "c1", ByeReason.HANGUP), SELF); // bye before its offer
        router.route(offer("alice", "c1", "late"), SELF);
        router.route(new Answer(ROOM, "alice", SELF, "c1", "late"), SELF);

        assertThat(rung).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void aPeerOutsideTheCallCannotTouchIt() {
        FakeCall call = live("c1", "alice");

        router.route(new Answer(ROOM, "mallory", SELF, "c1", "forged"), SELF);
        router.route(new Bye(ROOM, "mallory", SELF, "c1", ByeReason.HANGUP), SELF);
        router.route(offer("mallory", "c1", "forged"), SELF);

        assertThat(call.received).isEmpty();
    }

    @Test
    void messagesForAnotherClientWithoutSenderOrBeforeWelcomeAreDropped() {
        FakeCall call = live("c1", "alice");

        router.route(new Answer(ROOM, "alice", "someone-else", "c1", "x"), SELF);
        router.route(new Answer(ROOM, null, SELF, "c1", "x"), SELF);
        router.route(new Answer(ROOM, "alice", SELF, "c1", "x"), null);

        assertThat(call.received).isEmpty();
    }

    @Test
    void answersCandidatesAndByeReachTheirCall() {
        FakeCall call = live("c1", "alice");

        router.route(new Answer(ROOM, "alice", SELF, "c1", "their-answer"), SELF);
        router.route(candidate("alice", "c1", "1"), SELF);
        router.route(new Candidate(ROOM, "alice", SELF, "c1", null), SELF);
        router.route(new Bye(ROOM, "alice", SELF, "c1", ByeReason.DECLINED), SELF);

        assertThat(call.received).containsExactly("answer their-answer", "candidate candidate:1", "end-of-candidates",
                "bye declined");
    }
}
