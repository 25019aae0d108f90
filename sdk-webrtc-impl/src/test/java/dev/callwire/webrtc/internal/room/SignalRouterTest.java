package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.ClientLimits;
import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where each directed message goes, and what an offer means, with plain fake calls. "bob" is this client. */
class SignalRouterTest {

    private static final String ROOM = "lobby";
    private static final String SELF = "bob";

    private static final ClientLimits LIMITS = ClientLimits.builder().maxCandidateLength(64).maxRingingCalls(2)
            .build();

    private final CallRegistry<FakeCall> registry = new CallRegistry<>(ROOM, LIMITS);
    private final List<FakeCall> rung = new ArrayList<>();
    private final List<Message> sent = new ArrayList<>();
    private final Set<String> members = new HashSet<>(Set.of("alice", "carol", "dave", "mallory"));
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

        @Override
        public boolean isMember(String peerId) {
            return members.contains(peerId);
        }

        @Override
        public int ringingCalls() {
            return rung.size(); // none of them is answered in these tests
        }
    }, LIMITS);

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

    @Test
    void candidatesLongerThanTheCapNeverReachACallNorTheEarlyBuffer() {
        FakeCall call = live("c1", "alice");
        String longLine = "candidate:" + "x".repeat(60); // 70 + sdpMid "0" > 64

        router.route(new Candidate(ROOM, "alice", SELF, "c1", new IceCandidate(longLine, "0", 0)), SELF);
        router.route(new Candidate(ROOM, "alice", SELF, "c2", new IceCandidate(longLine, "0", 0)), SELF);
        router.route(new Candidate(ROOM, "alice", SELF, "c1", new IceCandidate("candidate:" + "x".repeat(53), "0", 0)),
                SELF); // exactly 64: kept

        assertThat(call.received).hasSize(1);
        assertThat(registry.early().count()).isZero();
    }

    @Test
    void aStrangersOfferIsRefusedWithoutReplyAndItsCandidatesAreNotKept() {
        router.route(candidate("stranger", "s1", "early"), SELF);
        router.route(offer("stranger", "s1", "sdp"), SELF);
        router.route(candidate("stranger", "s1", "late"), SELF);

        assertThat(rung).isEmpty();
        assertThat(sent).as("the protocol has no reply to a stranger").isEmpty();
        assertThat(registry.isEnded("s1")).isTrue();
        assertThat(registry.early().count()).isZero();
    }

    @Test
    void aMemberWhoLeftCanStillRenegotiateItsLiveCall() {
        FakeCall call = live("c1", "alice");
        members.remove("alice"); // within the peer-left grace the call goes on

        router.route(offer("alice", "c1", "ice-restart"), SELF);

        assertThat(call.received).containsExactly("offer ice-restart");
    }

    @Test
    void offersBeyondTheRingingCapAreAnsweredBusy() {
        router.route(offer("alice", "a1", "sdp"), SELF);
        router.route(offer("carol", "c1", "sdp"), SELF);
        router.route(candidate("dave", "d1", "early"), SELF);
        router.route(offer("dave", "d1", "sdp"), SELF);

        assertThat(rung).extracting(FakeCall::peerId).containsExactly("alice", "carol");
        assertThat(sent).containsExactly(new Bye(ROOM, null, "dave", "d1", ByeReason.BUSY));
        assertThat(registry.isEnded("d1")).isTrue();
        assertThat(registry.early().count()).as("the refused call's early candidates are dropped").isZero();
    }

    @Test
    void aPeerRingsAtMostOneCall() {
        router.route(offer("alice", "a1", "sdp"), SELF);
        router.route(offer("alice", "a2", "sdp"), SELF);

        assertThat(rung).hasSize(1);
        assertThat(sent).containsExactly(new Bye(ROOM, null, "alice", "a2", ByeReason.BUSY));
    }
}
