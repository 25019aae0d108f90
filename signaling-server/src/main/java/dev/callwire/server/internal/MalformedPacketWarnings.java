package dev.callwire.server.internal;

import io.socket.socketio.server.parser.IOParser;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Rate-limits the WARNING socket.io-server logs (through java.util.logging, with a stack trace) for
 * every malformed packet it receives. Such a packet is the client's mistake, and one client sending
 * them in a loop filled the log; this lets one warning per interval through, without the stack trace
 * and with the number of warnings left out since the previous one.
 */
final class MalformedPacketWarnings implements Filter {

    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger loses its filter. */
    private static final Logger PARSER_LOG = Logger.getLogger(IOParser.class.getName());
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private final long intervalNanos;
    private final AtomicLong lastNanos = new AtomicLong(System.nanoTime() - INTERVAL.toNanos());
    private final AtomicLong suppressed = new AtomicLong();

    private MalformedPacketWarnings(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Installs the filter on socket.io-server's parser logger, unless the application set one of its own. */
    static void install() {
        synchronized (PARSER_LOG) {
            if (PARSER_LOG.getFilter() == null) {
                PARSER_LOG.setFilter(new MalformedPacketWarnings(INTERVAL));
            }
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() < Level.WARNING.intValue()) {
            return true;
        }
        long now = System.nanoTime();
        long last = lastNanos.get();
        if (now - last < intervalNanos || !lastNanos.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        String cause = record.getThrown() == null ? "" : ": " + record.getThrown();
        record.setThrown(null);
        record.setParameters(null);
        // Without parameters java.util.logging prints the message as is, so braces in the cause are harmless.
        record.setMessage("Refused a malformed socket.io packet" + cause + " (" + skipped
                + " more since the previous warning; at most one per " + INTERVAL.toMinutes() + " min)");
        return true;
    }
}
