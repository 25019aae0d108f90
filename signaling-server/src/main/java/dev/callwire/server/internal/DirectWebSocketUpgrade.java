package dev.callwire.server.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.Callback;

/**
 * Opens {@code /ws} WebSockets, and socket.io's for new sessions, without Jetty's HTTP/1.1: a connection whose
 * first bytes are {@code GET /ws} or {@code GET /socket.io/?} (recognised by Jetty's
 * {@code DetectorConnectionFactory}) has its request head read here, and a plain
 * version-13 opening handshake ({@link UpgradeRequestHead}) from an admitted origin and address is answered 101
 * and handed to a {@link WebSocketTextChannel}. Anything else, refusals included, goes to Jetty's HTTP/1.1 with
 * the bytes read so far, where {@link WebSocketUpgrades} answers it as before.
 *
 * <p>Why: every connection went through Jetty's HTTP parser, request, response and generator once, and at a
 * thousand connections the JIT was still compiling that code. Between 500 and 1,000 idle connections the server's
 * RSS grew 18.8 KiB per connection without this path and 9.4 to 11.7 with it (medians of six rounds, three runs,
 * {@code benchmarks.jar server --memory-only --endpoints=ws --idle=1000 --rounds=6}).
 */
final class DirectWebSocketUpgrade extends AbstractConnectionFactory implements ConnectionFactory.Detecting {

    /** Who may open a WebSocket, and who listens to it. */
    interface Admission {
        /**
         * The listener of a new WebSocket from {@code address} asking with {@code head} ({@code /ws}, or a new
         * socket.io session), holding whatever slot it takes, or {@code null} when refused (Jetty's path then
         * gives the refusal its answer and log line).
         */
        WebSocketTextChannel.Listener admit(InetAddress address, UpgradeRequestHead head);
    }

    private static final byte[] SWITCHING = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: ").getBytes(StandardCharsets.US_ASCII);

    private final Admission admission;
    private final WebSocketTextChannel.Settings settings;

    DirectWebSocketUpgrade(Admission admission, WebSocketTextChannel.Settings settings) {
        super("callwire-ws");
        this.admission = admission;
        this.settings = settings;
    }

    @Override
    public Detection detect(ByteBuffer buffer) {
        byte[] start = new byte[Math.min(buffer.remaining(), UpgradeRequestHead.DETECTED_BYTES)];
        buffer.slice().get(start);
        Boolean upgrade = UpgradeRequestHead.startsLikeUpgrade(start, start.length);
        return upgrade == null ? Detection.NEED_MORE_BYTES
                : upgrade ? Detection.RECOGNIZED : Detection.NOT_RECOGNIZED;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new HeadReader(endPoint, connector), connector, endPoint);
    }

    /** Reads one request head, then gives the end point to a WebSocket or to Jetty's HTTP/1.1. */
    private final class HeadReader extends AbstractConnection
            implements Connection.UpgradeTo, Connection.UpgradeFrom {

        private final Connector connector;
        /** Grows as the head does, up to {@link UpgradeRequestHead#MAX_BYTES}: most heads are a few hundred bytes. */
        private byte[] head = new byte[1024];
        private int length;
        /** How much of {@link #head} was already found incomplete. */
        private int searched;
        /** What the next connection gets of {@link #head}: from here to {@link #length}. */
        private int handedFrom;

        HeadReader(EndPoint endPoint, Connector connector) {
            super(endPoint, connector.getExecutor());
            this.connector = connector;
        }

        @Override
        public void onUpgradeTo(ByteBuffer buffer) {
            if (buffer != null) {
                if (buffer.remaining() > head.length) {
                    head = new byte[buffer.remaining()]; // frames sent right behind the head: keep them all
                }
                length = buffer.remaining();
                buffer.get(head, 0, length);
            }
        }

        @Override
        public ByteBuffer onUpgradeFrom() {
            return handedFrom < length ? ByteBuffer.wrap(head, handedFrom, length - handedFrom) : null;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            readOn();
        }

        @Override
        public void onFillable() {
            try {
                if (length == head.length) {
                    head = Arrays.copyOf(head, Math.min(2 * head.length, UpgradeRequestHead.MAX_BYTES));
                }
                // Jetty's buffers are in flush mode: the data read so far is [0, length), and fill appends to it.
                ByteBuffer buffer = ByteBuffer.wrap(head, 0, length);
                if (getEndPoint().fill(buffer) < 0) {
                    getEndPoint().close();
                    return;
                }
                length = buffer.limit();
            } catch (IOException e) {
                getEndPoint().close(e);
                return;
            }
            readOn();
        }

        private void readOn() {
            UpgradeRequestHead request = UpgradeRequestHead.parse(head, length, searched);
            if (request == UpgradeRequestHead.INCOMPLETE) {
                searched = length;
                fillInterested();
            } else if (request == UpgradeRequestHead.FALL_BACK) {
                toHttp();
            } else {
                open(request);
            }
        }

        private void open(UpgradeRequestHead request) {
            WebSocketTextChannel.Listener listener = getEndPoint().getRemoteSocketAddress()
                    instanceof InetSocketAddress remote && remote.getAddress() != null
                    ? admission.admit(remote.getAddress(), request) : null;
            if (listener == null) {
                toHttp();
                return;
            }
            WebSocketTextChannel channel = new WebSocketTextChannel(getEndPoint(), connector.getExecutor(),
                    connector.getByteBufferPool(), listener, settings);
            handedFrom = request.length; // the client may have sent frames right behind its head
            byte[] accept = (request.accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            getEndPoint().write(Callback.from(() -> getEndPoint().upgrade(channel), failure -> {
                channel.upgradeFailed(); // never opened: the listener gives back its slot
                getEndPoint().close(failure);
            }), ByteBuffer.wrap(SWITCHING), ByteBuffer.wrap(accept));
        }

        /** Jetty's HTTP/1.1 reads the request from its first byte, as if this class had never looked. */
        private void toHttp() {
            handedFrom = 0;
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            getEndPoint().upgrade(http.newConnection(connector, getEndPoint()));
        }
    }
}
