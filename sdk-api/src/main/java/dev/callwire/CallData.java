package dev.callwire;

import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * The data side of one call ({@link CallSession#data()}): a reliable, ordered data channel for messages and
 * a file channel for {@link #sendFile}. The other side receives messages in {@link RoomListener#onDataMessage}
 * and files in {@link RoomListener#onFileOffered} and {@link RoomListener#onFileReceived}.
 *
 * <p>Methods may be called from any thread and never wait for the network. Each call of a method returning a
 * {@link CompletionStage} returns a new stage that completes on the client's event thread; completing or
 * cancelling it (through {@link CompletionStage#toCompletableFuture()}) affects no one else.
 */
public interface CallData {

    /** How much the data channel may hold unsent before {@code send} refuses more: 1 MiB. */
    long MAX_BUFFERED_DATA = 1024 * 1024;

    /**
     * Sends a text message (reliable, ordered).
     *
     * @param text the message
     * @return {@code false} if the channel is not open yet (or any more), or more than {@link #MAX_BUFFERED_DATA}
     *         bytes would wait to be sent: wait for {@link #writable()} and retry. Nothing is queued then
     */
    boolean send(String text);

    /**
     * Sends a binary message (a copy of {@code bytes}); same rules as {@link #send(String)}.
     *
     * @param bytes the message
     * @return {@code false} if the message was not accepted
     */
    boolean send(byte[] bytes);

    /** @return bytes handed to the data channel and not yet sent; 0 when the channel is closed */
    long bufferedAmount();

    /**
     * @return a stage completing once the data channel is open and has room again (at most a quarter of
     *         {@link #MAX_BUFFERED_DATA} waiting); it fails with {@code CALL_ENDED} if the call ends first
     */
    CompletionStage<Void> writable();

    /**
     * Offers a file to the other side and, once its application accepts ({@link RoomListener#onFileOffered}),
     * sends it over the call's file channel in chunks that respect the channel's buffer. Reading happens on an
     * SDK file thread. The receiver checks size and SHA-256, stores the file ({@link RoomListener#onFileReceived})
     * and confirms. Files of one call are sent one after another, in the order asked. Cancelling the returned
     * stage does not stop the transfer.
     *
     * @param file a readable regular file; its name (without directories) is sent along
     * @return a stage completing with the transfer id once the receiver confirmed a matching file; it fails with
     *         {@code FILE_TRANSFER} if the receiver refused it (the message says "refused" and why, e.g. over
     *         its {@link ClientConfig#maxIncomingFileSize()}), aborted it or found a mismatch; with
     *         {@code MEDIA_ENGINE} if the file cannot be read or the channel closed; with {@code TIMEOUT} if the
     *         channel did not open, the receiver did not decide or the transfer made no progress in time; and with
     *         {@code CALL_ENDED} if the call ended first
     */
    CompletionStage<String> sendFile(Path file);
}
