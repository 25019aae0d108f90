package dev.callwire;

import java.util.Objects;

/**
 * Another participant of a {@link Room}.
 *
 * @param id          the peer id the signaling server assigned (unique in the room)
 * @param displayName the name the peer gave when joining, or {@code null}
 */
public record Peer(String id, String displayName) {

    /**
     * Makes a peer; the SDK makes them from what the signaling server reports.
     *
     * @param id          the peer id, never {@code null}
     * @param displayName the peer's display name, or {@code null}
     * @throws NullPointerException if {@code id} is {@code null}
     */
    public Peer {
        Objects.requireNonNull(id, "id");
    }

    /**
     * What to show for this peer in a UI or a log line.
     *
     * @return the display name, or the id when the peer gave none (or a blank one); never {@code null}
     */
    public String label() {
        return displayName == null || displayName.isBlank() ? id : displayName;
    }
}
