package dev.callwire.webrtc.internal.room;

import dev.callwire.Peer;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The loudest remote peer, if anyone is above a speaking level: judged after every stats round from the
 * audio level each call received; only changes are reported. Engine thread only.
 */
final class ActiveSpeaker {

    /** Received audio level (0-1) from which a peer counts as speaking: about -26 dBov, above line noise. */
    static final double SPEAKING_LEVEL = 0.05;

    private Peer current;

    /** Re-judges; {@code true} if the active speaker changed (to {@link #current()}, maybe nobody). */
    <T> boolean judge(Iterable<T> calls, Function<T, Peer> peer, ToDoubleFunction<T> level) {
        T loudest = null;
        double loudestLevel = 0;
        for (T call : calls) {
            double value = level.applyAsDouble(call);
            if (value >= SPEAKING_LEVEL && (loudest == null || value > loudestLevel)) {
                loudest = call;
                loudestLevel = value;
            }
        }
        Peer speaker = loudest == null ? null : peer.apply(loudest);
        if (Objects.equals(speaker, current)) {
            return false;
        }
        current = speaker;
        return true;
    }

    /** The active speaker, or {@code null} when nobody speaks. */
    Peer current() {
        return current;
    }
}
