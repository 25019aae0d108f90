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
     * @return the difference to the previous look ({@code -old +new}, sorted), or {@code null} if nothing changed or
     *         this is the first look
     */
    String update(Set<String> current) {
        Set<String> previous = last;
        last = Set.copyOf(current);
        if (previous == null || previous.equals(last)) {
            return null;
        }
        Set<String> diff = new TreeSet<>();
        previous.stream().filter(a -> !last.contains(a)).forEach(a -> diff.add("-" + a));
        last.stream().filter(a -> !previous.contains(a)).forEach(a -> diff.add("+" + a));
        return String.join(" ", diff);
    }
}
