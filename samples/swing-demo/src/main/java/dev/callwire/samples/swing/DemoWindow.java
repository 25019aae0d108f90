package dev.callwire.samples.swing;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallwireException;
import dev.callwire.ClientConfig;
import dev.callwire.ConnectionState;
import dev.callwire.EndReason;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.JToggleButton;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's window and the little controller behind it. Everything here runs on the Swing event dispatch
 * thread: the client is built with {@code eventExecutor(SwingUtilities::invokeLater)}, so room and call
 * events, and the SDK's futures, arrive on the EDT too. Only creating and closing the client (which loads
 * and releases native code) happen on a background thread.
 *
 * <p>Components have names ({@code start}, {@code peerList}, {@code call}, {@code hangUp},
 * {@code remoteVideo-<peerId>}, ...) so tests and accessibility tools can find them.
 */
final class DemoWindow {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWindow.class);

    /** Video choices, in combo box order. */
    private static final String[] VIDEO_CHOICES = {"Automatic", "Test pattern", "Camera named:", "No video"};
    /** Microphone choices, in combo box order. */
    private static final String[] AUDIO_CHOICES = {"Automatic", "Tone 440 Hz", "Microphone named:", "No audio"};
    private static final String PREVIEW_IDLE = "Your video shows here during a call";

    /**
     * What the window starts with.
     *
     * @param signalingUris where to signal: one server, or the instances of a signaling cluster in order
     * @param browserUri    the browser client's address when the server runs in this process, else {@code null}
     */
    record Settings(java.util.List<URI> signalingUris, URI browserUri, String room, String name, VideoSpec video) {
        Settings {
            signalingUris = java.util.List.copyOf(signalingUris);
            if (signalingUris.isEmpty()) {
                throw new IllegalArgumentException("signaling: at least one URI");
            }
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(video, "video");
        }

        Settings(URI signaling, URI browserUri, String room, String name, VideoSpec video) {
            this(java.util.List.of(signaling), browserUri, room, name, video);
        }

        /** The first (preferred) signaling URI. */
        URI signaling() {
            return signalingUris.get(0);
        }
    }

    private enum Phase { IDLE, STARTING, JOINED }

    private final Settings settings;
    private final EmbeddedSignaling ownedServer;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "callwire-demo-lifecycle");
        t.setDaemon(true);
        return t;
    });

    private final JFrame frame = new JFrame("Callwire demo");
    private final JTextField nameField = new JTextField(10);
    private final JTextField roomField = new JTextField(8);
    private final JComboBox<String> videoSource = new JComboBox<>(VIDEO_CHOICES);
    private final JTextField cameraName = new JTextField(8);
    private final JComboBox<String> audioSource = new JComboBox<>(AUDIO_CHOICES);
    private final JTextField microphoneName = new JTextField(8);
    private final JButton start = new JButton("Start");
    private final JButton leave = new JButton("Leave");
    private final DefaultListModel<Peer> peers = new DefaultListModel<>();
    private final JList<Peer> peerList = new JList<>(peers);
    private final JButton call = new JButton("Call");
    private final JButton callEveryone = new JButton("Call everyone");
    private final JButton hangUp = new JButton("Hang Up");
    private final JToggleButton muteAudio = new JToggleButton("Mute mic");
    private final JToggleButton muteVideo = new JToggleButton("Stop video");
    private final VideoPanel localPreview = new VideoPanel(PREVIEW_IDLE);
    private final JPanel remoteGrid = new JPanel();
    private final JLabel status = new JLabel(" ");
    private final JTextField shareField = new JTextField();
    private final Timer statsTimer = new Timer(1000, e -> refreshStats());

    private final Map<CallSession, CallTile> tiles = new LinkedHashMap<>();
    private final Map<CallSession, IncomingCallDialog> ringing = new LinkedHashMap<>();
    private Phase phase = Phase.IDLE;
    private CallClient client;
    private Room room;

    private DemoWindow(Settings settings, EmbeddedSignaling ownedServer) {
        this.settings = settings;
        this.ownedServer = ownedServer;
    }

    /** Builds and shows the window. EDT only. */
    static DemoWindow open(Settings settings, EmbeddedSignaling ownedServer) {
        DemoWindow window = new DemoWindow(settings, ownedServer);
        window.build();
        window.frame.setVisible(true);
        return window;
    }

    JFrame frame() {
        return frame;
    }

    /** Closing the window shuts everything down and ends the process. */
    void exitOnClose() {
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                frame.dispose();
                // Exit even if closing fails or hangs: the SDK bounds close(), this bounds everything.
                shutdown().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                        .whenComplete((ignored, error) -> System.exit(0));
            }
        });
    }

    /**
     * Hangs up, leaves, closes the client and the embedded server (in the background, bounded by the SDK's
     * own close timeouts). EDT only.
     *
     * @return completes when everything is closed
     */
    java.util.concurrent.CompletableFuture<Void> shutdown() {
        statsTimer.stop();
        new ArrayList<>(ringing.values()).forEach(IncomingCallDialog::dismiss);
        ringing.clear();
        CallClient closing = client;
        client = null;
        room = null;
        phase = Phase.IDLE;
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            if (closing != null) {
                closing.close();
            }
            if (ownedServer != null) {
                ownedServer.close();
            }
        }, background).whenComplete((v, e) -> background.shutdown());
    }

    // ---------------------------------------------------------------- layout

    private void build() {
        frame.setName("callwireDemo");
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.getContentPane().setLayout(new BorderLayout(6, 6));
        frame.getContentPane().add(setupBar(), BorderLayout.NORTH);
        frame.getContentPane().add(sideBar(), BorderLayout.WEST);
        remoteGrid.setName("remoteGrid");
        remoteGrid.setBackground(Color.DARK_GRAY);
        frame.getContentPane().add(remoteGrid, BorderLayout.CENTER);
        frame.getContentPane().add(statusBar(), BorderLayout.SOUTH);
        relayoutGrid();
        updateControls();
        statsTimer.setRepeats(true);
        frame.setSize(1100, 720);
        frame.setLocationRelativeTo(null);
        if (settings.browserUri() != null) {
            status("Press Start to join room '" + settings.room() + "'. Others join with the browser client below, "
                    + "or a second demo with --signaling " + settings.signaling(), false);
        } else {
            status("Press Start to join room '" + settings.room() + "' at " + settings.signaling(), false);
        }
    }

    private JComponent setupBar() {
        name(nameField, "nameField").setText(settings.name() == null ? "" : settings.name());
        name(roomField, "roomField").setText(settings.room());
        name(videoSource, "videoSource").setToolTipText("Automatic uses the first camera, or a moving test pattern "
                + "when there is none");
        name(cameraName, "cameraName").setToolTipText("Part of the camera's name; empty = the first camera");
        name(audioSource, "audioSource").setToolTipText("Automatic uses the default microphone, or a tone when "
                + "there is none");
        name(microphoneName, "microphoneName").setToolTipText("Part of the microphone's name");
        name(start, "start").addActionListener(e -> start());
        start.setToolTipText("Join the room with camera and microphone on; others can then call you");
        name(leave, "leave").addActionListener(e -> leave("You left the room."));
        videoSource.addActionListener(e -> updateControls());
        audioSource.addActionListener(e -> updateControls());

        JPanel who = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 2));
        who.add(new JLabel("Name"));
        who.add(nameField);
        who.add(new JLabel("Room"));
        who.add(roomField);
        who.add(start);
        who.add(leave);
        JPanel media = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 2));
        media.add(new JLabel("Camera"));
        media.add(videoSource);
        media.add(cameraName);
        media.add(Box.createHorizontalStrut(12));
        media.add(new JLabel("Microphone"));
        media.add(audioSource);
        media.add(microphoneName);
        JPanel bar = new JPanel();
        bar.setLayout(new BoxLayout(bar, BoxLayout.Y_AXIS));
        bar.setBorder(BorderFactory.createEmptyBorder(4, 0, 0, 0));
        bar.add(leftAligned(who));
        bar.add(leftAligned(media));
        return bar;
    }

    private JComponent sideBar() {
        JPanel side = new JPanel();
        side.setLayout(new BoxLayout(side, BoxLayout.Y_AXIS));
        side.setBorder(BorderFactory.createEmptyBorder(0, 6, 0, 0));
        name(peerList, "peerList");
        peerList.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        peerList.setCellRenderer(new DefaultListCellRenderer() {
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
        });
        peerList.addListSelectionListener(e -> updateControls());
        JScrollPane peerScroll = new JScrollPane(peerList);
        peerScroll.setPreferredSize(new Dimension(250, 200));
        name(call, "call").addActionListener(e -> callSelected());
        name(callEveryone, "callEveryone").addActionListener(e -> callEveryone());
        name(hangUp, "hangUp").addActionListener(e -> hangUpAll());
        name(muteAudio, "muteAudio").addActionListener(e -> applyMutes());
        name(muteVideo, "muteVideo").addActionListener(e -> applyMutes());
        name(localPreview, "localPreview").setPreferredSize(new Dimension(250, 188));
        localPreview.setMaximumSize(new Dimension(250, 188));

        side.add(leftAligned(new JLabel("People in the room")));
        side.add(leftAligned(peerScroll));
        side.add(Box.createVerticalStrut(6));
        side.add(leftAligned(row(call, callEveryone)));
        side.add(leftAligned(row(hangUp)));
        side.add(leftAligned(row(muteAudio, muteVideo)));
        side.add(Box.createVerticalStrut(6));
        side.add(leftAligned(new JLabel("You")));
        side.add(leftAligned(localPreview));
        side.add(Box.createVerticalGlue());
        return side;
    }

    private JComponent statusBar() {
        JPanel bar = new JPanel(new BorderLayout(6, 0));
        bar.setBorder(BorderFactory.createEmptyBorder(2, 6, 4, 6));
        name(status, "status");
        name(shareField, "shareField").setEditable(false);
        if (settings.browserUri() != null) {
            shareField.setText("Browser client: " + settings.browserUri() + "    Second demo: --signaling "
                    + settings.signaling());
        } else {
            shareField.setText("Signaling: " + settings.signaling());
        }
        bar.add(status, BorderLayout.NORTH);
        bar.add(shareField, BorderLayout.SOUTH);
        return bar;
    }

    private static JComponent row(JComponent... components) {
        JPanel row = new JPanel(new FlowLayout(FlowLayout.LEFT, 4, 2));
        for (JComponent c : components) {
            row.add(c);
        }
        row.setMaximumSize(new Dimension(Integer.MAX_VALUE, row.getPreferredSize().height));
        return row;
    }

    private static JComponent leftAligned(JComponent c) {
        c.setAlignmentX(Component.LEFT_ALIGNMENT);
        return c;
    }

    private static <T extends Component> T name(T component, String name) {
        component.setName(name);
        return component;
    }

    private void updateControls() {
        boolean idle = phase == Phase.IDLE;
        boolean joined = phase == Phase.JOINED;
        for (JComponent c : List.of(nameField, roomField, videoSource, audioSource, start)) {
            c.setEnabled(idle);
        }
        cameraName.setEnabled(idle && videoSource.getSelectedIndex() == 2);
        microphoneName.setEnabled(idle && audioSource.getSelectedIndex() == 2);
        leave.setEnabled(joined);
        call.setEnabled(joined && peerList.getSelectedValue() != null);
        callEveryone.setEnabled(joined && !peers.isEmpty());
        hangUp.setEnabled(joined && !tiles.isEmpty());
    }

    private void status(String text, boolean error) {
        status.setForeground(error ? new Color(0xB00020) : Color.DARK_GRAY);
        status.setText(text);
        if (error) {
            LOG.warn(text);
        }
    }

    // ---------------------------------------------------------------- Start / Leave

    private void start() {
        String roomName = roomField.getText().trim();
        String displayName = nameField.getText().trim();
        ClientConfig config;
        try {
            config = ClientConfig.builder(settings.signaling())
                    .signalingUris(settings.signalingUris())
                    .displayName(displayName.isEmpty() ? null : displayName)
                    .media(mediaOptions())
                    .eventExecutor(SwingUtilities::invokeLater)
                    .build();
        } catch (IllegalArgumentException e) {
            status("Cannot start: " + e.getMessage(), true);
            return;
        }
        phase = Phase.STARTING;
        updateControls();
        status("Starting camera and microphone and joining '" + roomName + "'…", false);
        background.execute(() -> {
            CallClient created;
            try {
                created = CallClient.create(config);
            } catch (RuntimeException e) {
                SwingUtilities.invokeLater(() -> startFailed(e));
                return;
            }
            SwingUtilities.invokeLater(() -> join(created, roomName));
        });
    }

    private void join(CallClient created, String roomName) {
        if (phase != Phase.STARTING) { // the window was closed meanwhile
            background.execute(created::close);
            return;
        }
        client = created;
        try {
            created.join(roomName, new Events()).whenComplete((joined, error) -> {
                if (error != null) {
                    startFailed(error);
                } else {
                    joined(joined);
                }
            });
        } catch (RuntimeException e) {
            startFailed(e);
        }
    }

    private void joined(Room joined) {
        if (client == null) {
            joined.close();
            return;
        }
        room = joined;
        phase = Phase.JOINED;
        client.addLocalVideoRenderer(localPreview); // "Start": camera on, preview shown before any call
        refreshPeers();
        statsTimer.start();
        status("You are " + joined.selfId() + " in room '" + joined.name() + "' and reachable. "
                + (peers.isEmpty() ? "Waiting for someone to join…" : "Pick a person and press Call."), false);
    }

    private void startFailed(Throwable error) {
        closeClient();
        phase = Phase.IDLE;
        updateControls();
        status("Could not start: " + HeadlessLoopback.describe(error), true);
    }

    private void leave(String why) {
        Room leaving = room;
        if (leaving != null) {
            leaving.leave();
        }
        resetToIdle(why, false);
    }

    private void resetToIdle(String why, boolean error) {
        statsTimer.stop();
        new ArrayList<>(ringing.values()).forEach(IncomingCallDialog::dismiss);
        ringing.clear();
        for (CallSession session : new ArrayList<>(tiles.keySet())) {
            removeTile(session);
        }
        room = null;
        closeClient();
        peers.clear();
        phase = Phase.IDLE;
        updateControls();
        status(why, error);
    }

    private void closeClient() {
        CallClient closing = client;
        client = null;
        localPreview.clear(PREVIEW_IDLE);
        if (closing != null) {
            closing.removeLocalVideoRenderer(localPreview);
            background.execute(closing::close);
        }
    }

    private MediaOptions mediaOptions() {
        String camera = blankToNull(cameraName.getText());
        String microphone = blankToNull(microphoneName.getText());
        VideoInput video = switch (videoSource.getSelectedIndex()) {
            case 1 -> VideoInput.testPattern();
            case 2 -> camera == null ? VideoInput.camera() : VideoInput.camera(camera);
            case 3 -> VideoInput.none();
            default -> VideoInput.automatic();
        };
        AudioInput audio = switch (audioSource.getSelectedIndex()) {
            case 1 -> AudioInput.tone(440);
            case 2 -> microphone == null ? AudioInput.microphone() : AudioInput.microphone(microphone);
            case 3 -> AudioInput.none();
            default -> AudioInput.automatic();
        };
        VideoSpec spec = settings.video();
        return MediaOptions.builder().video(video).audio(audio).resolution(spec.width(), spec.height())
                .frameRate(spec.fps()).build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    // ---------------------------------------------------------------- calls

    private void callSelected() {
        Peer peer = peerList.getSelectedValue();
        if (room == null || peer == null) {
            return;
        }
        Room calling = room;
        // Completes on the event thread, which is the EDT here; a room left meanwhile gets no tile.
        calling.call(peer).whenComplete((session, error) -> {
            if (room != calling) {
                return;
            }
            if (error != null) {
                status("Cannot call " + peer.label() + ": " + HeadlessLoopback.describe(error), true);
            } else {
                addTile(session);
                status("Calling " + peer.label() + "…", false);
            }
        });
    }

    private void callEveryone() {
        if (room == null) {
            return;
        }
        Room calling = room;
        calling.callEveryone().whenComplete((started, error) -> {
            if (room != calling) {
                return;
            }
            if (error != null) {
                status("Cannot call everyone: " + HeadlessLoopback.describe(error), true);
                return;
            }
            started.forEach(this::addTile);
            status(started.isEmpty() ? "Already in a call with everyone." : "Calling " + started.size()
                    + (started.size() == 1 ? " person…" : " people…"), false);
        });
    }

    private void hangUpAll() {
        new ArrayList<>(tiles.keySet()).forEach(CallSession::hangUp);
    }

    private void applyMutes() {
        muteAudio.setText(muteAudio.isSelected() ? "Unmute mic" : "Mute mic");
        muteVideo.setText(muteVideo.isSelected() ? "Start video" : "Stop video");
        tiles.keySet().forEach(this::applyMutes);
    }

    private void applyMutes(CallSession session) {
        try {
            session.setAudioMuted(muteAudio.isSelected());
            session.setVideoMuted(muteVideo.isSelected());
        } catch (IllegalStateException e) {
            LOG.debug("Mute not applied to call {}: {}", session.id(), e.getMessage());
        }
    }

    private void addTile(CallSession session) {
        if (tiles.containsKey(session)) {
            return;
        }
        CallTile tile = new CallTile(session.peer(), session.direction());
        session.remoteVideo().addRenderer(tile.video());
        applyMutes(session);
        tiles.put(session, tile);
        tile.showState(session.state());
        relayoutGrid();
        updateControls();
    }

    private void removeTile(CallSession session) {
        CallTile tile = tiles.remove(session);
        if (tile == null) {
            return;
        }
        session.remoteVideo().removeRenderer(tile.video());
        relayoutGrid();
        updateControls();
    }

    private void relayoutGrid() {
        remoteGrid.removeAll();
        int n = tiles.size();
        if (n == 0) {
            remoteGrid.setLayout(new BorderLayout());
            JLabel hint = new JLabel("No call yet. Press Start, pick a person and press Call.", SwingConstants.CENTER);
            hint.setForeground(Color.LIGHT_GRAY);
            remoteGrid.add(hint, BorderLayout.CENTER);
        } else {
            int cols = (int) Math.ceil(Math.sqrt(n));
            int rows = (n + cols - 1) / cols;
            remoteGrid.setLayout(new GridLayout(rows, cols, 4, 4));
            tiles.values().forEach(remoteGrid::add);
        }
        remoteGrid.revalidate();
        remoteGrid.repaint();
    }

    private void refreshStats() {
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

    private void refreshPeers() {
        Peer selected = peerList.getSelectedValue();
        peers.clear();
        if (room != null) {
            room.peers().forEach(peers::addElement);
        }
        if (selected != null) {
            for (int i = 0; i < peers.size(); i++) {
                if (peers.get(i).id().equals(selected.id())) {
                    peerList.setSelectedIndex(i);
                }
            }
        }
        updateControls();
    }

    private void incoming(CallSession session) {
        IncomingCallDialog dialog = new IncomingCallDialog(frame, session.peer().label(), () -> {
            ringing.remove(session);
            addTile(session);
            try {
                session.accept();
                status("Talking with " + session.peer().label() + ".", false);
            } catch (IllegalStateException e) {
                removeTile(session);
                status("The call from " + session.peer().label() + " is no longer ringing.", true);
            }
        }, () -> {
            ringing.remove(session);
            try {
                session.decline();
            } catch (IllegalStateException e) {
                LOG.debug("Call {} no longer ringing: {}", session.id(), e.getMessage());
            }
        });
        ringing.put(session, dialog);
        dialog.setVisible(true);
    }

    /** Room events, delivered on the EDT. */
    private final class Events implements RoomListener {

        private boolean current(Room r) {
            return room == null || room == r;
        }

        @Override
        public void onPeerJoined(Room r, Peer peer) {
            if (current(r) && phase == Phase.JOINED) {
                refreshPeers();
                if (tiles.isEmpty()) {
                    status(peer.label() + " joined. Pick them and press Call.", false);
                }
            }
        }

        @Override
        public void onPeerLeft(Room r, Peer peer) {
            if (current(r) && phase == Phase.JOINED) {
                refreshPeers();
            }
        }

        @Override
        public void onIncomingCall(Room r, CallSession session) {
            if (current(r)) {
                incoming(session);
            }
        }

        @Override
        public void onCallStateChanged(Room r, CallSession session, CallState state) {
            CallTile tile = tiles.get(session);
            if (tile != null) {
                tile.showState(state);
                if (state == CallState.CONNECTED) {
                    status("Connected with " + session.peer().label() + ".", false);
                }
            }
            if (state != CallState.RINGING) {
                IncomingCallDialog dialog = ringing.remove(session);
                if (dialog != null) {
                    dialog.dismiss();
                }
            }
        }

        @Override
        public void onCallEnded(Room r, CallSession session, EndReason reason) {
            IncomingCallDialog dialog = ringing.remove(session);
            if (dialog != null) {
                dialog.dismiss();
            }
            boolean shown = tiles.containsKey(session);
            removeTile(session);
            if (shown || dialog != null) {
                status("Call with " + session.peer().label() + " ended: " + describe(reason) + ".",
                        reason == EndReason.FAILED || reason == EndReason.TIMEOUT);
            }
        }

        @Override
        public void onConnectionStateChanged(Room r, ConnectionState state) {
            if (!current(r) || phase != Phase.JOINED) {
                return;
            }
            switch (state) {
                case RECONNECTING -> status("Signaling connection lost; reconnecting… (calls continue)", true);
                case CONNECTED -> status("Signaling connection restored.", false);
                case CLOSED -> resetToIdle("Left the room: the signaling connection closed.", true);
                default -> { }
            }
        }

        @Override
        public void onError(Room r, CallwireException error) {
            if (current(r)) {
                status(error.getMessage(), true);
            }
        }
    }

    private static String describe(EndReason reason) {
        return switch (reason) {
            case HANGUP -> "hung up";
            case DECLINED -> "declined";
            case BUSY -> "busy";
            case TIMEOUT -> "no answer or no connection in time";
            case FAILED -> "the media connection failed";
            case PEER_LEFT -> "they left the room";
            case LEFT_ROOM -> "you left the room";
        };
    }
}
