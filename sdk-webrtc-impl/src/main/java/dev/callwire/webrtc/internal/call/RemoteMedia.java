package dev.callwire.webrtc.internal.call;

import dev.callwire.media.MediaRenderer;
import dev.callwire.webrtc.internal.media.VideoFanout;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one call receives: the remote camera video and, while the other side shares it, its screen, each
 * fanned out to the renderers the application registered. Which incoming video is the screen is read
 * from the remote description (see {@link Sdp#screenMids}) before libwebrtc reports the track.
 *
 * <p>Renderers are added and removed from any thread; tracks come and go on the engine thread.
 */
final class RemoteMedia {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteMedia.class);

    private final Object logContext;
    private final Runnable onScreenStarted;
    private final Runnable onScreenStopped;
    private final VideoFanout video;
    private final VideoFanout screen;
    private Set<String> screenMids = Set.of();
    private VideoTrack videoTrack;
    private VideoTrack screenTrack;
    private volatile boolean screenSharing;
    private volatile boolean videoActive;

    /**
     * {@code onScreenStarted} and {@code onScreenStopped} run on the engine thread; {@code onFirstFrame} on a
     * native video thread, once, when the first camera frame is decoded.
     */
    RemoteMedia(Object logContext, Executor renderThreads, Runnable onFirstFrame, Runnable onScreenStarted,
                Runnable onScreenStopped) {
        this.logContext = logContext;
        this.onScreenStarted = onScreenStarted;
        this.onScreenStopped = onScreenStopped;
        this.video = new VideoFanout(renderThreads, onFirstFrame);
        this.screen = new VideoFanout(renderThreads);
    }

    void addVideoRenderer(MediaRenderer renderer) {
        video.add(renderer);
    }

    void removeVideoRenderer(MediaRenderer renderer) {
        video.remove(renderer);
    }

    void addScreenRenderer(MediaRenderer renderer) {
        screen.add(renderer);
    }

    void removeScreenRenderer(MediaRenderer renderer) {
        screen.remove(renderer);
    }

    /** Any thread: the remote camera track arrived and the call has not ended. */
    boolean isVideoActive() {
        return videoActive;
    }

    boolean isScreenSharing() {
        return screenSharing;
    }

    /** Engine thread, before a remote description is applied: its screen sections' tracks follow. */
    void expect(String remoteSdp) {
        screenMids = Sdp.screenMids(remoteSdp);
    }

    /**
     * Engine thread: a remote track arrived in section {@code mid}. Getter results wrap borrowed pointers
     * (webrtc-java does not add a reference): they are never released here.
     */
    void onTrack(String mid, MediaStreamTrack track) {
        if (!(track instanceof VideoTrack incoming)) {
            return;
        }
        if (screenMids.contains(mid)) {
            attachScreen(incoming);
        } else if (videoTrack == null) {
            videoTrack = incoming;
            incoming.addSink(video);
            videoActive = true;
            LOG.debug("{}: remote video track {}", logContext, incoming.getId());
        }
    }

    /** Engine thread: a remote track went away; only the screen share's end matters to the application. */
    void onTrackRemoved(String trackId) {
        if (screenTrack != null && trackId.equals(screenTrack.getId())) {
            detach(screenTrack, screen);
            screenTrack = null;
            screenSharing = false;
            LOG.info("{}: remote screen share stopped", logContext);
            onScreenStopped.run();
        }
    }

    private void attachScreen(VideoTrack incoming) {
        if (screenTrack != null && screenTrack.getId().equals(incoming.getId())) {
            return;
        }
        if (screenTrack != null) {
            detach(screenTrack, screen);
        }
        screenTrack = incoming;
        incoming.addSink(screen);
        screenSharing = true;
        LOG.info("{}: remote screen share started", logContext);
        onScreenStarted.run();
    }

    /** Engine thread, when the call ends: renderers stop and sinks are removed before the tracks go. */
    void release() {
        video.clear();
        screen.clear();
        if (screenTrack != null) {
            detach(screenTrack, screen);
            screenTrack = null;
        }
        if (videoTrack != null) {
            detach(videoTrack, video);
            videoTrack = null;
        }
        screenSharing = false;
        videoActive = false;
    }

    private void detach(VideoTrack track, VideoFanout sink) {
        try {
            track.removeSink(sink);
        } catch (RuntimeException e) {
            LOG.debug("{}: removing a sink: {}", logContext, e.toString());
        }
    }
}
