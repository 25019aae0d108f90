package dev.callwire;

import java.util.Objects;

/**
 * Another participant of a {@link Room}.
 *
 * @param id          the peer id the signaling server assigned (unique in the room)
 * @param displayName the name the peer gave when joining, or {@code null}
 */
public record Peer(String id, String displayName) {

    public Peer {
        Objects.requireNonNull(id, "id");
    }

    /** The display name, or the id when the peer gave none. */
    public String label() {
        return displayName == null || displayName.isBlank() ? id : displayName;
    }
}
