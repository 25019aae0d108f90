package dev.callwire;

import dev.callwire.media.MediaRenderer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One call with one remote peer: one WebRTC peer connection carrying audio and video both ways.
 *
 * <p>Methods may be called from any thread and never wait for the network; their effects and the
 * resulting events happen on the client's threads. {@link #close()} hangs up.
 */
public interface CallSession extends AutoCloseable {

    /**
     * The call id carried in signaling. Chosen by the caller. When two peers call each other at the same
     * moment, the polite side's outgoing call adopts the other side's id once, so both share one call.
     */
    String id();

    /** The remote peer. */
    Peer peer();

    CallDirection direction();

    CallState state();

    /** Why the call ended; empty while it has not. */
    Optional<EndReason> endReason();

    /** Completes when the call first reaches {@link CallState#CONNECTED}; fails with {@code CALL_ENDED} if it ends before. */
    CompletableFuture<CallSession> connected();

    /** Completes with the end reason when the call ends. */
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

    /** Stops or resumes sending audio in this call. */
    void setAudioMuted(boolean muted);

    boolean isAudioMuted();

    /** Stops or resumes sending video in this call. */
    void setVideoMuted(boolean muted);

    boolean isVideoMuted();

    /**
     * Caps the video this call sends (bitrate, frame rate, resolution), live and without renegotiation.
     * {@link dev.callwire.media.VideoLimits#NONE} lifts them. Stats of later snapshots show the effect.
     *
     * @param limits never {@code null}
     */
    void setVideoLimits(dev.callwire.media.VideoLimits limits);

    /** The caps set with {@link #setVideoLimits}, {@link dev.callwire.media.VideoLimits#NONE} at first. */
    dev.callwire.media.VideoLimits videoLimits();

    /**
     * Sends a text message on the call's data channel (reliable, ordered). Received by the other side's
     * {@link RoomListener#onDataMessage}.
     *
     * @return {@code false} if the channel is not open yet (or any more), or more than
     *         {@value #MAX_BUFFERED_DATA} bytes wait to be sent: wait for {@link #dataWritable()} and retry
     */
    boolean sendData(String text);

    /** Sends a binary message (a copy of {@code bytes}); same rules as {@link #sendData(String)}. */
    boolean sendData(byte[] bytes);

    /** How much the data channel may hold unsent before {@code sendData} refuses more: 1 MiB. */
    long MAX_BUFFERED_DATA = 1024 * 1024;

    /** Bytes handed to the data channel and not yet sent. */
    long dataBufferedAmount();

    /**
     * Completes (on the event thread) once the data channel is open and has room again: at most a quarter of
     * {@link #MAX_BUFFERED_DATA} waiting. Fails with {@code CALL_ENDED} if the call ends first.
     */
    CompletableFuture<Void> dataWritable();

    /**
     * Sends a file over the call's file channel, in chunks that respect the channel's buffer. The receiver
     * checks its size and SHA-256, stores it ({@link RoomListener#onFileReceived}) and confirms.
     *
     * @return completes with the SHA-256 (hex) once the receiver confirmed a matching file; fails with
     *         {@code MEDIA_ENGINE} if the receiver found a mismatch or the channel closed, {@code CALL_ENDED} if
     *         the call ended first
     */
    CompletableFuture<String> sendFile(java.nio.file.Path file);

    /** Renders the remote peer's video; frames flow from the first decoded one until the call ends. */
    void addRemoteVideoRenderer(MediaRenderer renderer);

    void removeRemoteVideoRenderer(MediaRenderer renderer);

    /** Renders this client's own outgoing video (the preview) until the call ends or the renderer is removed. */
    void addLocalVideoRenderer(MediaRenderer renderer);

    void removeLocalVideoRenderer(MediaRenderer renderer);

    /**
     * Takes a statistics snapshot.
     *
     * @return a future failing with {@code CALL_ENDED} when the call has ended
     */
    CompletableFuture<CallStats> stats();

    /** Same as {@link #hangUp()}. */
    @Override
    void close();
}
