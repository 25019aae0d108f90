package dev.callwire.webrtc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Hands each ICE candidate of one side of the warm-up's pair to the other side, holding them back until both
 * sides have applied their remote description ({@link #open()}): a candidate added earlier would be refused.
 * Not thread-safe: the pair's thread only.
 *
 * @param <C> a candidate
 */
final class CandidateRelay<C> {

    private record Held<C>(boolean fromOfferer, C candidate) {
    }

    private final BiConsumer<Boolean, C> toOtherSide;
    private final List<Held<C>> held = new ArrayList<>();
    private boolean open;

    /** @param toOtherSide adds a candidate to the side that did not gather it; the flag: the offerer gathered it */
    CandidateRelay(BiConsumer<Boolean, C> toOtherSide) {
        this.toOtherSide = toOtherSide;
    }

    /** A side gathered {@code candidate}: relayed now if open, else held (in order). */
    void gathered(boolean fromOfferer, C candidate) {
        if (open) {
            toOtherSide.accept(fromOfferer, candidate);
        } else {
            held.add(new Held<>(fromOfferer, candidate));
        }
    }

    /** Both remote descriptions are set: relays what was held, in order, and the rest as it comes. Idempotent. */
    void open() {
        if (open) {
            return;
        }
        open = true;
        for (Held<C> h : held) {
            toOtherSide.accept(h.fromOfferer(), h.candidate());
        }
        held.clear();
    }

    /** Candidates waiting for {@link #open()}. */
    int held() {
        return held.size();
    }
}
