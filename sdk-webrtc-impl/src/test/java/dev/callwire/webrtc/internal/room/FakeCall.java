package dev.callwire.webrtc.internal.room;

import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.webrtc.internal.call.RoutedCall;
import java.util.ArrayList;
import java.util.List;

/** A call as the router sees it, recording what reached it. */
final class FakeCall implements RoutedCall {

    final List<String> received = new ArrayList<>();
    private String id;
    private final String peerId;
    boolean unansweredOutgoing;
    boolean makingOffer;
    boolean stable = true;

    FakeCall(String id, String peerId) {
        this.id = id;
        this.peerId = peerId;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String peerId() {
        return peerId;
    }

    @Override
    public boolean isUnansweredOutgoing() {
        return unansweredOutgoing;
    }

    @Override
    public boolean isMakingOffer() {
        return makingOffer;
    }

    @Override
    public boolean isSignalingStable() {
        return stable;
    }

    @Override
    public void onRemoteOffer(String sdp, boolean rollbackFirst) {
        received.add((rollbackFirst ? "rollback+offer " : "offer ") + sdp);
    }

    @Override
    public void adopt(String theirCallId, String sdp) {
        received.add("adopt " + theirCallId + " " + sdp);
        id = theirCallId;
    }

    @Override
    public void onRemoteAnswer(String sdp) {
        received.add("answer " + sdp);
    }

    @Override
    public void onRemoteCandidate(IceCandidate candidate) {
        received.add(candidate == null ? "end-of-candidates" : "candidate " + candidate.candidate());
    }

    @Override
    public void onRemoteBye(ByeReason reason) {
        received.add("bye " + reason.wireName());
    }

    @Override
    public void onPeerLeft() {
        received.add("peer-left");
    }

    @Override
    public void onPeerReturned() {
        received.add("peer-returned");
    }
}
