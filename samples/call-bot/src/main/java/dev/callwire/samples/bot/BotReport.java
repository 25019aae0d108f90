package dev.callwire.samples.bot;

import java.util.List;

/**
 * What {@code --report FILE} writes, as JSON: the run and one entry per call the bot made or answered.
 *
 * @param room        the room
 * @param selfId      the bot's peer id
 * @param name        the bot's display name, or {@code null}
 * @param signaling   the signaling URI without user info or query
 * @param video       outgoing video, {@code WxH@FPS}
 * @param durationSeconds how long the bot stayed
 * @param passed      whether every call connected and decoded remote video (and there was at least one)
 * @param calls       the calls, in the order they started
 */
public record BotReport(String room, String selfId, String name, String signaling, String video, int durationSeconds,
                        boolean passed, List<Call> calls) {

    /**
     * One call.
     *
     * @param peerId               the remote peer's id
     * @param peerName             the remote peer's display name, or {@code null}
     * @param callId               the call id carried in signaling
     * @param direction            {@code OUTGOING} or {@code INCOMING}
     * @param msToConnected        from the call's start (calling, or being called) to media connected; {@code null} if never
     * @param msToFirstFrame       from the call's start to the first decoded remote video frame; {@code null} if none
     * @param framesDecoded        remote video frames decoded
     * @param width                width of the remote video, 0 if none
     * @param height               height of the remote video, 0 if none
     * @param audioPacketsReceived remote audio packets received
     * @param candidateType        the local candidate type of the selected ICE pair in the last stats snapshot
     *                             ({@code HOST}, {@code SRFLX}, {@code PRFLX}, {@code RELAY}, {@code UNKNOWN}), or
     *                             {@code null} if no snapshot was taken
     * @param endReason            why the call ended ({@code HANGUP}, {@code PEER_LEFT}, ...)
     * @param passed               connected and decoded remote video
     * @param iceRestarts          ICE restarts the call made to recover its media path (last stats snapshot)
     * @param recoveredMs          how long the latest recovery took, RECONNECTING to CONNECTED; {@code null} if none
     * @param longestFrameGapMs    the longest time between two decoded remote video frames; 0 if fewer than two
     * @param frameGaps            pauses of at least 500 ms between decoded remote video frames (at most 100), in order
     * @param lastFrameAtMs        epoch milliseconds of the last decoded remote video frame; {@code null} if none
     * @param states               the call's state changes with their causes, e.g. {@code RECONNECTING:MEDIA_FAILED}
     */
    public record Call(String peerId, String peerName, String callId, String direction, Long msToConnected,
                       Long msToFirstFrame, long framesDecoded, int width, int height, long audioPacketsReceived,
                       String candidateType, String endReason, boolean passed, int iceRestarts, Long recoveredMs,
                       long longestFrameGapMs, List<FrameGap> frameGaps, Long lastFrameAtMs, List<String> states) {
    }

    /**
     * A pause in the remote video.
     *
     * @param endedAtMs epoch milliseconds of the frame that ended it
     * @param ms        how long it lasted
     */
    public record FrameGap(long endedAtMs, long ms) {
    }
}
