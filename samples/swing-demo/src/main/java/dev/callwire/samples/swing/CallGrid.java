package dev.callwire.samples.swing;

import dev.callwire.CallSession;
import dev.callwire.CallState;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.GridLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingConstants;

/**
 * The tiles of the calls, in a square-ish grid: adds and removes them, attaches their renderers to the SDK's
 * feeds, frames the active speaker, and shows the remote screen while it is shared. EDT only.
 */
final class CallGrid extends JPanel {

    private static final long serialVersionUID = 1L;

    private final Map<CallSession, CallTile> tiles = new LinkedHashMap<>();
    private boolean statsShown;

    CallGrid(boolean statsShown) {
        this.statsShown = statsShown;
        setName("remoteGrid");
        relayout();
    }

    boolean isEmpty() {
        return tiles.isEmpty();
    }

    boolean contains(CallSession session) {
        return tiles.containsKey(session);
    }

    List<CallSession> sessions() {
        return new ArrayList<>(tiles.keySet());
    }

    CallTile tile(CallSession session) {
        return tiles.get(session);
    }

    /** A tile for the call, its camera rendered from the first frame on; no effect if it has one. */
    void add(CallSession session) {
        if (tiles.containsKey(session)) {
            return;
        }
        CallTile tile = new CallTile(session.peer(), session.direction(), statsShown);
        session.remoteVideo().addRenderer(tile.video());
        tiles.put(session, tile);
        tile.showState(session.state());
        if (session.remoteScreen().isActive()) {
            screenStarted(session);
        }
        relayout();
    }

    void remove(CallSession session) {
        CallTile tile = tiles.remove(session);
        if (tile == null) {
            return;
        }
        session.remoteVideo().removeRenderer(tile.video());
        session.remoteScreen().removeRenderer(tile.screen());
        relayout();
    }

    void removeAll(List<CallSession> sessions) {
        sessions.forEach(this::remove);
    }

    void showState(CallSession session, CallState state) {
        CallTile tile = tiles.get(session);
        if (tile != null) {
            tile.showState(state);
        }
    }

    void screenStarted(CallSession session) {
        CallTile tile = tiles.get(session);
        if (tile != null) {
            tile.showScreen(true);
            session.remoteScreen().addRenderer(tile.screen());
        }
    }

    void screenStopped(CallSession session) {
        CallTile tile = tiles.get(session);
        if (tile != null) {
            session.remoteScreen().removeRenderer(tile.screen());
            tile.showScreen(false);
        }
    }

    /** Frames the tile of the peer who speaks; none when nobody does. */
    void highlightSpeaker(Optional<String> peerId) {
        tiles.forEach((session, tile) -> tile.showSpeaking(peerId.isPresent()
                && peerId.get().equals(session.peer().id())));
    }

    /** The View menu's switch: every tile shows (or hides) its stats; each tile can still be toggled. */
    void setStatsShown(boolean shown) {
        statsShown = shown;
        tiles.values().forEach(t -> t.setStatsShown(shown));
    }

    /** Asks every live call for a stats snapshot and shows it in its tile. */
    void refreshStats() {
        tiles.forEach((session, tile) -> {
            if (session.state() == CallState.CONNECTED || session.state() == CallState.RECONNECTING) {
                session.stats().whenComplete((snapshot, error) -> {
                    if (snapshot != null && tiles.get(session) == tile) {
                        tile.showStats(snapshot);
                    }
                });
            }
        });
    }

    private void relayout() {
        removeAll();
        int n = tiles.size();
        if (n == 0) {
            setLayout(new BorderLayout());
            JLabel hint = new JLabel("No call yet. Press Start, pick a person and press Call.", SwingConstants.CENTER);
            hint.setForeground(Color.GRAY);
            add(hint, BorderLayout.CENTER);
        } else {
            int cols = (int) Math.ceil(Math.sqrt(n));
            int rows = (n + cols - 1) / cols;
            setLayout(new GridLayout(rows, cols, 4, 4));
            for (CallTile tile : tiles.values()) {
                add(tile);
            }
        }
        revalidate();
        repaint();
    }
}
