package dev.callwire.webrtc.internal.call;

import dev.callwire.media.VideoLimits;
import dev.callwire.webrtc.internal.media.LocalMedia;
import dev.callwire.webrtc.internal.natives.NativeReleaser;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one call sends: a sender each for the client's audio, video and screen track, the mutes and video
 * caps applied to them. (The local preview is the client's, not a call's.)
 *
 * <p>Mutes and limits are written from any thread and applied on the engine thread; everything else is
 * confined to the engine thread.
 */
final class LocalSenders {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSenders.class);
    private static final List<String> STREAM_IDS = List.of("callwire");
    private static final List<String> SCREEN_STREAM_IDS = List.of(Sdp.SCREEN_STREAM);

    private final Object logContext;
    private final LocalMedia media;
    /** Senders whose native reference webrtc-java handed over to us (addTrack results); dropped on release. */
    private final List<RTCRtpSender> ownedWrappers = new ArrayList<>();
    private volatile boolean audioMuted;
    private volatile boolean videoMuted;
    private volatile VideoLimits videoLimits = VideoLimits.NONE;
    private RTCPeerConnection pc;
    private RTCRtpSender audioSender;
    private RTCRtpSender videoSender;
    private RTCRtpSender screenSender;

    LocalSenders(Object logContext, LocalMedia media) {
        this.logContext = logContext;
        this.media = media;
    }

    /** Engine thread: adds the client's current tracks to a new peer connection. */
    void attach(RTCPeerConnection pc) {
        this.pc = pc;
        refresh();
    }

    boolean isAudioMuted() {
        return audioMuted;
    }

    boolean isVideoMuted() {
        return videoMuted;
    }

    VideoLimits videoLimits() {
        return videoLimits;
    }

    /** Any thread; takes effect with the next {@link #applyMutes()}. */
    void setAudioMuted(boolean muted) {
        audioMuted = muted;
    }

    /** Any thread; takes effect with the next {@link #applyMutes()}. */
    void setVideoMuted(boolean muted) {
        videoMuted = muted;
    }

    /** Any thread; takes effect with the next {@link #applyVideoLimits()}. */
    void setVideoLimits(VideoLimits limits) {
        videoLimits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Engine thread: points the senders at the client's current tracks. Existing senders take new tracks
     * (no renegotiation); a kind this call did not send yet, or a screen share starting or stopping, changes
     * the senders, and libwebrtc asks for a renegotiation under the same call id.
     */
    void refresh() {
        if (pc == null) {
            return;
        }
        if (audioSender == null && media.audioTrack() != null) {
            audioSender = own(pc.addTrack(media.audioTrack(), STREAM_IDS));
        }
        if (videoSender == null && media.videoTrack() != null) {
            videoSender = own(pc.addTrack(media.videoTrack(), STREAM_IDS));
        }
        refreshScreen();
        applyMutes();
        applyVideoLimits();
    }

    private void refreshScreen() {
        VideoTrack screen = media.screenTrack();
        try {
            if (screen != null && screenSender == null) {
                screenSender = own(pc.addTrack(screen, SCREEN_STREAM_IDS));
            } else if (screen != null) {
                screenSender.replaceTrack(screen);
            } else if (screenSender != null) {
                pc.removeTrack(screenSender);
                screenSender = null;
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: could not update the screen share: {}", logContext, e.getMessage());
        }
    }

    /** Engine thread: a muted kind sends no track at all, so the receiver gets no RTP for it. */
    void applyMutes() {
        if (pc == null) {
            return;
        }
        if (audioSender != null) {
            quietly(() -> audioSender.replaceTrack(audioMuted ? null : media.audioTrack()));
        }
        if (videoSender != null) {
            quietly(() -> videoSender.replaceTrack(videoMuted ? null : media.videoTrack()));
        }
        LOG.debug("{}: audio {}, video {}", logContext, audioMuted ? "muted" : "on", videoMuted ? "muted" : "on");
    }

    /** Engine thread: writes the caps into every encoding of the video sender; the encoder follows live. */
    void applyVideoLimits() {
        if (pc == null || videoSender == null) {
            return;
        }
        VideoLimits limits = videoLimits;
        try {
            RTCRtpSendParameters parameters = videoSender.getParameters();
            if (parameters.encodings == null || parameters.encodings.isEmpty()) {
                LOG.debug("{}: no encodings yet; video limits apply once negotiated", logContext);
                return;
            }
            for (RTCRtpEncodingParameters encoding : parameters.encodings) {
                encoding.maxBitrate = limits.maxBitrateBps() > 0 ? limits.maxBitrateBps() : null;
                encoding.maxFramerate = limits.maxFrameRate() > 0 ? limits.maxFrameRate() : null;
                encoding.scaleResolutionDownBy = limits.scaleDown();
            }
            videoSender.setParameters(parameters);
            LOG.debug("{}: video limits {}", logContext, limits);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not apply video limits {}: {}", logContext, limits, e.getMessage());
        }
    }

    /** Engine thread, after the peer connection was closed: drops the senders' native references. */
    void release() {
        pc = null;
        audioSender = null;
        videoSender = null;
        screenSender = null;
        ownedWrappers.forEach(NativeReleaser::releaseSender);
        ownedWrappers.clear();
    }

    private RTCRtpSender own(RTCRtpSender sender) {
        ownedWrappers.add(sender);
        return sender;
    }

    private void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.debug("{}: {}", logContext, e.toString());
        }
    }
}
