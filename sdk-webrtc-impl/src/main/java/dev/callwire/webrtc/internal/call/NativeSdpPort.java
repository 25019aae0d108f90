package dev.callwire.webrtc.internal.call;

import dev.callwire.CallwireException;
import dev.callwire.protocol.IceCandidate;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.util.concurrent.CompletableFuture;

/**
 * {@link SdpPort} on a real peer connection: libwebrtc's callback-style SDP operations as futures. They
 * complete on libwebrtc's signaling thread; the negotiator continues with {@code *Async(..., engine)}.
 */
final class NativeSdpPort implements SdpPort {

    private final RTCPeerConnection pc;
    private final SetupTimeline timeline;

    NativeSdpPort(RTCPeerConnection pc, SetupTimeline timeline) {
        this.pc = pc;
        this.timeline = timeline;
    }

    @Override
    public CompletableFuture<String> createOffer() {
        CompletableFuture<String> result = new CompletableFuture<>();
        timeline.mark("create offer", "called");
        pc.createOffer(new RTCOfferOptions(), created(result, "create offer"));
        timeline.mark("create offer", "returned");
        return result;
    }

    @Override
    public CompletableFuture<String> createAnswer() {
        CompletableFuture<String> result = new CompletableFuture<>();
        timeline.mark("create answer", "called");
        pc.createAnswer(new RTCAnswerOptions(), created(result, "create answer"));
        timeline.mark("create answer", "returned");
        return result;
    }

    @Override
    public CompletableFuture<Void> setLocal(Kind kind, String sdp) {
        return setLocal(new RTCSessionDescription(type(kind), sdp));
    }

    @Override
    public CompletableFuture<Void> setRemote(Kind kind, String sdp) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        String what = kind == Kind.OFFER ? "set remote offer" : "set remote answer";
        timeline.mark(what, "called");
        pc.setRemoteDescription(new RTCSessionDescription(type(kind), sdp), applied(result, what));
        timeline.mark(what, "returned");
        return result;
    }

    @Override
    public CompletableFuture<Void> rollback() {
        return setLocal(new RTCSessionDescription(RTCSdpType.ROLLBACK, ""));
    }

    private CompletableFuture<Void> setLocal(RTCSessionDescription description) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        String what = switch (description.sdpType) {
            case OFFER -> "set local offer";
            case ANSWER -> "set local answer";
            default -> "set local " + description.sdpType;
        };
        timeline.mark(what, "called");
        pc.setLocalDescription(description, applied(result, what));
        timeline.mark(what, "returned");
        return result;
    }

    @Override
    public void addCandidate(IceCandidate candidate) {
        pc.addIceCandidate(new RTCIceCandidate(candidate.sdpMid(),
                candidate.sdpMLineIndex() == null ? 0 : candidate.sdpMLineIndex(), candidate.candidate()));
    }

    @Override
    public SignalingState signalingState() {
        return switch (pc.getSignalingState()) {
            case STABLE -> SignalingState.STABLE;
            case HAVE_LOCAL_OFFER -> SignalingState.HAVE_LOCAL_OFFER;
            case HAVE_REMOTE_OFFER -> SignalingState.HAVE_REMOTE_OFFER;
            default -> SignalingState.OTHER;
        };
    }

    @Override
    public void restartIce() {
        pc.restartIce();
    }

    private static RTCSdpType type(Kind kind) {
        return kind == Kind.OFFER ? RTCSdpType.OFFER : RTCSdpType.ANSWER;
    }

    private CreateSessionDescriptionObserver created(CompletableFuture<String> result, String what) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                timeline.mark(what, "done");
                result.complete(description.sdp);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(failure(what, error));
            }
        };
    }

    private SetSessionDescriptionObserver applied(CompletableFuture<Void> result, String what) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                timeline.mark(what, "done");
                result.complete(null);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(failure(what, error));
            }
        };
    }

    private static CallwireException failure(String what, String error) {
        return new CallwireException(CallwireException.Reason.MEDIA_ENGINE, "WebRTC could not " + what + ": " + error);
    }
}
