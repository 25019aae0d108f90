package dev.callwire.webrtc.internal.call;

import dev.callwire.CallData;
import dev.callwire.CallSession;
import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoFeed;
import dev.callwire.media.VideoLimits;
import dev.callwire.webrtc.internal.data.DataLink;
import dev.callwire.webrtc.internal.EngineContext;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The media and data half of {@link CallSession}: mutes, video caps, and the views {@link #data()},
 * {@link #remoteVideo()} and {@link #remoteScreen()}, each handed to the part that owns it. Callable from any thread; what touches libwebrtc is moved to the engine
 * thread. The call's lifecycle (accept, hang up, state, negotiation) is {@link PeerCall}'s.
 */
abstract class CallSurface implements CallSession {

    // Views over this call's parts, read through the accessors at use: the parts are set by the subclass.
    private final CallData data = new DataView();
    private final VideoFeed remoteVideo = new RemoteVideoView();
    private final VideoFeed remoteScreen = new RemoteScreenView();

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
    public CallData data() {
        return data;
    }

    @Override
    public VideoFeed remoteVideo() {
        return remoteVideo;
    }

    @Override
    public VideoFeed remoteScreen() {
        return remoteScreen;
    }

    private void whileLive(Runnable action) {
        context().runOnEngine(() -> {
            if (!isEnded()) {
                action.run();
            }
        });
    }

    private final class DataView implements CallData {

        @Override
        public boolean send(String text) {
            return dataLink().send(Objects.requireNonNull(text, "text"));
        }

        @Override
        public boolean send(byte[] bytes) {
            return dataLink().send(Objects.requireNonNull(bytes, "bytes"));
        }

        @Override
        public long bufferedAmount() {
            return dataLink().bufferedAmount();
        }

        @Override
        public CompletionStage<Void> writable() {
            return Stages.copyOf(dataLink().whenWritable());
        }

        @Override
        public CompletionStage<String> sendFile(Path file) {
            return Stages.copyOf(dataLink().sendFile(Objects.requireNonNull(file, "file")));
        }

        @Override
        public String toString() {
            return "CallData[" + CallSurface.this + "]";
        }
    }

    private final class RemoteVideoView implements VideoFeed {

        @Override
        public void addRenderer(MediaRenderer renderer) {
            remote().addVideoRenderer(Objects.requireNonNull(renderer, "renderer"));
        }

        @Override
        public void removeRenderer(MediaRenderer renderer) {
            remote().removeVideoRenderer(renderer);
        }

        @Override
        public boolean isActive() {
            return remote().isVideoActive();
        }

        @Override
        public String toString() {
            return "RemoteVideo[" + CallSurface.this + "]";
        }
    }

    private final class RemoteScreenView implements VideoFeed {

        @Override
        public void addRenderer(MediaRenderer renderer) {
            remote().addScreenRenderer(Objects.requireNonNull(renderer, "renderer"));
        }

        @Override
        public void removeRenderer(MediaRenderer renderer) {
            remote().removeScreenRenderer(renderer);
        }

        @Override
        public boolean isActive() {
            return remote().isScreenSharing();
        }

        @Override
        public String toString() {
            return "RemoteScreen[" + CallSurface.this + "]";
        }
    }
}
