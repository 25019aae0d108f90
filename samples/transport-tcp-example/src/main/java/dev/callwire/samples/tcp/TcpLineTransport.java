package dev.callwire.samples.tcp;

import dev.callwire.spi.TransportOptions;
import dev.callwire.spi.support.ReconnectingTransport;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's signaling connection over TCP lines. {@link ReconnectingTransport} does the hard part (states,
 * the bounded queue, backoff, re-join, serialised listener calls, graceful close); this class only opens,
 * writes to and closes one socket at a time.
 *
 * <p>Threads per connection: a reader that also connects ({@code callwire-tcpline-N-read}) and a writer
 * ({@code callwire-tcpline-N-write}), because the hooks must not block while a socket may. Both end when the
 * socket does.
 */
final class TcpLineTransport extends ReconnectingTransport<TcpLineTransport.Line> {

    private static final Logger LOG = LoggerFactory.getLogger(TcpLineTransport.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** The server writes an empty line every 20 s; three missed ones mean the connection is dead. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** Writer instructions, compared by identity: finish gracefully, or stop at once. */
    private static final String CLOSE = new String("<close>");
    private static final String STOP = new String("<stop>");

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
        daemon(line::read, "-read").start(); // connecting blocks, so it happens on the reader thread
    }

    @Override
    protected boolean write(Line line, String text) {
        return !line.gone && line.outbox.offer(text);
    }

    @Override
    protected void closeGracefully(Line line) {
        line.outbox.offer(CLOSE); // after everything written so far; the reader then sees the server's EOF
    }

    @Override
    protected void discard(Line line) {
        line.gone = true;
        line.outbox.offer(STOP);
        line.closeSocket();
    }

    @Override
    protected void releaseResources() {
        // Nothing shared: each connection's threads end with its socket.
    }

    private Thread daemon(Runnable task, String suffix) {
        Thread thread = new Thread(task, threadName + suffix);
        thread.setDaemon(true);
        return thread;
    }

    /** One connection attempt: a socket, and what is waiting to be written to it. */
    final class Line {
        final Socket socket = new Socket();
        final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();
        volatile boolean gone;

        void read() {
            try {
                socket.connect(new InetSocketAddress(host, port), (int) options.connectTimeout().toMillis());
                socket.setTcpNoDelay(true);
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
                daemon(this::writeLoop, "-write").start();
                opened(this);
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
                outbox.offer(STOP);
                closeSocket();
                terminated(this);
            }
        }

        private void writeLoop() {
            try {
                Writer out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
                while (true) {
                    String text = outbox.take();
                    if (text == STOP) {
                        return;
                    }
                    if (text == CLOSE) {
                        out.flush();
                        socket.shutdownOutput(); // the server sees EOF, leaves the room and closes its end
                        return;
                    }
                    out.write(text); // envelopes are single-line JSON: "\n" frames them
                    out.write('\n');
                    if (outbox.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                closeSocket(); // the reader reports the drop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
