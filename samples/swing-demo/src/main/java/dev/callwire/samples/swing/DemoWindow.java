package dev.callwire.samples.swing;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Toolkit;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.swing.AbstractButton;
import javax.swing.BorderFactory;
import javax.swing.ButtonGroup;
import javax.swing.ImageIcon;
import javax.swing.JCheckBoxMenuItem;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.JSplitPane;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.WindowConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's window: puts the {@link SetupForm} (top), the {@link PeerListPanel} (left), the {@link CallGrid}
 * (centre), the {@link ChatDock} (right) and a status bar together, adds the menus with their keyboard shortcuts,
 * and hands every action to the {@link CallController}. EDT only.
 *
 * <p>Components have names ({@code start}, {@code peerList}, {@code call}, {@code hangUp},
 * {@code remoteVideo-<peerId>}, {@code chatInput-<peerId>}, ...) so tests and accessibility tools can find them.
 */
final class DemoWindow {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWindow.class);

    /**
     * What the window starts with.
     *
     * @param signaling  where to signal
     * @param browserUri the browser client's address when the server runs in this process, else {@code null}
     * @param room       the room, or {@code null} for the one used last time (else "demo")
     * @param name       the display name, or {@code null} for the one used last time (else the user name)
     * @param video      size and rate of the outgoing video
     * @param downloads  where received files are put
     */
    record Settings(java.util.List<URI> signalingUris, URI browserUri, String room, String name, VideoSpec video,
                    Path downloads) {
        Settings {
            signalingUris = java.util.List.copyOf(signalingUris);
            if (signalingUris.isEmpty()) {
                throw new IllegalArgumentException("signaling: at least one URI");
            }
            Objects.requireNonNull(video, "video");
            Objects.requireNonNull(downloads, "downloads");
        }

        /** The first (preferred) signaling URI; the others are a cluster's fallbacks, tried in order. */
        URI signaling() {
            return signalingUris.get(0);
        }

        /** The downloads folder when none is given: {@code ~/Downloads/Callwire}. */
        static Path defaultDownloads() {
            return Path.of(System.getProperty("user.home"), "Downloads", "Callwire");
        }
    }

    private final Settings settings;
    private final EmbeddedSignaling ownedServer;
    private final DemoPrefs prefs = DemoPrefs.load();
    private final JFrame frame = new JFrame("Callwire");
    private final JLabel status = new JLabel(" ");
    private final JTextField shareField = new JTextField();
    private CallController controller;

    private DemoWindow(Settings settings, EmbeddedSignaling ownedServer) {
        this.settings = settings;
        this.ownedServer = ownedServer;
    }

    /** Builds and shows the window (installing the look first). EDT only. */
    static DemoWindow open(Settings settings, EmbeddedSignaling ownedServer) {
        DemoWindow window = new DemoWindow(settings, ownedServer);
        Theme.apply(window.prefs.theme());
        window.build();
        window.frame.setVisible(true);
        window.controller.prepareClient();
        return window;
    }

    JFrame frame() {
        return frame;
    }

    CallController controller() {
        return controller;
    }

    /** Closing the window shuts everything down and ends the process. */
    void exitOnClose() {
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                frame.dispose();
                // Exit even if closing fails or hangs: the SDK bounds close(), this bounds everything.
                shutdown().orTimeout(10, TimeUnit.SECONDS).whenComplete((ignored, error) -> System.exit(0));
            }
        });
    }

    /** Hangs up, leaves, closes the client and the embedded server in the background. EDT only. */
    CompletableFuture<Void> shutdown() {
        return controller.shutdown(ownedServer);
    }

    private void build() {
        String name = settings.name() != null ? settings.name()
                : prefs.name(System.getProperty("user.name", "guest"));
        String room = settings.room() != null ? settings.room() : prefs.room("demo");
        SetupForm form = new SetupForm(name, room, DeviceChoice.fromKey(prefs.video()),
                DeviceChoice.fromKey(prefs.audio()));
        PeerListPanel side = new PeerListPanel();
        CallGrid grid = new CallGrid(prefs.statsOverlay());
        java.util.concurrent.ExecutorService background = CallController.newBackground();
        ChatDock chats = new ChatDock(settings.downloads(), background);
        controller = new CallController(settings, frame, prefs, form, side, grid, chats, this::status, background);
        CallController c = controller;

        form.start.addActionListener(e -> c.start());
        form.leave.addActionListener(e -> c.leave("You left the room.", false));
        form.onDeviceChosen(c::switchDevices);
        side.peerList.addListSelectionListener(e -> c.updateControls());
        side.call.addActionListener(e -> c.callSelected());
        side.callEveryone.addActionListener(e -> c.callEveryone());
        side.hangUp.addActionListener(e -> c.hangUpAll());
        side.muteAudio.addActionListener(e -> c.applyMutes());
        side.muteVideo.addActionListener(e -> c.applyMutes());
        side.shareScreen.addActionListener(e -> c.toggleScreenShare());

        frame.setName("callwireDemo");
        frame.setIconImage(new ImageIcon(Objects.requireNonNull(DemoWindow.class.getResource("icon.png"),
                "icon.png")).getImage());
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.setJMenuBar(menus(c, side, grid));
        frame.getContentPane().setLayout(new BorderLayout(6, 6));
        frame.getContentPane().add(form, BorderLayout.NORTH);
        frame.getContentPane().add(side, BorderLayout.WEST);
        JSplitPane centre = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, grid, chats);
        centre.setResizeWeight(1.0);
        frame.getContentPane().add(centre, BorderLayout.CENTER);
        frame.getContentPane().add(statusBar(), BorderLayout.SOUTH);
        c.updateControls();
        frame.setSize(1280, 760);
        frame.setLocationRelativeTo(null);
        if (settings.browserUri() != null) {
            status("Press Start to join room '" + room + "'. Others join with the browser client below, "
                    + "or a second demo with --signaling " + settings.signaling(), false);
        } else {
            status("Press Start to join room '" + room + "' at " + settings.signaling(), false);
        }
    }

    /** Call, View and Help menus; the call actions get shortcuts (Ctrl, or Cmd on macOS). */
    private JMenuBar menus(CallController c, PeerListPanel side, CallGrid grid) {
        int mod = Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx();
        JMenu call = new JMenu("Call");
        call.setMnemonic(KeyEvent.VK_C);
        call.add(item("Call the selected person", "menuCall", KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, mod),
                side.call));
        call.add(item("Call everyone", "menuCallEveryone", null, side.callEveryone));
        call.add(item("Hang up", "menuHangUp", KeyStroke.getKeyStroke(KeyEvent.VK_E, mod | InputEvent.SHIFT_DOWN_MASK),
                side.hangUp));
        call.addSeparator();
        call.add(item("Mute / unmute microphone", "menuMute", KeyStroke.getKeyStroke(KeyEvent.VK_D, mod),
                side.muteAudio));
        call.add(item("Stop / start video", "menuVideo", KeyStroke.getKeyStroke(KeyEvent.VK_E, mod), side.muteVideo));
        call.add(item("Share screen", "menuShare", KeyStroke.getKeyStroke(KeyEvent.VK_S,
                mod | InputEvent.SHIFT_DOWN_MASK), side.shareScreen));
        call.addSeparator();
        JCheckBoxMenuItem ringSound = new JCheckBoxMenuItem("Ring on incoming calls", !c.ring.isMuted());
        ringSound.setName("ringSound");
        ringSound.addActionListener(e -> c.setRingMuted(!ringSound.isSelected()));
        call.add(ringSound);

        JMenu view = new JMenu("View");
        view.setMnemonic(KeyEvent.VK_V);
        JCheckBoxMenuItem stats = new JCheckBoxMenuItem("Stats on every tile", prefs.statsOverlay());
        stats.setName("statsOverlay");
        stats.addActionListener(e -> {
            grid.setStatsShown(stats.isSelected());
            prefs.saveStatsOverlay(stats.isSelected());
        });
        view.add(stats);
        view.addSeparator();
        ButtonGroup themes = new ButtonGroup();
        for (Theme.Choice choice : Theme.Choice.values()) {
            String label = switch (choice) {
                case SYSTEM -> "Theme: as the system";
                case LIGHT -> "Theme: light";
                case DARK -> "Theme: dark";
            };
            JRadioButtonMenuItem item = new JRadioButtonMenuItem(label, prefs.theme() == choice);
            item.setName("theme" + choice.name());
            item.addActionListener(e -> {
                prefs.saveTheme(choice);
                Theme.apply(choice);
            });
            themes.add(item);
            view.add(item);
        }
        JMenuBar bar = new JMenuBar();
        bar.add(call);
        bar.add(view);
        return bar;
    }

    /** A menu item that clicks {@code button}, so the shortcut does exactly what the button does. */
    private static JMenuItem item(String text, String name, KeyStroke key, AbstractButton button) {
        JMenuItem item = new JMenuItem(text);
        item.setName(name);
        item.setAccelerator(key);
        item.addActionListener(e -> {
            if (button.isEnabled()) {
                button.doClick(0);
            }
        });
        return item;
    }

    private JPanel statusBar() {
        JPanel bar = new JPanel(new BorderLayout(6, 0));
        bar.setBorder(BorderFactory.createEmptyBorder(2, 6, 4, 6));
        status.setName("status");
        shareField.setName("shareAddress");
        shareField.setEditable(false);
        shareField.setBorder(BorderFactory.createEmptyBorder());
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

    private void status(String text, Boolean error) {
        status.setForeground(error ? new Color(0xC62828) : javax.swing.UIManager.getColor("Label.foreground"));
        status.setText(text);
        if (error) {
            LOG.warn(text);
        }
    }
}
