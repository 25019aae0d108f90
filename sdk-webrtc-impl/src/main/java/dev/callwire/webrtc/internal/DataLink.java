package dev.callwire.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callwire.CallSession;
import dev.callwire.CallwireException;
import dev.callwire.DataMessage;
import dev.callwire.ReceivedFile;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCPeerConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's two data channels, both reliable and ordered, opened by the caller before its offer:
 * {@value #DATA_LABEL} carries the application's messages untouched, {@value #FILES_LABEL} carries file
 * transfers (a JSON {@code start}, binary chunks, a JSON {@code end}; the receiver answers with an
 * {@code ack} after checking size and SHA-256), so file chunks never mix with application binaries.
 *
 * <p>libwebrtc calls the channel observers on its own threads: they copy what arrived and hand it on
 * (messages to the engine thread, file data to the client's file thread), never doing I/O themselves.
 * File reads and writes happen on the file thread.
 */
public final class DataLink {

    /** The call the channels belong to, as far as they need it. */
    public interface Owner {
        String callId();

        /** Engine thread: a message from the data channel, in order. */
        void dataMessage(DataMessage message);

        /** File thread: a verified file arrived. */
        void fileReceived(ReceivedFile file);
    }


    static final String DATA_LABEL = "callwire-data";
    static final String FILES_LABEL = "callwire-files";
    private static final Logger LOG = LoggerFactory.getLogger(DataLink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 16 * 1024;
    private static final long LOW_WATER = CallSession.MAX_BUFFERED_DATA / 4;

    private final Owner call;
    private final EngineContext client;
    private final Executor fileThread;
    private final Object bufferChanged = new Object();
    /** Guards sending against disposal; never taken on libwebrtc's signaling thread, so it cannot deadlock. */
    private final Object channelLock = new Object();
    private final List<CompletableFuture<Void>> writableWaiters = new ArrayList<>();
    private boolean recheckScheduled; // guarded by writableWaiters
    private final Map<String, CompletableFuture<String>> awaitingAck = new ConcurrentHashMap<>();
    private volatile RTCDataChannel data;
    private volatile RTCDataChannel files;
    private volatile boolean localChannels;
    private volatile boolean closed;
    private final List<RTCDataChannel> discarded = new ArrayList<>();
    private Incoming incoming; // file thread only

    public DataLink(Owner call, EngineContext client) {
        this.call = call;
        this.client = client;
        this.fileThread = client.fileThread();
    }

    /** Engine thread, caller side, before the offer: the channels become part of the negotiation. */
    public void createLocal(RTCPeerConnection pc) {
        localChannels = true;
        data = open(pc, DATA_LABEL);
        files = open(pc, FILES_LABEL);
    }

    private RTCDataChannel open(RTCPeerConnection pc, String label) {
        RTCDataChannel channel = pc.createDataChannel(label, new RTCDataChannelInit());
        channel.registerObserver(new Observer(channel));
        return channel;
    }

    /** The polite side gave way in glare: its own channels are dropped in favour of the other side's. */
    public void dropLocalChannels() {
        if (!localChannels) {
            return;
        }
        localChannels = false;
        for (RTCDataChannel channel : new RTCDataChannel[] {data, files}) {
            if (channel != null) {
                discard(channel);
            }
        }
        data = null;
        files = null;
    }

    /** libwebrtc's signaling thread: a channel the other side opened. Registers at once so nothing is missed. */
    public void onRemoteChannel(RTCDataChannel channel) {
        String label = channel.getLabel();
        synchronized (this) {
            boolean ours = localChannels && (DATA_LABEL.equals(label) || FILES_LABEL.equals(label));
            if (closed || ours || !(DATA_LABEL.equals(label) || FILES_LABEL.equals(label))) {
                // A duplicate from a call both sides started at once (ours wins), or a label we do not use.
                discard(channel);
                return;
            }
            channel.registerObserver(new Observer(channel));
            if (DATA_LABEL.equals(label)) {
                data = channel;
            } else {
                files = channel;
            }
        }
    }

    private synchronized void discard(RTCDataChannel channel) {
        try {
            channel.unregisterObserver();
            channel.close();
        } catch (RuntimeException e) {
            LOG.debug("{}: closing a spare data channel: {}", call, e.toString());
        }
        discarded.add(channel);
    }

    public boolean send(String text) {
        return send(data, text.getBytes(StandardCharsets.UTF_8), false);
    }

    public boolean send(byte[] bytes) {
        return send(data, bytes.clone(), true);
    }

    /** {@code bytes} must be an array of exactly the message: webrtc-java sends whole backing arrays. */
    private boolean send(RTCDataChannel channel, byte[] bytes, boolean binary) {
        synchronized (channelLock) { // close() disposes the channels under this lock: never send to a freed one
            if (closed || channel == null) {
                return false;
            }
            try {
                if (channel.getState() != RTCDataChannelState.OPEN
                        || channel.getBufferedAmount() + bytes.length > CallSession.MAX_BUFFERED_DATA) {
                    return false;
                }
                channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), binary));
                return true;
            } catch (Exception e) {
                LOG.debug("{}: data channel send failed: {}", call, e.toString());
                return false;
            }
        }
    }

    public long bufferedAmount() {
        RTCDataChannel channel = data;
        try {
            return closed || channel == null ? 0 : channel.getBufferedAmount();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    public CompletableFuture<Void> whenWritable() {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (writableWaiters) {
            writableWaiters.add(future);
        }
        client.runOnEngine(this::checkWritable);
        return future;
    }

    /**
     * Engine thread. Completes the waiters once there is room; while some still wait, checks again shortly,
     * because webrtc-java 0.14 does not always report buffered-amount changes (fixed in a later release).
     */
    private void checkWritable() {
        if (!isWritable()) {
            synchronized (writableWaiters) {
                if (!writableWaiters.isEmpty() && !closed && !recheckScheduled) {
                    recheckScheduled = true;
                    client.engine().schedule(() -> {
                        synchronized (writableWaiters) {
                            recheckScheduled = false;
                        }
                        checkWritable();
                    }, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            }
            return;
        }
        List<CompletableFuture<Void>> ready;
        synchronized (writableWaiters) {
            ready = new ArrayList<>(writableWaiters);
            writableWaiters.clear();
        }
        ready.forEach(f -> client.events().execute(() -> f.complete(null)));
    }

    private boolean isWritable() {
        RTCDataChannel channel = data;
        try {
            return !closed && channel != null && channel.getState() == RTCDataChannelState.OPEN
                    && channel.getBufferedAmount() <= LOW_WATER;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- files ----

    public CompletableFuture<String> sendFile(Path file) {
        CompletableFuture<String> result = new CompletableFuture<>();
        fileThread.execute(() -> {
            String id = UUID.randomUUID().toString();
            try {
                if (!Files.isRegularFile(file)) {
                    throw new IOException("not a regular file: " + file);
                }
                long size = Files.size(file);
                String sha256 = sha256(file);
                awaitingAck.put(id, result);
                RTCDataChannel channel = awaitOpen();
                sendControl(channel, control("start").put("id", id).put("name", file.getFileName().toString())
                        .put("size", size).put("sha256", sha256));
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[CHUNK];
                    for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0; ) {
                        awaitRoom(channel, CallSession.MAX_BUFFERED_DATA - CHUNK);
                        sendOrFail(channel, java.util.Arrays.copyOf(buffer, n), true);
                    }
                }
                sendControl(channel, control("end").put("id", id));
                LOG.info("{}: sent file {} ({} bytes), waiting for the receiver to confirm", call,
                        file.getFileName(), size);
            } catch (IOException | RuntimeException e) {
                awaitingAck.remove(id);
                fail(result, e instanceof CallwireException ce ? ce : new CallwireException(
                        CallwireException.Reason.MEDIA_ENGINE, "sending " + file + " failed: " + e.getMessage(), e));
            }
        });
        return result;
    }

    private RTCDataChannel awaitOpen() {
        long deadline = System.nanoTime() + 15_000_000_000L;
        synchronized (bufferChanged) {
            while (true) {
                RTCDataChannel channel = files;
                if (closed) {
                    throw ended();
                }
                if (channel != null && channel.getState() == RTCDataChannelState.OPEN) {
                    return channel;
                }
                waitForChange(deadline, "the file channel did not open");
            }
        }
    }

    private void awaitRoom(RTCDataChannel channel, long threshold) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        synchronized (bufferChanged) {
            while (channel.getBufferedAmount() > threshold) {
                if (closed) {
                    throw ended();
                }
                waitForChange(deadline, "the file channel made no progress");
            }
        }
    }

    /** Waits for an observer callback (or a short time, in case one was missed); holds {@link #bufferChanged}. */
    private void waitForChange(long deadline, String timeoutMessage) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new CallwireException(CallwireException.Reason.TIMEOUT, timeoutMessage);
        }
        try {
            bufferChanged.wait(Math.min(100, Math.max(1, left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallwireException(CallwireException.Reason.CLOSED, "interrupted", e);
        }
    }

    private void sendControl(RTCDataChannel channel, ObjectNode message) {
        awaitRoom(channel, CallSession.MAX_BUFFERED_DATA - 1024);
        sendOrFail(channel, message.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    private void sendOrFail(RTCDataChannel channel, byte[] bytes, boolean binary) {
        if (!send(channel, bytes, binary)) {
            throw closed ? ended() : new CallwireException(CallwireException.Reason.MEDIA_ENGINE,
                    "the file channel refused data (state " + channel.getState() + ")");
        }
    }

    private static ObjectNode control(String type) {
        return JSON.createObjectNode().put("t", type);
    }

    /** File thread: one message of the file channel, in arrival order. */
    private void onFileMessage(byte[] bytes, boolean binary) {
        try {
            if (binary) {
                if (incoming == null) {
                    LOG.warn("{}: file data without a start; dropped", call);
                    return;
                }
                incoming.write(bytes);
                return;
            }
            JsonNode message = JSON.readTree(bytes);
            String type = message.path("t").asText();
            switch (type) {
                case "start" -> startIncoming(message);
                case "end" -> finishIncoming(message.path("id").asText());
                case "ack" -> acknowledged(message);
                default -> LOG.warn("{}: unknown file-channel message '{}' dropped", call, type);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: file transfer failed: {}", call, e.getMessage());
            if (incoming != null) {
                incoming.abandon();
                incoming = null;
            }
        }
    }

    private void startIncoming(JsonNode start) throws IOException {
        if (incoming != null) {
            incoming.abandon();
        }
        String name = Path.of(start.path("name").asText("file")).getFileName().toString();
        incoming = new Incoming(start.path("id").asText(), name, start.path("size").asLong(-1),
                start.path("sha256").asText());
    }

    private void finishIncoming(String id) throws IOException {
        Incoming file = incoming;
        incoming = null;
        if (file == null || !file.id.equals(id)) {
            LOG.warn("{}: end of an unknown file transfer {}", call, id);
            return;
        }
        String actual = file.close();
        boolean ok = file.received == file.size && actual.equalsIgnoreCase(file.sha256);
        ObjectNode ack = control("ack").put("id", id).put("ok", ok);
        if (!ok) {
            ack.put("reason", "received " + file.received + " bytes with SHA-256 " + actual + ", announced "
                    + file.size + " bytes with " + file.sha256);
            LOG.warn("{}: file {} arrived damaged: {}", call, file.name, ack.path("reason").asText());
            Files.deleteIfExists(file.path);
        } else {
            LOG.info("{}: received file {} ({} bytes, SHA-256 verified)", call, file.name, file.size);
            ReceivedFile received = new ReceivedFile(file.name, file.size, actual, file.path);
            call.fileReceived(received);
        }
        RTCDataChannel channel = files;
        if (channel != null) {
            send(channel, ack.toString().getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private void acknowledged(JsonNode ack) {
        CompletableFuture<String> result = awaitingAck.remove(ack.path("id").asText());
        if (result == null) {
            return;
        }
        if (ack.path("ok").asBoolean()) {
            client.events().execute(() -> result.complete(ack.path("id").asText()));
        } else {
            fail(result, new CallwireException(CallwireException.Reason.MEDIA_ENGINE,
                    "the receiver rejected the file: " + ack.path("reason").asText()));
        }
    }

    /** Engine thread: the call ended. Fails what waits, frees the channels. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        synchronized (bufferChanged) {
            bufferChanged.notifyAll();
        }
        CallwireException ended = ended();
        awaitingAck.values().forEach(f -> fail(f, ended));
        awaitingAck.clear();
        synchronized (writableWaiters) {
            writableWaiters.forEach(f -> fail(f, ended));
            writableWaiters.clear();
        }
        List<RTCDataChannel> all = new ArrayList<>(discarded);
        if (data != null) {
            all.add(data);
        }
        if (files != null) {
            all.add(files);
        }
        // Disposed here, on the engine thread and before the call closes its peer connection: disposing later
        // (as this once did, on the file thread) raced with the connection's release and crashed libwebrtc.
        synchronized (channelLock) {
            for (RTCDataChannel channel : all) {
                try {
                    channel.unregisterObserver();
                    channel.close();
                    channel.dispose();
                } catch (RuntimeException | Error e) {
                    LOG.debug("{}: closing data channel: {}", call, e.toString());
                }
            }
        }
        fileThread.execute(() -> {
            if (incoming != null) {
                incoming.abandon();
                incoming = null;
            }
        });
    }

    private CallwireException ended() {
        return new CallwireException(CallwireException.Reason.CALL_ENDED, "call " + call.callId() + " ended");
    }

    private <T> void fail(CompletableFuture<T> future, Throwable error) {
        client.events().execute(() -> future.completeExceptionally(error));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A file being received; file thread only. */
    private final class Incoming {
        final String id;
        final String name;
        final long size;
        final String sha256;
        final Path path;
        final OutputStream out;
        final MessageDigest digest = sha256();
        long received;

        Incoming(String id, String name, long size, String sha256) throws IOException {
            this.id = id;
            this.name = name;
            this.size = size;
            this.sha256 = sha256;
            this.path = Files.createTempFile(client.fileDirectory(), "received-", "-" + name);
            this.out = Files.newOutputStream(path);
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            digest.update(bytes);
            received += bytes.length;
        }

        String close() throws IOException {
            out.close();
            return HexFormat.of().formatHex(digest.digest());
        }

        void abandon() {
            try {
                out.close();
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.debug("could not delete partial file {}: {}", path, e.toString());
            }
        }
    }

    /** libwebrtc's threads: copy and hand on, nothing else. */
    private final class Observer implements RTCDataChannelObserver {
        private final RTCDataChannel channel;

        Observer(RTCDataChannel channel) {
            this.channel = channel;
        }

        @Override
        public void onBufferedAmountChange(long previousAmount) {
            changed();
        }

        @Override
        public void onStateChange() {
            changed();
        }

        /** Wakes the file sender and re-checks writability on the engine thread: asking the channel for its
         *  buffered amount from here would call back into libwebrtc on its own thread. */
        private void changed() {
            synchronized (bufferChanged) {
                bufferChanged.notifyAll();
            }
            client.runOnEngine(DataLink.this::checkWritable);
        }

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            ByteBuffer source = buffer.data.duplicate();
            byte[] bytes = new byte[source.remaining()];
            source.get(bytes);
            boolean binary = buffer.binary;
            if (channel == files) {
                fileThread.execute(() -> onFileMessage(bytes, binary));
            } else if (channel == data) {
                DataMessage message = binary ? DataMessage.binary(bytes)
                        : DataMessage.text(new String(bytes, StandardCharsets.UTF_8));
                client.runOnEngine(() -> call.dataMessage(message));
            }
        }
    }
}
