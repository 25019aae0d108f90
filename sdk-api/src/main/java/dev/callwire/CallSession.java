package dev.callwire;

import dev.callwire.media.VideoFeed;
import dev.callwire.media.VideoLimits;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One call with one remote peer: one WebRTC peer connection carrying audio and video both ways, plus a
 * reliable, ordered data channel.
 *
 * <p>The session is grouped by concern: the call's lifecycle, mutes and video caps here; the data channel in
 * {@link #data()}; the received video in {@link #remoteVideo()} and {@link #remoteScreen()}. The local preview
 * does not depend on a call: see {@link CallClient}.
 *
 * <p>Methods may be called from any thread and never wait for the network; their effects and the resulting
 * events happen on the client's threads (see {@link CallClient}). Each call of a method returning a
 * {@link CompletionStage} returns a new stage, completing on the client's event thread: completing or cancelling
 * it (through {@link CompletionStage#toCompletableFuture()}) changes nothing for the SDK or other callers.
 * Arguments must not be {@code null} unless stated. {@link #close()} hangs up.
 */
public interface CallSession extends AutoCloseable {

    /**
     * The call id carried in signaling, chosen by the caller. When two peers call each other at the same moment,
     * the polite side's outgoing call adopts the other side's id once, so both share one call.
     *
     * @return the current call id, never {@code null}
     */
    String id();

    /** @return the remote peer, never {@code null} */
    Peer peer();

    /** @return who started the call */
    CallDirection direction();

    /** @return the current state; {@link CallState#ENDED} is final */
    CallState state();

    /** @return why the call ended; empty while it has not */
    Optional<EndReason> endReason();

    /**
     * @return a new stage completing with this session when the call first reaches {@link CallState#CONNECTED};
     *         it fails with {@link CallwireException.Reason#CALL_ENDED} (the message says why) if the call ends first
     */
    CompletionStage<CallSession> connected();

    /** @return a new stage completing with the end reason when the call ends */
    CompletionStage<EndReason> ended();

    /**
     * Answers an incoming call.
     *
     * @throws IllegalStateException if this is not an incoming call that is still ringing
     */
    void accept();

    /**
     * Declines an incoming call; the caller's session ends with {@link EndReason#DECLINED}.
     *
     * @throws IllegalStateException if this is not an incoming call that is still ringing
     */
    void decline();

    /** Ends the call; both sides end with {@link EndReason#HANGUP}. Idempotent. */
    void hangUp();

    /**
     * Stops or resumes sending audio in this call (the other side receives no audio packets while muted).
     *
     * @param muted {@code true} to stop sending
     */
    void setAudioMuted(boolean muted);

    /** @return whether audio sending is stopped in this call */
    boolean isAudioMuted();

    /**
     * Stops or resumes sending video in this call (the other side receives no video packets while muted).
     *
     * @param muted {@code true} to stop sending
     */
    void setVideoMuted(boolean muted);

    /** @return whether video sending is stopped in this call */
    boolean isVideoMuted();

    /**
     * Caps the video this call sends (bitrate, frame rate, resolution), live and without renegotiation.
     * {@link VideoLimits#NONE} lifts them. Later stats snapshots show the effect.
     *
     * @param limits the caps
     */
    void setVideoLimits(VideoLimits limits);

    /** @return the caps set with {@link #setVideoLimits}, {@link VideoLimits#NONE} at first */
    VideoLimits videoLimits();

    /**
     * @return the call's data channel and file transfer; the same object on every call of this method
     */
    CallData data();

    /**
     * @return the remote peer's camera video, rendered from the first decoded frame until the call ends;
     *         {@link VideoFeed#isActive()} is {@code true} once its track arrived and until the call ends (a remote
     *         video mute stops its frames, not the track). The same object on every call of this method
     */
    VideoFeed remoteVideo();

    /**
     * @return the remote peer's screen share (a second video track, see {@link RoomListener#onScreenShareStarted}),
     *         rendered while it runs; {@link VideoFeed#isActive()} is {@code true} while the remote peer shares a
     *         screen in this call. The same object on every call of this method
     */
    VideoFeed remoteScreen();

    /**
     * Takes a statistics snapshot. Rates are measured since this method's previous snapshot of the same call.
     *
     * @return a stage with the snapshot (an empty one while an incoming call still rings); it fails with
     *         {@code CALL_ENDED} when the call has ended
     */
    CompletionStage<CallStats> stats();

    /** Same as {@link #hangUp()}. */
    @Override
    void close();
}
