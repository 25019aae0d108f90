package dev.callwire.webrtc.internal.net;

import java.util.Set;
import java.util.TreeSet;

/**
 * Tells whether the host's set of usable addresses changed between two looks. Pure logic: the first look is the
 * baseline; each later look that differs counts as one change and becomes the new baseline.
 */
final class AddressChanges {

    private Set<String> last;

    /**
     * @param current the addresses seen now, as {@code interface/address} strings
     * @return the difference to the previous look, or {@code null} if nothing changed or this is the first look
     */
    NetworkChange update(Set<String> current) {
        Set<String> previous = last;
        last = Set.copyOf(current);
        if (previous == null || previous.equals(last)) {
            return null;
        }
        Set<String> removed = new TreeSet<>(previous);
        removed.removeAll(last);
        Set<String> added = new TreeSet<>(last);
        added.removeAll(previous);
        return new NetworkChange(removed, added);
    }
}
