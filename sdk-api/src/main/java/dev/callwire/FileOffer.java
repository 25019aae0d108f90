package dev.callwire;

/**
 * A file the remote peer of a call wants to send, waiting for this application's decision; see
 * {@link RoomListener#onFileOffered}. Nothing of the file is transferred before it is accepted.
 *
 * <p>Decide once, from any thread, now or later: the first of {@link #accept()} and {@link #refuse(String)}
 * counts, later calls have no effect. An offer nobody decides is refused after 60 seconds. Offers larger than
 * {@link ClientConfig#maxIncomingFileSize()} never reach the application: they are refused at once.
 */
public interface FileOffer {

    /**
     * The file name the sender gave.
     *
     * @return the name without any directories, never {@code null} nor empty
     */
    String name();

    /**
     * The size the sender announced; a transfer that sends more is aborted.
     *
     * @return bytes, zero or more, at most {@link ClientConfig#maxIncomingFileSize()}
     */
    long size();

    /**
     * The SHA-256 the sender announced; the received content is checked against it.
     *
     * @return 64 lower-case hex digits, never {@code null}
     */
    String sha256();

    /**
     * Accepts the file: the sender streams it, and {@link RoomListener#onFileReceived} reports it once it has
     * arrived complete and verified; if it does not (the transfer was aborted or the content did not match),
     * {@link RoomListener#onError} says so, naming the file. No effect if the offer was already decided or timed
     * out.
     */
    void accept();

    /**
     * Refuses the file: nothing is transferred and the sender's {@link CallData#sendFile} future fails with a
     * {@link CallwireException} whose message says it was refused and gives {@code reason}. No effect if the
     * offer was already decided or timed out.
     *
     * @param reason why, shown to the sender; {@code null} or blank for a generic reason. Keep it short
     *               (at most 200 characters are sent)
     */
    void refuse(String reason);
}
