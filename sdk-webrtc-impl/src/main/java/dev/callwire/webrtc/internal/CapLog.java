package dev.callwire.webrtc.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The WARN line of one cap: the first time it is hit, then at most once per interval, saying how many more
 * were refused meanwhile. A flood that hits a cap thousands of times a second thus costs a few log lines,
 * and the log still shows that it went on. Thread-safe.
 */
public final class CapLog {

    private static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean logged; // guarded by this
    private long lastNanos; // guarded by this
    private long suppressed; // guarded by this

    public CapLog(Logger log) {
        this(log, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    CapLog(Logger log, long intervalNanos, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * Logs {@code format} at WARN, unless a line of this cap was logged less than the interval ago.
     *
     * @return whether the line was logged
     */
    public boolean warn(String format, Object... args) {
        long repeats;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (logged && now - lastNanos < intervalNanos) {
                suppressed++;
                return false;
            }
            logged = true;
            lastNanos = now;
            repeats = suppressed;
            suppressed = 0;
        }
        if (log.isWarnEnabled()) {
            log.warn(repeats == 0 ? format : format + " (and " + repeats + " more like it since the last such line)",
                    args);
        }
        return true;
    }

    /** How many were refused without a line since the last line. */
    public synchronized long suppressed() {
        return suppressed;
    }
}
