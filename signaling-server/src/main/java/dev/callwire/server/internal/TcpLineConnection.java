package dev.callwire.server.internal;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional TCP line transport ({@code tcpline://host:port}): one JSON envelope per {@code \n}-terminated
 * UTF-8 line over a plain TCP connection, both directions. A trailing {@code \r} is ignored and empty lines
 * are heartbeats: the server writes one every keepalive interval, and ignores those it receives.
 *
 * <p>A line longer than {@link ProtocolCodec#MAX_MESSAGE_BYTES} is never buffered in full: it is answered
 * with {@code too-large} and skipped up to its {@code \n}; the connection stays open. Invalid UTF-8 is
 * answered with {@code bad-message}. One reader thread per connection runs {@link #readLoop()}; writes
 * happen on the endpoint's executor through the {@link Connection} outbox.
 *
 * <p>Deadlines, so that a thread is never parked forever on a client that sends nothing: a connection that
 * has not joined a room is closed after {@code idleTimeout} without a complete line, and any line (joined or
 * not) must arrive within {@code idleTimeout} of its first byte, so dripping a byte now and then does not keep
 * a thread either. A joined client may stay silent: clients of this transport send no heartbeats of their
 * own, and a dead one shows up as a failed heartbeat write.
 */
final class TcpLineConnection extends Connection {

    private static final Logger LOG = LoggerFactory.getLogger(TcpLineConnection.class);

    /** Longest line buffered: one byte more than an envelope may have, so "too long" can be told apart. */
    static final int MAX_LINE_BYTES = ProtocolCodec.MAX_MESSAGE_BYTES + 1;

    private final Hub hub;
    private final Socket socket;
    private final OutputStream out;
    private final long idleTimeoutNanos;

    TcpLineConnection(Hub hub, Socket socket, Executor writer, double ratePerSecond, int burst, Duration idleTimeout)
            throws IOException {
        super(writer, ratePerSecond, burst);
        this.hub = hub;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        this.idleTimeoutNanos = idleTimeout.toNanos();
        // Reads wake up at least this often, so both deadlines are checked even when nothing arrives.
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, idleTimeout.toMillis())));
    }

    @Override
    protected String transportName() {
        return "tcp-line";
    }

    /** Reads lines until the peer or the server closes the socket, then reports the close to the hub. */
    void readLoop() {
        hub.register(this);
        try (InputStream in = socket.getInputStream()) {
            byte[] chunk = new byte[8192];
            byte[] line = new byte[1024];
            int length = 0;
            boolean overflow = false;
            long lastLineEnd = System.nanoTime();
            long lineStart = 0;
            boolean inLine = false;
            while (true) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (SocketTimeoutException e) {
                    n = 0; // nothing arrived: only the deadlines below can end the connection
                }
                if (n < 0) {
                    break;
                }
                long now = System.nanoTime();
                if (inLine && now - lineStart > idleTimeoutNanos) {
                    LOG.debug("Closing {} (peer {}): a line took longer than {} ms", label(), peerId,
                            idleTimeoutNanos / 1_000_000);
                    break;
                }
                // `room` is written by this thread (join and leave are handled here), so this read is current.
                if (!inLine && n == 0 && room == null && now - lastLineEnd > idleTimeoutNanos) {
                    LOG.debug("Closing {}: silent for {} ms without joining a room", label(),
                            idleTimeoutNanos / 1_000_000);
                    break;
                }
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (b != '\n') {
                        if (!inLine) {
                            inLine = true;
                            lineStart = now;
                        }
                        if (overflow) {
                            continue;
                        }
                        if (length == MAX_LINE_BYTES) {
                            overflow = true;
                            continue;
                        }
                        if (length == line.length) {
                            line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
                        }
                        line[length++] = b;
                        continue;
                    }
                    if (overflow) {
                        refuseTooLarge();
                    } else {
                        onLine(line, length);
                    }
                    length = 0;
                    overflow = false;
                    inLine = false;
                    lastLineEnd = now;
                    if (line.length > 8192) {
                        line = new byte[1024]; // do not keep a large buffer for an idle connection
                    }
                }
            }
        } catch (IOException e) {
            if (!isClosed()) {
                LOG.debug("Reading from {} failed: {}", label(), e.toString());
            }
        } finally {
            hub.onClose(this);
            closeTransport();
        }
    }

    private void onLine(byte[] bytes, int length) {
        int end = length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        if (end == 0) {
            return; // heartbeat
        }
        if (end > ProtocolCodec.MAX_MESSAGE_BYTES) {
            refuseTooLarge();
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, end))
                    .toString();
        } catch (CharacterCodingException e) {
            if (tryAcquire()) {
                send(ProtocolCodec.encode(new ErrorMessage(null, ProtocolError.BAD_MESSAGE,
                        "a line is not valid UTF-8", null)));
            }
            return;
        }
        hub.onText(this, text);
    }

    private void refuseTooLarge() {
        if (tryAcquire()) {
            send(ProtocolCodec.encode(new ErrorMessage(null, ProtocolError.TOO_LARGE,
                    "line longer than " + ProtocolCodec.MAX_MESSAGE_BYTES + " bytes; skipped", null)));
        }
    }

    @Override
    protected void write(String json) throws IOException {
        // Envelopes are single-line JSON (the codec escapes control characters), so "\n" frames them.
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
    }

    @Override
    void keepalive(long nowNanos, long deadAfterNanos) {
        // An empty line: lets the client notice a dead server, and a dead client shows up as a failed write.
        send("");
    }

    @Override
    protected void closeTransport() {
        try {
            socket.close(); // also ends a blocked read or write
        } catch (IOException e) {
            LOG.debug("Closing {} failed: {}", label(), e.toString());
        }
    }
}
