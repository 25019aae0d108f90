package dev.callwire.spi.support;

import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Welcome;

/** What transports may log about a message. */
final class LogSafe {

    private LogSafe() {
    }

    /** What is safe to log about a message: type and routing, never SDP, candidates or tokens. */
    /** A failure for a log line: its type and message, never its stack. */
    static String cause(Throwable cause) {
        return cause == null ? "no cause" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    static String describe(Message message) {
        StringBuilder b = new StringBuilder(message.type().wireName());
        if (message instanceof DirectedMessage d) {
            b.append(" call=").append(d.callId()).append(" to=").append(d.to());
            if (d.from() != null) {
                b.append(" from=").append(d.from());
            }
        } else if (message instanceof Join join && join.resume() != null) {
            b.append(" resume=").append(join.resume());
        } else if (message instanceof Welcome welcome) {
            b.append(" self=").append(welcome.self()).append(" peers=").append(welcome.peers().size());
        }
        return b.toString();
    }
}
