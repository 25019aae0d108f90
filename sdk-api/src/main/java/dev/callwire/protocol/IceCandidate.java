package dev.callwire.protocol;

/**
 * One trickled ICE candidate, as the browser's {@code RTCIceCandidateInit}.
 *
 * @param candidate     the {@code candidate:...} line
 * @param sdpMid        media section id, or {@code null}
 * @param sdpMLineIndex media section index, or {@code null}
 */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {

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
