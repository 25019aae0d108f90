package dev.callwire.samples.swing;

import dev.callwire.Peer;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JToggleButton;
import javax.swing.ListSelectionModel;

/**
 * The left side: the people in the room, the call buttons (Call, Call everyone, Hang Up, mutes, screen share) and
 * the local preview. Holds no call logic; the controller wires the buttons. EDT only.
 */
final class PeerListPanel extends JPanel {

    private static final long serialVersionUID = 1L;
    static final String PREVIEW_IDLE = "Your video shows here during a call";
    static final String WHOLE_SCREEN = "Whole screen";
    static final String REGION = "Region…";

    final DefaultListModel<Peer> peers = new DefaultListModel<>();
    final JList<Peer> peerList = new JList<>(peers);
    final JButton call = new JButton("Call");
    final JButton callEveryone = new JButton("Call everyone");
    final JButton hangUp = new JButton("Hang Up");
    final JToggleButton muteAudio = new JToggleButton("Mute mic");
    final JToggleButton muteVideo = new JToggleButton("Stop video");
    final JToggleButton shareScreen = new JToggleButton("Share screen");
    final JComboBox<String> shareMode = new JComboBox<>(new String[] {WHOLE_SCREEN, REGION});
    final VideoPanel localPreview = new VideoPanel(PREVIEW_IDLE);

    PeerListPanel() {
        setLayout(new BoxLayout(this, BoxLayout.Y_AXIS));
        setBorder(BorderFactory.createEmptyBorder(0, 6, 0, 0));
        peerList.setName("peerList");
        peerList.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        peerList.setCellRenderer(new PeerRenderer());
        JScrollPane peerScroll = new JScrollPane(peerList);
        peerScroll.setPreferredSize(new Dimension(250, 180));
        call.setName("call");
        callEveryone.setName("callEveryone");
        hangUp.setName("hangUp");
        muteAudio.setName("muteAudio");
        muteVideo.setName("muteVideo");
        shareScreen.setName("shareScreen");
        shareScreen.setToolTipText("Share your screen (or a region of it) in every call");
        shareMode.setName("shareMode");
        localPreview.setName("localPreview");
        localPreview.setPreferredSize(new Dimension(250, 188));
        localPreview.setMaximumSize(new Dimension(250, 188));

        add(left(new JLabel("People in the room")));
        add(left(peerScroll));
        add(Box.createVerticalStrut(6));
        add(left(row(call, callEveryone)));
        add(left(row(hangUp)));
        add(left(row(muteAudio, muteVideo)));
        add(left(row(shareScreen, shareMode)));
        add(Box.createVerticalStrut(6));
        add(left(new JLabel("You")));
        add(left(localPreview));
        add(Box.createVerticalGlue());
    }

    Peer selected() {
        return peerList.getSelectedValue();
    }

    /** Replaces the list, keeping the selection when that person is still there. */
    void showPeers(List<Peer> present) {
        Peer selected = selected();
        peers.clear();
        present.forEach(peers::addElement);
        if (selected != null) {
            for (int i = 0; i < peers.size(); i++) {
                if (peers.get(i).id().equals(selected.id())) {
                    peerList.setSelectedIndex(i);
                }
            }
        }
    }

    void enableFor(boolean joined, boolean inCall) {
        call.setEnabled(joined && selected() != null);
        callEveryone.setEnabled(joined && !peers.isEmpty());
        hangUp.setEnabled(joined && inCall);
        shareScreen.setEnabled(joined);
        shareMode.setEnabled(joined && !shareScreen.isSelected());
    }

    private static JComponent row(JComponent... components) {
        JPanel row = new JPanel(new FlowLayout(FlowLayout.LEFT, 4, 2));
        for (JComponent c : components) {
            row.add(c);
        }
        row.setMaximumSize(new Dimension(Integer.MAX_VALUE, row.getPreferredSize().height));
        return row;
    }

    private static JComponent left(JComponent c) {
        c.setAlignmentX(Component.LEFT_ALIGNMENT);
        return c;
    }

    /** "Name · first 8 of the id", the full id in the tooltip. */
    private static final class PeerRenderer extends DefaultListCellRenderer {
        private static final long serialVersionUID = 1L;

        @Override
        public Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean selected,
                                                      boolean focus) {
            Peer peer = (Peer) value;
            String shortId = peer.id().length() > 8 ? peer.id().substring(0, 8) : peer.id();
            String text = peer.displayName() == null ? peer.id() : peer.displayName() + "  · " + shortId;
            Component c = super.getListCellRendererComponent(list, text, index, selected, focus);
            setToolTipText("Peer id " + peer.id());
            return c;
        }
    }
}
