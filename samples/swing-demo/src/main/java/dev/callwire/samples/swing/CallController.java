package dev.callwire.samples.swing;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.ClientConfig;
import dev.callwire.DeviceList;
import dev.callwire.DeviceListener;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.ScreenShare;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the window does: owns the {@link CallClient}, joins and leaves, calls, answers, mutes, switches devices
 * and shares the screen, and hands the room's events ({@link RoomEvents}) to the views. Everything runs on the
 * Swing event dispatch thread: the client is built with {@code eventExecutor(SwingUtilities::invokeLater)}, so the
 * SDK's events and futures arrive there too. Only creating and closing the client (native code) run on a
 * background thread.
 *
 * <p>A client exists from the moment the window opens, before Start, so the device menus can list what the SDK
 * sees and follow hot-plug; local media only starts with the first join. Leave closes it (the camera goes off)
 * and makes a fresh one.
 */
final class CallController {

    private static final Logger LOG = LoggerFactory.getLogger(CallController.class);

    enum Phase { IDLE, STARTING, JOINED }

    final DemoWindow.Settings settings;
    final JFrame frame;
    final SetupForm form;
    final PeerListPanel side;
    final CallGrid grid;
    final ChatDock chats;
    final DemoPrefs prefs;
    final RingSound ring = new RingSound();
    final Map<CallSession, IncomingCallDialog> ringing = new LinkedHashMap<>();
    private final BiConsumer<String, Boolean> status;
    private final ExecutorService background;
    private final DeviceListener devices = this::devicesChanged;
    Phase phase = Phase.IDLE;
    CallClient client;
    private boolean clientUsed; // joined once: a fresh client is made for the next Start
    private CompletableFuture<CallClient> pending; // a client being made
    Room room;
    private boolean closed;

    CallController(DemoWindow.Settings settings, JFrame frame, DemoPrefs prefs, SetupForm form, PeerListPanel side,
                   CallGrid grid, ChatDock chats, BiConsumer<String, Boolean> status, ExecutorService background) {
        this.settings = settings;
        this.background = background;
        this.frame = frame;
        this.prefs = prefs;
        this.form = form;
        this.side = side;
        this.grid = grid;
        this.chats = chats;
        this.status = status;
        ring.setMuted(!prefs.ringSound());
    }

    /** The thread that creates and closes clients (native work) and moves received files. */
    static ExecutorService newBackground() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "callwire-demo-lifecycle");
            t.setDaemon(true);
            return t;
        });
    }

    // ---------------------------------------------------------------- the client

    /** Makes the idle client whose device list fills the menus. */
    void prepareClient() {
        clientFor(form.displayName()).whenComplete((c, error) -> {
            if (error != null) {
                status.accept("Devices cannot be listed: " + HeadlessLoopback.describe(error), true);
            }
        });
    }

    /** The current client when it is unused and has this name, else a new one (the old one closed). EDT. */
    private CompletableFuture<CallClient> clientFor(String displayName) {
        String name = displayName.isEmpty() ? null : displayName;
        if (client != null && !clientUsed && Objects.equals(client.config().displayName(), name)) {
            return CompletableFuture.completedFuture(client);
        }
        if (pending != null && !pending.isDone()) {
            return pending.thenCompose(c -> clientFor(displayName));
        }
        closeClient();
        ClientConfig config = ClientConfig.builder(settings.signaling()).signalingUris(settings.signalingUris()).displayName(name)
                .media(MediaOptions.builder().resolution(settings.video().width(), settings.video().height())
                        .frameRate(settings.video().fps()).build())
                .eventExecutor(SwingUtilities::invokeLater)
                .build();
        CompletableFuture<CallClient> made = new CompletableFuture<>();
        pending = made;
        background.execute(() -> {
            try {
                CallClient created = CallClient.create(config);
                DeviceList list = created.devices();
                SwingUtilities.invokeLater(() -> adopt(created, list, made));
            } catch (RuntimeException e) {
                SwingUtilities.invokeLater(() -> made.completeExceptionally(e));
            }
        });
        return made;
    }

    private void adopt(CallClient created, DeviceList list, CompletableFuture<CallClient> made) {
        if (closed) {
            background.execute(created::close);
            made.completeExceptionally(new IllegalStateException("the window was closed"));
            return;
        }
        client = created;
        clientUsed = false;
        created.addDeviceListener(devices);
        form.showDevices(list);
        LOG.info("Devices: {} camera(s), {} microphone(s), {} speaker(s)", list.cameras().size(),
                list.microphones().size(), list.speakers().size());
        made.complete(created);
    }

    private void devicesChanged(DeviceList list) {
        DeviceChoice video = form.videoChoice();
        DeviceChoice audio = form.audioChoice();
        form.showDevices(list);
        status.accept("Devices changed: " + list.cameras().size() + " camera(s), " + list.microphones().size()
                + " microphone(s).", false);
        if (phase == Phase.JOINED && (!video.equals(form.videoChoice()) || !audio.equals(form.audioChoice()))) {
            switchDevices(); // the device in use went away: automatic takes over
        }
    }

    private void closeClient() {
        CallClient closing = client;
        client = null;
        side.localPreview.clear(PeerListPanel.PREVIEW_IDLE);
        if (closing != null) {
            closing.removeDeviceListener(devices);
            closing.removeLocalVideoRenderer(side.localPreview);
            background.execute(closing::close);
        }
    }

    // ---------------------------------------------------------------- Start / Leave

    void start() {
        String roomName = form.room();
        String displayName = form.displayName();
        if (!roomName.matches("[A-Za-z0-9._-]{1,64}")) {
            status.accept("Room names use letters, digits, '.', '_' and '-' (1 to 64 characters).", true);
            return;
        }
        if (displayName.length() > 64) {
            status.accept("A name has at most 64 characters.", true);
            return;
        }
        prefs.saveIdentity(displayName, roomName);
        phase = Phase.STARTING;
        updateControls();
        status.accept("Starting camera and microphone and joining '" + roomName + "'…", false);
        DeviceChoice video = form.videoChoice();
        DeviceChoice audio = form.audioChoice();
        clientFor(displayName)
                .thenCompose(c -> c.setVideoInput(video.video()).thenCompose(v -> c.setAudioInput(audio.audio()))
                        .thenCompose(v -> {
                            clientUsed = true;
                            return c.join(roomName, new RoomEvents(this));
                        }))
                .whenComplete((joined, error) -> {
                    if (error != null) {
                        startFailed(error);
                    } else {
                        joined(joined);
                    }
                });
    }

    private void joined(Room joined) {
        if (client == null || phase != Phase.STARTING) {
            joined.close();
            return;
        }
        room = joined;
        phase = Phase.JOINED;
        client.addLocalVideoRenderer(side.localPreview); // camera on, preview shown before any call
        refreshPeers();
        status.accept("You are " + joined.selfId() + " in room '" + joined.name() + "' and reachable. "
                + (side.peers.isEmpty() ? "Waiting for someone to join…" : "Pick a person and press Call."), false);
    }

    private void startFailed(Throwable error) {
        phase = Phase.IDLE;
        closeClient();
        prepareClient();
        updateControls();
        status.accept("Could not start: " + HeadlessLoopback.describe(error), true);
    }

    void leave(String why, boolean error) {
        Room leaving = room;
        if (leaving != null) {
            leaving.leave();
        }
        ring.stop();
        new ArrayList<>(ringing.values()).forEach(IncomingCallDialog::dismiss);
        ringing.clear();
        grid.removeAll(grid.sessions());
        chats.clear();
        side.shareScreen.setSelected(false);
        room = null;
        closeClient();
        side.showPeers(java.util.List.of());
        phase = Phase.IDLE;
        updateControls();
        status.accept(why, error);
        if (!closed) {
            prepareClient(); // the menus keep following the devices
        }
    }

    /** Hangs up, leaves, closes the client (bounded by the SDK's close). EDT only. */
    CompletableFuture<Void> shutdown(EmbeddedSignaling ownedServer) {
        closed = true;
        ring.stop();
        new ArrayList<>(ringing.values()).forEach(IncomingCallDialog::dismiss);
        ringing.clear();
        CallClient closing = client;
        client = null;
        room = null;
        phase = Phase.IDLE;
        CompletableFuture<CallClient> making = pending;
        return CompletableFuture.runAsync(() -> {
            if (closing != null) {
                closing.close();
            }
            if (making != null && making.isDone() && !making.isCompletedExceptionally() && making.join() != closing) {
                making.join().close();
            }
            if (ownedServer != null) {
                ownedServer.close();
            }
        }, background).whenComplete((v, e) -> background.shutdown());
    }

    // ---------------------------------------------------------------- calls and media

    void callSelected() {
        Peer peer = side.selected();
        if (room == null || peer == null) {
            return;
        }
        Room calling = room;
        calling.call(peer).whenComplete((session, error) -> {
            if (room != calling) {
                return;
            }
            if (error != null) {
                status.accept("Cannot call " + peer.label() + ": " + HeadlessLoopback.describe(error), true);
            } else {
                show(session);
                status.accept("Calling " + peer.label() + "…", false);
            }
        });
    }

    void callEveryone() {
        if (room == null) {
            return;
        }
        Room calling = room;
        calling.callEveryone().whenComplete((started, error) -> {
            if (room != calling) {
                return;
            }
            if (error != null) {
                status.accept("Cannot call everyone: " + HeadlessLoopback.describe(error), true);
                return;
            }
            started.forEach(this::show);
            status.accept(started.isEmpty() ? "Already in a call with everyone." : "Calling " + started.size()
                    + (started.size() == 1 ? " person…" : " people…"), false);
        });
    }

    void hangUpAll() {
        grid.sessions().forEach(CallSession::hangUp);
    }

    /** A tile and a chat for the call. */
    void show(CallSession session) {
        grid.add(session);
        chats.chat(session);
        applyMutes(session);
        updateControls();
    }

    void applyMutes() {
        side.muteAudio.setText(side.muteAudio.isSelected() ? "Unmute mic" : "Mute mic");
        side.muteVideo.setText(side.muteVideo.isSelected() ? "Start video" : "Stop video");
        grid.sessions().forEach(this::applyMutes);
    }

    private void applyMutes(CallSession session) {
        try {
            session.setAudioMuted(side.muteAudio.isSelected());
            session.setVideoMuted(side.muteVideo.isSelected());
        } catch (IllegalStateException e) {
            LOG.debug("Mute not applied to call {}: {}", session.id(), e.getMessage());
        }
    }

    /** The person picked another camera or microphone: remembered, and switched live during a session. */
    void switchDevices() {
        prefs.saveDevices(form.videoChoice(), form.audioChoice());
        if (phase != Phase.JOINED || client == null) {
            return;
        }
        DeviceChoice video = form.videoChoice();
        DeviceChoice audio = form.audioChoice();
        client.setVideoInput(video.video()).thenCompose(v -> client == null ? CompletableFuture.completedFuture(null)
                : client.setAudioInput(audio.audio())).whenComplete((v, error) -> status.accept(error == null
                ? "Now sending " + video.videoLabel() + " and " + audio.audioLabel() + "."
                : "Could not switch devices: " + HeadlessLoopback.describe(error), error != null));
    }

    /** The Share screen toggle: starts a share of the chosen kind, or stops the running one. */
    void toggleScreenShare() {
        if (client == null || phase != Phase.JOINED) {
            side.shareScreen.setSelected(false);
            return;
        }
        if (!side.shareScreen.isSelected()) {
            client.stopScreenShare().whenComplete((v, error) -> status.accept(error == null
                    ? "Screen sharing stopped." : "Could not stop sharing: " + HeadlessLoopback.describe(error),
                    error != null));
            updateControls();
            return;
        }
        ScreenShare share;
        if (PeerListPanel.REGION.equals(side.shareMode.getSelectedItem())) {
            Rectangle region = RegionChooser.ask(frame);
            if (region == null) {
                side.shareScreen.setSelected(false);
                return;
            }
            share = ScreenShare.region(region.x, region.y, region.width, region.height);
        } else {
            share = ScreenShare.screen(0);
        }
        updateControls();
        client.startScreenShare(share).whenComplete((v, error) -> {
            if (error != null) {
                side.shareScreen.setSelected(false);
                updateControls();
                status.accept("Could not share the screen: " + HeadlessLoopback.describe(error), true);
            } else {
                status.accept("Sharing " + (share instanceof ScreenShare.Region r ? "a " + r.width() + "x"
                        + r.height() + " region" : "the whole screen") + " in every call.", false);
            }
        });
    }

    void setRingMuted(boolean muted) {
        ring.setMuted(muted);
        prefs.saveRingSound(!muted);
    }

    void refreshPeers() {
        side.showPeers(room == null ? java.util.List.of() : room.peers());
        updateControls();
    }

    void updateControls() {
        form.enableFor(phase == Phase.IDLE, phase == Phase.JOINED);
        side.enableFor(phase == Phase.JOINED, !grid.isEmpty());
    }

    void status(String text, boolean error) {
        status.accept(text, error);
    }
}
