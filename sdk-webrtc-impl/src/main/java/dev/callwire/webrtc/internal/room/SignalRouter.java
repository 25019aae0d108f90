package dev.callwire.webrtc.internal.room;

import dev.callwire.ClientLimits;
import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.webrtc.internal.CapLog;
import dev.callwire.webrtc.internal.call.OfferDecision;
import dev.callwire.webrtc.internal.call.RoutedCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each directed message (offer, answer, candidate, bye) to the call it belongs to, by call id, and
 * decides what a new offer means (a new call, a renegotiation, glare, busy) by {@link OfferDecision}.
 * Messages for calls that ended, for another client, or from a peer that is not in the call are dropped
 * with a log line: nothing a peer sends can end another peer's call. What a peer can make this client hold is
 * capped here, before any call sees it ({@link ClientLimits}): candidate length, early candidates (kept only
 * for room members), new calls only from room members, and how many calls ring at once. Engine thread only.
 */
final class SignalRouter<C extends RoutedCall> {

    /** What routing needs from its room. */
    interface Room<C> {
        /** Creates, registers and announces an incoming call. */
        C ring(String peerId, String callId, String offerSdp);

        boolean send(Message message);

        /** Whether the peer is listed in the room (see {@link Membership}). */
        boolean isMember(String peerId);

        /** How many incoming calls ring, not yet accepted or declined. */
        int ringingCalls();
    }

    private static final Logger LOG = LoggerFactory.getLogger(SignalRouter.class);

    private final String roomName;
    private final CallRegistry<C> registry;
    private final Room<C> room;
    private final ClientLimits limits;
    private final CapLog longCandidates = new CapLog(LOG);
    private final CapLog strangers = new CapLog(LOG);
    private final CapLog tooManyRinging = new CapLog(LOG);

    SignalRouter(String roomName, CallRegistry<C> registry, Room<C> room, ClientLimits limits) {
        this.roomName = roomName;
        this.registry = registry;
        this.room = room;
        this.limits = limits;
    }

    void route(DirectedMessage message, String selfId) {
        if (message.from() == null) {
            LOG.warn("Room {}: dropping {} without a sender", roomName, message.type().wireName());
            return;
        }
        if (selfId == null) {
            LOG.debug("Room {}: dropping {} that came before welcome", roomName, message.type().wireName());
            return;
        }
        if (!selfId.equals(message.to())) {
            LOG.debug("Room {}: dropping {} for {} (this client is {})", roomName, message.type().wireName(),
                    message.to(), selfId);
            return;
        }
        C call = registry.byId(message.callId());
        if (call != null && !call.peerId().equals(message.from())) {
            LOG.warn("Room {}: dropping {} for call {} from {}, which is not in that call", roomName,
                    message.type().wireName(), message.callId(), message.from());
            return;
        }
        if (message instanceof Offer offer) {
            onOffer(offer, call, selfId);
        } else if (message instanceof Answer answer) {
            if (call != null) {
                call.onRemoteAnswer(answer.sdp());
            } else {
                LOG.debug("Room {}: dropping answer of {} call {}", roomName,
                        registry.isEnded(answer.callId()) ? "ended" : "unknown", answer.callId());
            }
        } else if (message instanceof Candidate candidate) {
            int length = EarlyCandidates.size(candidate.candidate());
            if (length > limits.maxCandidateLength()) {
                longCandidates.warn("Room {}: dropping a {}-character candidate of call {} from {} "
                        + "(ClientLimits.maxCandidateLength {})", roomName, length, candidate.callId(),
                        candidate.from(), limits.maxCandidateLength());
            } else if (call != null) {
                call.onRemoteCandidate(candidate.candidate());
            } else if (room.isMember(candidate.from())) {
                registry.holdEarly(candidate.callId(), candidate.from(), candidate.candidate()); // its offer may come
            } else {
                strangers.warn("Room {}: dropping a candidate of unknown call {} from {}, which is not a member of "
                        + "the room", roomName, candidate.callId(), candidate.from());
            }
        } else if (message instanceof Bye bye) {
            if (call != null) {
                call.onRemoteBye(bye.reasonOrHangup());
            } else {
                registry.markEnded(bye.callId());
            }
        }
    }

    private void onOffer(Offer offer, C known, String selfId) {
        if (known == null && !room.isMember(offer.from())) {
            // No reply: the protocol has none for this, and a stranger's offers must not make us send.
            registry.markEnded(offer.callId());
            strangers.warn("Room {}: refusing offer {} from {}, which is not a member of the room", roomName,
                    offer.callId(), offer.from());
            return;
        }
        boolean ended = registry.isEnded(offer.callId());
        C other = known == null ? registry.byPeer(offer.from()) : null;
        OfferDecision decision = OfferDecision.decide(known != null, ended, other != null,
                other != null && other.isUnansweredOutgoing(),
                known != null && known.isMakingOffer(), known == null || known.isSignalingStable(),
                OfferDecision.isPolite(selfId, offer.from()));
        LOG.debug("Room {}: offer {} from {} -> {}", roomName, offer.callId(), offer.from(), decision);
        switch (decision) {
            case RING -> ringOrRefuse(offer);
            case ANSWER -> known.onRemoteOffer(offer.sdp(), false);
            case ROLLBACK_AND_ANSWER -> known.onRemoteOffer(offer.sdp(), true);
            case ADOPT_THEIR_CALL -> other.adopt(offer.callId(), offer.sdp());
            case IGNORE -> {
                if (known == null) {
                    registry.markEnded(offer.callId()); // its candidates are dropped too
                }
            }
            case BUSY -> {
                registry.markEnded(offer.callId());
                room.send(new Bye(roomName, null, offer.from(), offer.callId(), ByeReason.BUSY));
            }
            default -> {
            }
        }
    }

    private void ringOrRefuse(Offer offer) {
        int ringing = room.ringingCalls();
        if (ringing >= limits.maxRingingCalls()) {
            tooManyRinging.warn("Room {}: answering offer {} from {} busy: {} incoming calls already ring "
                    + "(ClientLimits.maxRingingCalls)", roomName, offer.callId(), offer.from(), ringing);
            registry.markEnded(offer.callId());
            room.send(new Bye(roomName, null, offer.from(), offer.callId(), ByeReason.BUSY));
            return;
        }
        room.ring(offer.from(), offer.callId(), offer.sdp());
    }
}
