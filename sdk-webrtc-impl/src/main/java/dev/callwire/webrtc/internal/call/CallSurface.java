package dev.callwire.webrtc.internal.call;

import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoLimits;
import dev.callwire.webrtc.internal.data.DataLink;
import dev.callwire.webrtc.internal.EngineContext;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The media and data half of {@link CallSession}: mutes, video caps, renderers and the data channel, each
 * handed to the part that owns it. Callable from any thread; what touches libwebrtc is moved to the engine
 * thread. The call's lifecycle (accept, hang up, state, negotiation) is {@link PeerCall}'s.
 */
abstract class CallSurface implements CallSession {

    abstract EngineContext context();

    abstract LocalSenders senders();

    abstract RemoteMedia remote();

    abstract DataLink dataLink();

    /** Engine thread: {@code true} once the call has ended and nothing may touch its peer connection. */
    abstract boolean isEnded();

    @Override
    public void setAudioMuted(boolean muted) {
        senders().setAudioMuted(muted);
        whileLive(senders()::applyMutes);
    }

    @Override
    public boolean isAudioMuted() {
        return senders().isAudioMuted();
    }

    @Override
    public void setVideoMuted(boolean muted) {
        senders().setVideoMuted(muted);
        whileLive(senders()::applyMutes);
    }

    @Override
    public boolean isVideoMuted() {
        return senders().isVideoMuted();
    }

    @Override
    public void setVideoLimits(VideoLimits limits) {
        senders().setVideoLimits(limits);
        whileLive(senders()::applyVideoLimits);
    }

    @Override
    public VideoLimits videoLimits() {
        return senders().videoLimits();
    }

    @Override
    public boolean sendData(String text) {
        return dataLink().send(Objects.requireNonNull(text, "text"));
    }

    @Override
    public boolean sendData(byte[] bytes) {
        return dataLink().send(Objects.requireNonNull(bytes, "bytes"));
    }

    @Override
    public long dataBufferedAmount() {
        return dataLink().bufferedAmount();
    }

    @Override
    public CompletableFuture<Void> dataWritable() {
        return dataLink().whenWritable();
    }

    @Override
    public CompletableFuture<String> sendFile(Path file) {
        return dataLink().sendFile(Objects.requireNonNull(file, "file"));
    }

    @Override
    public void addRemoteVideoRenderer(MediaRenderer renderer) {
        remote().addVideoRenderer(Objects.requireNonNull(renderer, "renderer"));
    }

    @Override
    public void removeRemoteVideoRenderer(MediaRenderer renderer) {
        remote().removeVideoRenderer(renderer);
    }

    @Override
    public void addRemoteScreenRenderer(MediaRenderer renderer) {
        remote().addScreenRenderer(Objects.requireNonNull(renderer, "renderer"));
    }

    @Override
    public void removeRemoteScreenRenderer(MediaRenderer renderer) {
        remote().removeScreenRenderer(renderer);
    }

    @Override
    public boolean isRemoteScreenSharing() {
        return remote().isScreenSharing();
    }

    @Override
    public void addLocalVideoRenderer(MediaRenderer renderer) {
        senders().addPreview(Objects.requireNonNull(renderer, "renderer"), state() != CallState.ENDED);
    }

    @Override
    public void removeLocalVideoRenderer(MediaRenderer renderer) {
        senders().removePreview(renderer);
    }

    private void whileLive(Runnable action) {
        context().runOnEngine(() -> {
            if (!isEnded()) {
                action.run();
            }
        });
    }
}
