package dev.callwire;

import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoLimits;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One call with one remote peer: one WebRTC peer connection carrying audio and video both ways, plus a
 * reliable, ordered data channel.
 *
 * <p>Methods may be called from any thread and never wait for the network; their effects and the resulting
 * events happen on the client's threads (see {@link CallClient}). Futures complete on the client's event
 * thread. Arguments must not be {@code null} unless stated. {@link #close()} hangs up.
 */
public interface CallSession extends AutoCloseable {

    /** How much the data channel may hold unsent before {@code sendData} refuses more: 1 MiB. */
    long MAX_BUFFERED_DATA = 1024 * 1024;

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
     * @return a future completing with this session when the call first reaches {@link CallState#CONNECTED};
     *         it fails with {@link CallwireException.Reason#CALL_ENDED} (the message says why) if the call ends first
     */
    CompletableFuture<CallSession> connected();

    /** @return a future completing with the end reason when the call ends */
    CompletableFuture<EndReason> ended();

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

    /** Ends the call ("Hang Up"); both sides end with {@link EndReason#HANGUP}. Idempotent. */
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
     * Sends a text message on the call's data channel (reliable, ordered). The other side receives it in
     * {@link RoomListener#onDataMessage}.
     *
     * @param text the message
     * @return {@code false} if the channel is not open yet (or any more), or more than {@link #MAX_BUFFERED_DATA}
     *         bytes would wait to be sent: wait for {@link #dataWritable()} and retry. Nothing is queued then
     */
    boolean sendData(String text);

    /**
     * Sends a binary message (a copy of {@code bytes}); same rules as {@link #sendData(String)}.
     *
     * @param bytes the message
     * @return {@code false} if the message was not accepted
     */
    boolean sendData(byte[] bytes);

    /** @return bytes handed to the data channel and not yet sent; 0 when the channel is closed */
    long dataBufferedAmount();

    /**
     * @return a future completing once the data channel is open and has room again (at most a quarter of
     *         {@link #MAX_BUFFERED_DATA} waiting); it fails with {@code CALL_ENDED} if the call ends first
     */
    CompletableFuture<Void> dataWritable();

    /**
     * Offers a file to the other side and, once its application accepts ({@link RoomListener#onFileOffered}),
     * sends it over the call's file channel in chunks that respect the channel's buffer. Reading happens on an
     * SDK file thread. The receiver checks size and SHA-256, stores the file ({@link RoomListener#onFileReceived})
     * and confirms. Files of one call are sent one after another, in the order asked.
     *
     * @param file a readable regular file; its name (without directories) is sent along
     * @return a future completing with the transfer id once the receiver confirmed a matching file; it fails with
     *         {@code FILE_TRANSFER} if the receiver refused it (the message says "refused" and why, e.g. over
     *         its {@link ClientConfig#maxIncomingFileSize()}), aborted it or found a mismatch; with
     *         {@code MEDIA_ENGINE} if the file cannot be read or the channel closed; with {@code TIMEOUT} if the channel did not open, the receiver
     *         did not decide or the transfer made no progress in time; and with {@code CALL_ENDED} if the call
     *         ended first
     */
    CompletableFuture<String> sendFile(Path file);

    /**
     * Renders the remote peer's video, from the first decoded frame until the call ends. Adding the same
     * renderer twice has no effect.
     *
     * @param renderer called on an SDK render thread
     */
    void addRemoteVideoRenderer(MediaRenderer renderer);

    /**
     * Stops rendering the remote video into {@code renderer}; unknown renderers are ignored.
     *
     * @param renderer a renderer added before
     */
    void removeRemoteVideoRenderer(MediaRenderer renderer);

    /**
     * Renders the remote peer's screen share (a second video track, see
     * {@link RoomListener#onScreenShareStarted}) while it runs. Adding the same renderer twice has no effect.
     *
     * @param renderer called on an SDK render thread
     */
    void addRemoteScreenRenderer(MediaRenderer renderer);

    /**
     * Stops rendering the remote screen share into {@code renderer}; unknown renderers are ignored.
     *
     * @param renderer a renderer added before
     */
    void removeRemoteScreenRenderer(MediaRenderer renderer);

    /** @return whether the remote peer is sharing a screen in this call */
    boolean isRemoteScreenSharing();

    /**
     * Renders this client's own outgoing video (the preview) until the call ends or the renderer is removed.
     * See also {@link CallClient#addLocalVideoRenderer}, which does not depend on a call.
     *
     * @param renderer called on an SDK render thread
     */
    void addLocalVideoRenderer(MediaRenderer renderer);

    /**
     * Stops rendering the preview into {@code renderer}; unknown renderers are ignored.
     *
     * @param renderer a renderer added before
     */
    void removeLocalVideoRenderer(MediaRenderer renderer);

    /**
     * Takes a statistics snapshot. Rates are measured since this method's previous snapshot of the same call.
     *
     * @return a future with the snapshot (an empty one while an incoming call still rings); it fails with
     *         {@code CALL_ENDED} when the call has ended
     */
    CompletableFuture<CallStats> stats();

    /** Same as {@link #hangUp()}. */
    @Override
    void close();
}
