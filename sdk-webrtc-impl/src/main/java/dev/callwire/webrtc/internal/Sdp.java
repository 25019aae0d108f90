package dev.callwire.webrtc.internal;

import dev.callwire.CallwireException;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.util.concurrent.CompletableFuture;

/**
 * libwebrtc's callback-style SDP operations as futures. The futures complete on libwebrtc's signaling
 * thread; callers continue with {@code *Async(..., engine)} so no work runs there.
 */
final class Sdp {

    private Sdp() {
    }

    static CompletableFuture<RTCSessionDescription> createOffer(RTCPeerConnection pc) {
        CompletableFuture<RTCSessionDescription> result = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), created(result, "create offer"));
        return result;
    }

    static CompletableFuture<RTCSessionDescription> createAnswer(RTCPeerConnection pc) {
        CompletableFuture<RTCSessionDescription> result = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), created(result, "create answer"));
        return result;
    }

    static CompletableFuture<Void> setLocal(RTCPeerConnection pc, RTCSessionDescription description) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        pc.setLocalDescription(description, applied(result, "set local " + description.sdpType));
        return result;
    }

    static CompletableFuture<Void> setRemote(RTCPeerConnection pc, RTCSessionDescription description) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        pc.setRemoteDescription(description, applied(result, "set remote " + description.sdpType));
        return result;
    }

    static RTCSessionDescription rollback() {
        return new RTCSessionDescription(RTCSdpType.ROLLBACK, "");
    }

    private static CreateSessionDescriptionObserver created(CompletableFuture<RTCSessionDescription> result, String what) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                result.complete(description);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(failure(what, error));
            }
        };
    }

    private static SetSessionDescriptionObserver applied(CompletableFuture<Void> result, String what) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
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
