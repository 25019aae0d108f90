package dev.callwire.webrtc.internal.data;

import dev.callwire.CallData;
import dev.callwire.CallwireException;
import dev.callwire.DataMessage;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCPeerConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A call's two data channels, both reliable and ordered, opened by the caller before its first offer:
 * {@value #DATA_LABEL} carries the application's messages untouched, {@value #FILES_LABEL} carries file transfers
 * ({@link FileTransfers}; the sub-protocol is in {@code docs/protocol.md}), so file chunks never mix with
 * application binaries.
 *
 * <p>libwebrtc calls the channel observers on its own threads: they copy what arrived and hand it on (messages to
 * the engine thread, file messages to the call's bounded file queue), never doing I/O themselves. This class knows
 * its call only as a {@link CallContext}.
 */
public final class DataLink {

    /** The label of the application message channel. */
    public static final String DATA_LABEL = "callwire-data";
    /** The label of the file transfer channel. */
    public static final String FILES_LABEL = "callwire-files";
    private static final long LOW_WATER = CallData.MAX_BUFFERED_DATA / 4;
    private static final long RECHECK_MILLIS = 20;

    private final CallContext call;
    private final FileTransfers transfers;
    private final List<CompletableFuture<Void>> writableWaiters = new ArrayList<>();
    private boolean recheckScheduled; // guarded by writableWaiters
    private final List<NativeChannelPort> discarded = new ArrayList<>(); // guarded by this
    private volatile NativeChannelPort data;
    private final Object sendLock = new Object();
    private volatile NativeChannelPort files;
    private volatile boolean localChannels;
    private volatile boolean closed;

    /**
     * Makes the data side of a call; no channel exists until {@link #createLocal} or {@link #onRemoteChannel}.
     *
     * @param call what the data side needs from its call
     */
    public DataLink(CallContext call) {
        this(call, FileSettings.DEFAULTS);
    }

    DataLink(CallContext call, FileSettings settings) {
        this.call = call;
        this.transfers = new FileTransfers(call, () -> files, settings);
    }

    /**
     * Engine thread, caller side, before the first offer: the channels become part of the negotiation.
     *
     * @param pc the call's peer connection
     */
    public void createLocal(RTCPeerConnection pc) {
        localChannels = true;
        NativeChannelPort dataPort = new NativeChannelPort(pc.createDataChannel(DATA_LABEL, reliableOrdered()));
        NativeChannelPort filesPort = new NativeChannelPort(pc.createDataChannel(FILES_LABEL, reliableOrdered()));
        data = dataPort;
        files = filesPort;
        dataPort.listen(new Observer()); // after the assignments: the observer routes by them
        filesPort.listen(new Observer());
    }

    /** libwebrtc's defaults: reliable, ordered, negotiated in-band. */
    private static RTCDataChannelInit reliableOrdered() {
        return new RTCDataChannelInit();
    }

    /** The polite side gave way in glare: its own channels are dropped in favour of the other side's. */
    public void dropLocalChannels() {
        List<NativeChannelPort> dropped = new ArrayList<>();
        synchronized (this) {
            if (!localChannels) {
                return;
            }
            localChannels = false;
            for (NativeChannelPort port : new NativeChannelPort[] {data, files}) {
                if (port != null) {
                    dropped.add(port);
                    discarded.add(port);
                }
            }
            data = null;
            files = null;
        }
        // Outside the lock: closing may wait for a send in progress, and libwebrtc's thread may want the lock.
        dropped.forEach(NativeChannelPort::close);
    }

    /**
     * libwebrtc's signaling thread: a channel the other side opened. Registers at once so nothing is missed.
     * Duplicates (both sides started the call at once; ours win) and unknown labels are closed.
     *
     * @param channel the channel
     */
    public synchronized void onRemoteChannel(RTCDataChannel channel) {
        NativeChannelPort port = new NativeChannelPort(channel);
        String label = port.label();
        boolean known = DATA_LABEL.equals(label) || FILES_LABEL.equals(label);
        if (closed || !known || localChannels) {
            port.close(); // nobody else knows this port yet, so closing cannot wait for a sender
            discarded.add(port);
            return;
        }
        if (DATA_LABEL.equals(label)) {
            data = port;
        } else {
            files = port;
        }
        port.listen(new Observer()); // after the assignment: the observer routes by it
    }

    /**
     * Any thread: sends a text message on the data channel.
     *
     * @param text the message
     * @return {@code false} if the channel is not open or would hold more than {@link CallData#MAX_BUFFERED_DATA}
     */
    public boolean send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * Any thread: sends a copy of {@code bytes} as a binary message on the data channel.
     *
     * @param bytes the message
     * @return {@code false} if the channel is not open or would hold more than {@link CallData#MAX_BUFFERED_DATA}
     */
    public boolean send(byte[] bytes) {
        return send(bytes.clone(), true);
    }

    private boolean send(byte[] bytes, boolean binary) {
        NativeChannelPort port = data;
        return !closed && port != null && sendWithinBound(port, bytes, binary, sendLock);
    }

    /**
     * Sends unless the channel would then hold more than {@link CallData#MAX_BUFFERED_DATA}. The check and the send
     * are one step under {@code lock}: senders on two threads could otherwise each find room and together pass the
     * bound, by a message per thread (libwebrtc closes a channel that passes 16 MiB).
     */
    static boolean sendWithinBound(ChannelPort port, byte[] bytes, boolean binary, Object lock) {
        synchronized (lock) {
            return port.isOpen() && port.bufferedAmount() + bytes.length <= CallData.MAX_BUFFERED_DATA
                    && port.send(bytes, binary);
        }
    }

    /** @return bytes waiting to be sent on the data channel; 0 when it is closed */
    public long bufferedAmount() {
        NativeChannelPort port = data;
        return closed || port == null ? 0 : port.bufferedAmount();
    }

    /**
     * @return a future completing (on the event executor) once the data channel is open and holds at most a quarter
     *         of {@link CallData#MAX_BUFFERED_DATA}; failing with {@code CALL_ENDED} if the call ends first
     */
    public CompletableFuture<Void> whenWritable() {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (writableWaiters) {
            writableWaiters.add(future);
        }
        call.runOnEngine(this::checkWritable);
        return future;
    }

    /**
     * Engine thread. Completes the waiters once there is room; while some still wait, checks again shortly,
     * because webrtc-java 0.14 does not always report buffered-amount changes (fixed in a later release).
     */
    private void checkWritable() {
        NativeChannelPort port = data;
        boolean writable = !closed && port != null && port.isOpen() && port.bufferedAmount() <= LOW_WATER;
        List<CompletableFuture<Void>> ready;
        synchronized (writableWaiters) {
            if (!writable) {
                if (!writableWaiters.isEmpty() && !closed && !recheckScheduled) {
                    recheckScheduled = true;
                    call.schedule(() -> call.runOnEngine(() -> {
                        synchronized (writableWaiters) {
                            recheckScheduled = false;
                        }
                        checkWritable();
                    }), RECHECK_MILLIS);
                }
                return;
            }
            ready = new ArrayList<>(writableWaiters);
            writableWaiters.clear();
        }
        ready.forEach(f -> call.completeOnEvents(() -> f.complete(null)));
    }

    /**
     * Any thread: offers a file to the other side and sends it once accepted; see
     * {@link CallData#sendFile(Path)} for how the future completes.
     *
     * @param file the file
     * @return the transfer's future
     */
    public CompletableFuture<String> sendFile(Path file) {
        return transfers.send(file);
    }

    /** Engine thread: the call ended. Fails what waits, closes the channels; idempotent. */
    public void close() {
        List<NativeChannelPort> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(discarded);
        }
        CallwireException ended = new CallwireException(CallwireException.Reason.CALL_ENDED,
                "call " + call.callId() + " ended");
        synchronized (writableWaiters) {
            writableWaiters.forEach(f -> call.completeOnEvents(() -> f.completeExceptionally(ended)));
            writableWaiters.clear();
        }
        for (NativeChannelPort port : new NativeChannelPort[] {data, files}) {
            if (port != null) {
                all.add(port);
            }
        }
        all.forEach(NativeChannelPort::close);
        // Freed now, on the engine thread, before the call releases its peer connection: freeing them later on a
        // file thread raced with that release and crashed libwebrtc. A file lane still running sees a disposed
        // port, which behaves as closed (its write lock waits for a send in progress).
        all.forEach(NativeChannelPort::dispose);
        transfers.close();
    }

    /** libwebrtc's threads: hands on by which channel it is now; a replaced channel's leftovers are ignored. */
    private final class Observer implements NativeChannelPort.Listener {

        @Override
        public void onMessage(NativeChannelPort port, byte[] bytes, boolean binary) {
            if (port == files) {
                transfers.onMessage(bytes, binary);
            } else if (port == data) {
                DataMessage message = binary ? DataMessage.binary(bytes)
                        : DataMessage.text(new String(bytes, StandardCharsets.UTF_8));
                call.runOnEngine(() -> call.deliverMessage(message));
            }
        }

        @Override
        public void onChange(NativeChannelPort port) {
            if (port == files) {
                transfers.onChannelChanged();
            } else if (port == data) {
                // Asking the channel for its buffered amount here would call back into libwebrtc on its own thread.
                call.runOnEngine(DataLink.this::checkWritable);
            }
        }
    }
}
