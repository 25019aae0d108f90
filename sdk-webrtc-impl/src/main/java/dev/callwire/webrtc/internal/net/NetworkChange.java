package dev.callwire.webrtc.internal.net;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What changed in the host's addresses, as {@code interface/address} strings. An address that went away may have
 * taken connections with it (they die silently); one that came is only a new path to try.
 *
 * @param removed addresses no longer present (also those of interfaces that went down)
 * @param added   addresses that appeared
 */
public record NetworkChange(Set<String> removed, Set<String> added) {

    public NetworkChange {
        removed = Set.copyOf(removed);
        added = Set.copyOf(added);
    }

    /** Some address went away: connections bound to it may be dead. */
    public boolean lostAddresses() {
        return !removed.isEmpty();
    }

    /** {@code -if/old +if/new}, sorted; addresses are personal data, so log this at DEBUG at most. */
    @Override
    public String toString() {
        return Stream.concat(removed.stream().map(a -> "-" + a), added.stream().map(a -> "+" + a)).sorted()
                .collect(Collectors.joining(" "));
    }
}
