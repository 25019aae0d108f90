package dev.callwire.samples.swing;

import dev.callwire.CallDirection;
import dev.callwire.CallState;
import dev.callwire.CallStats;
import dev.callwire.Peer;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Font;
import java.awt.GridLayout;
import java.util.Locale;
import javax.swing.BorderFactory;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JToggleButton;
import javax.swing.OverlayLayout;
import javax.swing.UIManager;

/**
 * One remote participant in the grid: their camera (and, while they share it, their screen beside it), who they
 * are and the call's state, a stats line drawn over the video that the tile's "Stats" button shows or hides, and
 * a coloured frame while they are the active speaker.
 */
final class CallTile extends JPanel {

    private static final long serialVersionUID = 1L;
    private static final Color SPEAKING = new Color(0x2E7D32);

    private final String who;
    private final JLabel title = new JLabel();
    private final JLabel stats = new JLabel("waiting for media…");
    private final JToggleButton statsToggle = new JToggleButton("Stats");
    private final VideoPanel video;
    private final VideoPanel screen;
    private final JPanel media = new JPanel(new GridLayout(1, 1, 4, 0));
    private boolean speaking;
    private boolean sharing;
    private CallState currentState = CallState.RINGING;

    CallTile(Peer peer, CallDirection direction, boolean showStats) {
        super(new BorderLayout(0, 2));
        this.who = peer.label();
        this.video = new VideoPanel((direction == CallDirection.OUTGOING ? "Calling " : "Connecting to ") + who + "…");
        this.screen = new VideoPanel(who + " shares their screen…");
        setName("tile-" + peer.id());
        video.setName("remoteVideo-" + peer.id());
        screen.setName("remoteScreen-" + peer.id());
        title.setName("title-" + peer.id());
        stats.setName("stats-" + peer.id());
        statsToggle.setName("statsToggle-" + peer.id());
        statsToggle.setSelected(showStats);
        statsToggle.setFocusable(false);
        statsToggle.setToolTipText("Show or hide this call's statistics over the video");
        statsToggle.addActionListener(e -> stats.setVisible(statsToggle.isSelected()));
        stats.setVisible(showStats);
        stats.setFont(stats.getFont().deriveFont(Font.PLAIN, 11f));
        stats.setOpaque(true);
        stats.setBackground(new Color(0, 0, 0, 150));
        stats.setForeground(Color.WHITE);
        stats.setBorder(BorderFactory.createEmptyBorder(2, 4, 2, 4));
        stats.setAlignmentX(0f);
        stats.setAlignmentY(0f);

        JPanel header = new JPanel(new BorderLayout());
        header.add(title, BorderLayout.CENTER);
        header.add(statsToggle, BorderLayout.EAST);
        media.add(video);
        add(header, BorderLayout.NORTH);
        add(overlay(stats, media), BorderLayout.CENTER);
        showState(CallState.RINGING);
        showSpeaking(false);
    }

    /** The stats label on top of the video, in the top-left corner. */
    private static JComponent overlay(JLabel label, JComponent under) {
        JPanel stack = new JPanel() {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean isOptimizedDrawingEnabled() {
                return false; // children overlap: repaint the label whenever the video under it repaints
            }
        };
        stack.setLayout(new OverlayLayout(stack));
        JPanel corner = new JPanel(new BorderLayout());
        corner.setOpaque(false);
        corner.add(label, BorderLayout.NORTH);
        JPanel line = new JPanel(new BorderLayout());
        line.setOpaque(false);
        line.add(corner, BorderLayout.WEST);
        line.setAlignmentX(0f);
        line.setAlignmentY(0f);
        under.setAlignmentX(0f);
        under.setAlignmentY(0f);
        stack.add(line); // first added is painted on top
        stack.add(under);
        return stack;
    }

    VideoPanel video() {
        return video;
    }

    VideoPanel screen() {
        return screen;
    }

    void showState(CallState state) {
        title.setText(" " + who + " · " + state.name().toLowerCase(Locale.ROOT) + (speaking ? " · speaking" : ""));
        currentState = state;
    }

    void showStats(CallStats snapshot) {
        stats.setText(StatsFormat.line(snapshot));
    }

    String statsText() {
        return stats.getText();
    }

    boolean statsShown() {
        return stats.isVisible();
    }

    void setStatsShown(boolean shown) {
        statsToggle.setSelected(shown);
        stats.setVisible(shown);
    }

    /** Shows or hides the remote screen next to the camera. */
    void showScreen(boolean on) {
        if (on == sharing) {
            return;
        }
        sharing = on;
        media.removeAll();
        media.setLayout(new GridLayout(1, on ? 2 : 1, 4, 0));
        if (on) {
            media.add(screen);
        } else {
            screen.clear(who + " shares their screen…");
        }
        media.add(video);
        media.revalidate();
        media.repaint();
    }

    boolean isSpeaking() {
        return speaking;
    }

    void showSpeaking(boolean on) {
        speaking = on;
        Color line = on ? SPEAKING : UIManager.getColor("Component.borderColor");
        setBorder(BorderFactory.createLineBorder(line == null ? Color.DARK_GRAY : line, on ? 3 : 1));
        showState(currentState);
    }
}
