package dev.callwire.server.internal;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per remote address: a cap on connections (or sessions) held at once and a token bucket on opening new
 * ones. One address flooding the server then costs it at most {@code maxOpen} connections and
 * {@code ratePerSecond} accepts, whatever the global limits are. Thread-safe.
 *
 * <p>Usage: every {@link #tryOpen} that returns {@code true} is matched by exactly one {@link #release}.
 * The table forgets an address once it holds nothing and its bucket has refilled, so addresses that come
 * and go (an IPv6 attacker can use many) do not grow it without bound; until then, reconnecting does not
 * reset the bucket.
 */
public final class PerIpLimits {

    /** How often (in {@link #tryOpen} calls) forgotten addresses are swept out of the table. */
    private static final int SWEEP_EVERY = 1024;

    private final int maxOpen;
    private final double ratePerSecond;
    private final int burst;
    private final TokenBucket.LongSupplierNanos clock;
    private final Map<InetAddress, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

    private static final class Entry {
        final TokenBucket bucket;
        int open; // guarded by the map's per-key compute

        Entry(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }

    /** Whether a refusal was due to the held-connections cap or to the opening rate. */
    public enum Verdict { ADMITTED, TOO_MANY_OPEN, TOO_FAST }

    public PerIpLimits(int maxOpen, double ratePerSecond, int burst) {
        this(maxOpen, ratePerSecond, burst, System::nanoTime);
    }

    PerIpLimits(int maxOpen, double ratePerSecond, int burst, TokenBucket.LongSupplierNanos clock) {
        if (maxOpen < 1) {
            throw new IllegalArgumentException("maxOpen must be >= 1, got " + maxOpen);
        }
        this.maxOpen = maxOpen;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
        new TokenBucket(ratePerSecond, burst, clock); // validates rate and burst now, not on the first connection
    }

    /** Admits one more connection from {@code address}, or says why not; only {@code ADMITTED} needs a release. */
    public Verdict tryOpen(InetAddress address) {
        if (untilSweep.decrementAndGet() <= 0) {
            untilSweep.set(SWEEP_EVERY);
            sweep();
        }
        Verdict[] verdict = new Verdict[1];
        entries.compute(address, (key, entry) -> {
            Entry e = entry != null ? entry : new Entry(new TokenBucket(ratePerSecond, burst, clock));
            if (e.open >= maxOpen) {
                verdict[0] = Verdict.TOO_MANY_OPEN;
            } else if (!e.bucket.tryAcquire()) {
                verdict[0] = Verdict.TOO_FAST;
            } else {
                e.open++;
                verdict[0] = Verdict.ADMITTED;
            }
            return e;
        });
        return verdict[0];
    }

    /** One admitted connection from {@code address} ended. */
    public void release(InetAddress address) {
        entries.computeIfPresent(address, (key, e) -> {
            e.open = Math.max(0, e.open - 1);
            return e.open == 0 && e.bucket.isFull() ? null : e;
        });
    }

    /** Connections {@code address} holds now. */
    public int openCount(InetAddress address) {
        Entry e = entries.get(address);
        return e == null ? 0 : e.open;
    }

    /** Addresses remembered now; for tests and metrics. */
    public int trackedAddresses() {
        return entries.size();
    }

    /** Forgets addresses that hold nothing and whose bucket has refilled, as if never seen. */
    void sweep() {
        for (InetAddress address : entries.keySet()) {
            entries.computeIfPresent(address, (key, e) -> e.open == 0 && e.bucket.isFull() ? null : e);
        }
    }
}
