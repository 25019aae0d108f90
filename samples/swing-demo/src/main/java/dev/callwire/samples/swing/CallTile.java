package dev.callwire.samples.swing;

import dev.callwire.CallDirection;
import dev.callwire.CallState;
import dev.callwire.CallStats;
import dev.callwire.Peer;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;

/** One remote participant in the grid: their video, who they are, the call's state and a live stats line. */
final class CallTile extends JPanel {

    private static final long serialVersionUID = 1L;

    private final String who;
    private final JLabel title = new JLabel();
    private final JLabel stats = new JLabel("waiting for media…");
    private final VideoPanel video;

    CallTile(Peer peer, CallDirection direction) {
        super(new BorderLayout(0, 2));
        this.who = peer.label();
        this.video = new VideoPanel((direction == CallDirection.OUTGOING ? "Calling " : "Connecting to ") + who + "…");
        setName("tile-" + peer.id());
        video.setName("remoteVideo-" + peer.id());
        title.setName("title-" + peer.id());
        stats.setName("stats-" + peer.id());
        stats.setFont(stats.getFont().deriveFont(Font.PLAIN, 11f));
        setBorder(BorderFactory.createLineBorder(Color.DARK_GRAY));
        add(title, BorderLayout.NORTH);
        add(video, BorderLayout.CENTER);
        add(stats, BorderLayout.SOUTH);
        showState(CallState.RINGING);
    }

    VideoPanel video() {
        return video;
    }

    void showState(CallState state) {
        title.setText(" " + who + " · " + state.name().toLowerCase(Locale.ROOT));
    }

    void showStats(CallStats snapshot) {
        stats.setText(" " + StatsFormat.line(snapshot));
    }

    String statsText() {
        return stats.getText();
    }
}
