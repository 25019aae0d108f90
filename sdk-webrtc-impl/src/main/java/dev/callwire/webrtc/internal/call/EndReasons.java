package dev.callwire.webrtc.internal.call;

import dev.callwire.EndReason;
import dev.callwire.protocol.ByeReason;

/** How the protocol's {@code bye} reasons map onto the API's end reasons. */
final class EndReasons {

    private EndReasons() {
    }

    static EndReason fromBye(ByeReason reason) {
        return switch (reason) {
            case DECLINED -> EndReason.DECLINED;
            case BUSY -> EndReason.BUSY;
            case TIMEOUT -> EndReason.TIMEOUT;
            case FAILED -> EndReason.FAILED;
            default -> EndReason.HANGUP;
        };
    }
}
