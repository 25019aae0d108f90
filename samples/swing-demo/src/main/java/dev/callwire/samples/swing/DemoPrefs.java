package dev.callwire.samples.swing;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo remembers between runs (name, room, chosen devices, ring sound, stats overlay, theme), in the
 * user's {@link Preferences}. The node is {@code dev/callwire/samples/swing} unless the system property
 * {@value #NODE_PROPERTY} names another one (tests use their own, so they neither see nor change a person's).
 * A preference store that cannot be written costs the memory, never the session: failures are logged.
 */
final class DemoPrefs {

    static final String NODE_PROPERTY = "callwire.demo.prefs";
    private static final Logger LOG = LoggerFactory.getLogger(DemoPrefs.class);

    private final Preferences node;

    DemoPrefs(Preferences node) {
        this.node = node;
    }

    /** The node named by {@value #NODE_PROPERTY}, or the demo's own. */
    static DemoPrefs load() {
        String path = System.getProperty(NODE_PROPERTY, "/dev/callwire/samples/swing");
        return new DemoPrefs(Preferences.userRoot().node(path.startsWith("/") ? path : "/" + path));
    }

    String name(String fallback) {
        return node.get("name", fallback);
    }

    String room(String fallback) {
        return node.get("room", fallback);
    }

    /** The video choice's key, see {@link DeviceChoice#key()}. */
    String video() {
        return node.get("video", DeviceChoice.AUTOMATIC_KEY);
    }

    String audio() {
        return node.get("audio", DeviceChoice.AUTOMATIC_KEY);
    }

    boolean ringSound() {
        return node.getBoolean("ringSound", true);
    }

    boolean statsOverlay() {
        return node.getBoolean("statsOverlay", true);
    }

    Theme.Choice theme() {
        try {
            return Theme.Choice.valueOf(node.get("theme", Theme.Choice.SYSTEM.name()));
        } catch (IllegalArgumentException e) {
            return Theme.Choice.SYSTEM;
        }
    }

    void saveIdentity(String name, String room) {
        node.put("name", name);
        node.put("room", room);
        flush();
    }

    void saveDevices(DeviceChoice video, DeviceChoice audio) {
        node.put("video", video.key());
        node.put("audio", audio.key());
        flush();
    }

    void saveRingSound(boolean on) {
        node.putBoolean("ringSound", on);
        flush();
    }

    void saveStatsOverlay(boolean on) {
        node.putBoolean("statsOverlay", on);
        flush();
    }

    void saveTheme(Theme.Choice choice) {
        node.put("theme", choice.name());
        flush();
    }

    private void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            LOG.warn("Settings could not be saved ({}); they last until the demo closes", e.getMessage());
        }
    }
}
