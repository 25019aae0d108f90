package dev.callwire;

import java.util.Optional;

/**
 * Receives a {@link Room}'s events. Every method has a no-op default; override what you need.
 *
 * <p>Called one at a time on the client's event thread (or its configured executor), never on a
 * native thread. Methods should return quickly; exceptions are caught and logged. After
 * {@link #onConnectionStateChanged} reports {@link ConnectionState#CLOSED}, no further calls are made.
 */
public interface RoomListener {

    /**
     * A peer entered the room (also reported for peers found present when a re-join after a signaling
     * reconnect reconciles membership).
     *
     * @param room the room, never {@code null}
     * @param peer the new peer, never {@code null}; already in {@link Room#peers()}
     */
    default void onPeerJoined(Room room, Peer peer) {
    }

    /**
     * A peer left the room or its signaling connection dropped. A call with it that is still being set up
     * ends with {@link EndReason#PEER_LEFT}; one whose media flows survives a short signaling outage.
     *
     * @param room the room, never {@code null}
     * @param peer the peer that left, never {@code null}; no longer in {@link Room#peers()}
     */
    default void onPeerLeft(Room room, Peer peer) {
    }

    /**
     * A peer is calling. Call {@link CallSession#accept()} or {@link CallSession#decline()}, now or later;
     * unanswered calls end with {@link EndReason#TIMEOUT} after the ring timeout.
     *
     * @param room the room, never {@code null}
     * @param call the ringing call, {@link CallDirection#INCOMING}, never {@code null}
     */
    default void onIncomingCall(Room room, CallSession call) {
    }

    /**
     * A call changed state (not called for {@link CallState#ENDED}: see {@link #onCallEnded}).
     *
     * @param room  the room, never {@code null}
     * @param call  the call, never {@code null}
     * @param state the new state, never {@code null} nor {@code ENDED}; {@code call.state()} may already be newer
     */
    default void onCallStateChanged(Room room, CallSession call, CallState state) {
    }

    /**
     * A call changed state, with the cause. This is the method the SDK calls; by default it calls
     * {@link #onCallStateChanged(Room, CallSession, CallState)}, so override one of the two.
     *
     * @param room  the room, never {@code null}
     * @param call  the call, never {@code null}
     * @param state the new state, never {@code null} nor {@code ENDED}; {@code call.state()} may already be newer
     * @param cause why, never {@code null}
     */
    default void onCallStateChanged(Room room, CallSession call, CallState state, CallStateCause cause) {
        onCallStateChanged(room, call, state);
    }

    /**
     * A call ended; it is already gone from {@link Room#calls()}. Called once per call.
     *
     * @param room   the room, never {@code null}
     * @param call   the ended call, never {@code null}
     * @param reason why it ended, never {@code null}
     */
    default void onCallEnded(Room room, CallSession call, EndReason reason) {
    }

    /**
     * A message arrived on a call's data channel, in the order sent.
     *
     * @param room    the room
     * @param call    the call it came on
     * @param message the message
     */
    default void onDataMessage(Room room, CallSession call, DataMessage message) {
    }

    /**
     * The remote peer of {@code call} wants to send a file ({@link CallData#sendFile}); decide with
     * {@link FileOffer#accept()} or {@link FileOffer#refuse(String)}, now or later (undecided offers are refused
     * after 60 s). Offers over {@link ClientConfig#maxIncomingFileSize()} are refused without asking.
     *
     * <p>The default implementation accepts. With several listeners the first decision counts, so a listener
     * that does not override this method accepts for the others.
     *
     * @param room  the room
     * @param call  the call the file would come on
     * @param offer the file's name, size and SHA-256, and the decision
     */
    default void onFileOffered(Room room, CallSession call, FileOffer offer) {
        offer.accept();
    }

    /**
     * A file sent with {@link CallData#sendFile} arrived complete, with the announced size and SHA-256.
     *
     * @param room the room
     * @param call the call it came on
     * @param file where it is stored now (a temporary file: move it where it belongs)
     */
    default void onFileReceived(Room room, CallSession call, ReceivedFile file) {
    }

    /**
     * The remote peer of {@code call} started sharing a screen; attach a renderer with
     * {@code call.remoteScreen().addRenderer(...)} ({@link CallSession#remoteScreen()}).
     *
     * @param room the room
     * @param call the call the share arrives on
     */
    default void onScreenShareStarted(Room room, CallSession call) {
    }

    /**
     * The remote peer of {@code call} stopped sharing its screen.
     *
     * @param room the room
     * @param call the call
     */
    default void onScreenShareStopped(Room room, CallSession call) {
    }

    /**
     * A periodic statistics snapshot of a connected call, every {@link ClientConfig#statsInterval()}.
     *
     * @param room  the room, never {@code null}
     * @param call  the call, {@link CallState#CONNECTED} or {@link CallState#RECONNECTING} when taken; never {@code null}
     * @param stats the snapshot, never {@code null}
     */
    default void onCallStats(Room room, CallSession call, CallStats stats) {
    }

    /**
     * The loudest remote peer changed: the one whose received audio level is highest and above a speaking
     * threshold, judged on each stats round. When nobody is speaking any more, {@code speaker} is empty.
     *
     * @param room    the room, never {@code null}
     * @param speaker the new active speaker, or {@link Optional#empty()} when nobody is speaking; never {@code null}
     */
    default void onActiveSpeakerChanged(Room room, Optional<Peer> speaker) {
    }

    /**
     * The room's signaling connection changed state. While {@link ConnectionState#RECONNECTING}, calls whose
     * media flows continue; {@link ConnectionState#CLOSED} is the last event of the room.
     *
     * @param room  the room, never {@code null}
     * @param state the new state, never {@code null}
     */
    default void onConnectionStateChanged(Room room, ConnectionState state) {
    }

    /**
     * Something went wrong that no operation of yours is waiting for, e.g. the server refused a message
     * or the room's signaling connection was given up. Calls are not affected unless they end.
     *
     * @param room  the room, never {@code null}
     * @param error what went wrong, never {@code null}; {@link CallwireException#reason()} classifies it
     */
    default void onError(Room room, CallwireException error) {
    }
}
