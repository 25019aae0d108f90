package dev.callwire.protocol;

/**
 * One trickled ICE candidate, as the browser's {@code RTCIceCandidateInit}.
 *
 * @param candidate     the {@code candidate:...} line
 * @param sdpMid        media section id, or {@code null}
 * @param sdpMLineIndex media section index, or {@code null}
 */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {

    /**
     * Checks the protocol's rules.
     *
     * @param candidate     the {@code candidate:...} line, never {@code null}
     * @param sdpMid        media section id, or {@code null} if {@code sdpMLineIndex} is given
     * @param sdpMLineIndex media section index, not negative, or {@code null} if {@code sdpMid} is given
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE} if a rule is broken
     */
    public IceCandidate {
        if (candidate == null) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "candidate.candidate is missing", "candidate");
        }
        if (sdpMid == null && sdpMLineIndex == null) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE,
                    "candidate needs sdpMid or sdpMLineIndex", "candidate");
        }
        if (sdpMLineIndex != null && sdpMLineIndex < 0) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE,
                    "candidate.sdpMLineIndex must not be negative", "candidate");
        }
    }
}
