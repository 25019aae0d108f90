package dev.callwire;

/**
 * A snapshot of one call's media statistics, from WebRTC's stats report. Bitrates and frame rates are
 * measured since the previous snapshot of the same call (the first snapshot measures since the call
 * started). Values a call does not have yet are 0 (counters) or {@code NaN} (round-trip time).
 *
 * @param timestampMillis     when the snapshot was taken, in epoch milliseconds
 * @param videoIn             received video
 * @param videoOut            sent video
 * @param audioIn             received audio
 * @param audioOut            sent audio
 * @param roundTripTimeMillis current round-trip time of the selected ICE candidate pair, or {@code NaN}
 * @param candidateType       the local candidate type of the selected candidate pair
 * @param iceRestarts         ICE restarts this call has made so far to recover its media path (see {@link IceRestartPolicy})
 * @param recoveredMillis     how long the latest recovery took, from {@link CallState#RECONNECTING} back to
 *                            {@link CallState#CONNECTED}; -1 if the media path never had to recover
 */
public record CallStats(long timestampMillis, Inbound videoIn, Outbound videoOut, Inbound audioIn, Outbound audioOut,
                        double roundTripTimeMillis, CandidateType candidateType, int iceRestarts, long recoveredMillis) {

    /** Type of the ICE candidate that carries the media. */
    public enum CandidateType {
        /** A local interface address. */
        HOST,
        /** An address seen by a STUN server. */
        SRFLX,
        /** An address learned from the remote peer's checks. */
        PRFLX,
        /** A TURN relay. */
        RELAY,
        /** Not known yet (no selected pair). */
        UNKNOWN
    }

    /**
     * Received media of one kind (summed over its streams).
     *
     * @param framesDecoded video frames decoded so far (0 for audio)
     * @param frameWidth    width of the last decoded frame (0 for audio)
     * @param jitterMillis  interarrival jitter
     * @param audioLevel    level of the received audio, 0 (silence) to 1 (full scale), as WebRTC measures it (0 for video)
     */
    public record Inbound(long packetsReceived, long packetsLost, long bytesReceived, long bitrateBps,
                          long framesDecoded, int frameWidth, int frameHeight, double framesPerSecond,
                          double jitterMillis, double audioLevel) {
        /** Nothing received. */
        public static final Inbound NONE = new Inbound(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Sent media of one kind (summed over its streams).
     *
     * @param framesEncoded video frames encoded so far (0 for audio)
     * @param audioLevel    level of the local audio being sent, 0 to 1 (0 for video)
     */
    public record Outbound(long packetsSent, long bytesSent, long bitrateBps, long framesEncoded,
                           int frameWidth, int frameHeight, double framesPerSecond, double audioLevel) {
        /** Nothing sent. */
        public static final Outbound NONE = new Outbound(0, 0, 0, 0, 0, 0, 0, 0);
    }
}
