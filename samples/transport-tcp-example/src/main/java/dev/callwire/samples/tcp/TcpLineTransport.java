package dev.callwire.samples.tcp;

import dev.callwire.TransportOptions;
import dev.callwire.spi.support.ReconnectingTransport;
import dev.callwire.spi.support.SerialLoop;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's signaling connection over TCP lines. {@link ReconnectingTransport} does the hard part (states,
 * the bounded queue, backoff, re-join, serialised listener calls, graceful close); this class only opens,
 * writes to and closes one socket at a time.
 *
 * <p>Threads per connection: a reader that also connects ({@code callwire-tcpline-N-read}) and a writer
 * ({@code callwire-tcpline-N-write}, a {@link SerialLoop}), because the hooks must not block while a socket
 * may. Both end when the socket does.
 */
final class TcpLineTransport extends ReconnectingTransport<TcpLineTransport.Line> {

    private static final Logger LOG = LoggerFactory.getLogger(TcpLineTransport.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** The server writes an empty line every 20 s; three missed ones mean the connection is dead. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String host;
    private final int port;
    private final String threadName;

    TcpLineTransport(String host, int port, TransportOptions options) {
        this(host, port, options, "callwire-tcpline-" + COUNTER.incrementAndGet());
    }

    private TcpLineTransport(String host, int port, TransportOptions options, String threadName) {
        super(LOG, options, TcpLineTransportProvider.SCHEME + "://" + host + ":" + port, threadName);
        this.host = host;
        this.port = port;
        this.threadName = threadName;
    }

    @Override
    protected Line newConnection() {
        return new Line();
    }

    @Override
    protected void begin(Line line) {
        Thread reader = new Thread(line::read, threadName + "-read"); // connecting blocks: the reader does it
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    protected boolean write(Line line, String text) {
        return line.write(text);
    }

    @Override
    protected void closeGracefully(Line line) {
        line.finish(); // after everything written so far; the reader then sees the server's EOF
    }

    @Override
    protected void discard(Line line) {
        line.gone = true;
        line.writer.shutdown();
        line.closeSocket();
    }

    @Override
    protected void releaseResources() {
        // Nothing shared: each connection's threads end with its socket.
    }

    /** One connection attempt: a socket, and the loop that writes to it in order. */
    final class Line {
        final Socket socket = new Socket();
        final SerialLoop writer = new SerialLoop(threadName + "-write",
                e -> LOG.warn("TCP line {}: writing failed unexpectedly", context(), e));
        /** Writes handed to {@link #writer} and not yet done: the last of a burst flushes. */
        private final AtomicInteger unwritten = new AtomicInteger();
        /** Set by the reader before the line is reported open, so before the writer's first task. */
        private Writer out;
        volatile boolean gone;

        void read() {
            try {
                socket.connect(new InetSocketAddress(host, port), (int) options.connectTimeout().toMillis());
                socket.setTcpNoDelay(true);
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
                out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
                opened(this); // the writer's first task comes after this, so it sees `out`
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    if (!text.isEmpty()) { // empty lines are the server's heartbeats
                        received(this, text);
                    }
                }
                dropped(this, new EOFException("the server closed the connection"), false);
            } catch (IOException e) {
                dropped(this, e, false);
            } finally {
                writer.shutdown();
                closeSocket();
                terminated(this);
            }
        }

        /** Hands one envelope to the writer; {@code false} once the connection is going away. */
        boolean write(String text) {
            if (gone) {
                return false;
            }
            unwritten.incrementAndGet();
            boolean handedOver = writer.execute(() -> {
                try {
                    out.write(text); // envelopes are single-line JSON: "\n" frames them
                    out.write('\n');
                    if (unwritten.decrementAndGet() == 0) {
                        out.flush();
                    }
                } catch (IOException e) {
                    writeFailed(e);
                }
            });
            if (!handedOver) {
                unwritten.decrementAndGet();
            }
            return handedOver;
        }

        /** After what was written: flushes and half-closes, so the server sees EOF and closes its end. */
        void finish() {
            writer.execute(() -> {
                try {
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException e) {
                    writeFailed(e);
                }
            });
            writer.shutdown();
        }

        private void writeFailed(IOException e) {
            LOG.debug("TCP line {}: writing failed: {}", context(), e.toString());
            gone = true;
            writer.shutdown();
            closeSocket(); // the reader reports the drop
        }

        void closeSocket() {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing a TCP line socket failed: {}", e.toString());
            }
        }
    }
}
