package dev.callwire.transport.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of the broker, so a test can cut a client's connection the way a dead network or a
 * crashed process does: both sockets reset, no MQTT DISCONNECT, and nothing accepted afterwards.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile boolean refusing;

    TcpProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Resets every relayed connection and stops accepting new ones. */
    void cut() {
        cut = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        resetAll(); // RST, as a vanished host's kernel would eventually
    }

    /** Resets every relayed connection and, until {@link #restore()}, hangs up on new ones at once. */
    void interrupt() {
        refusing = true;
        resetAll();
    }

    /** Relays new connections again after {@link #interrupt()}. */
    void restore() {
        refusing = false;
    }

    private void resetAll() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        sockets.clear();
    }

    @Override
    public void close() {
        cut();
    }

    private void acceptLoop() {
        while (!cut) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2000);
                sockets.add(client);
                sockets.add(upstream);
                if (cut) {
                    client.close();
                    upstream.close();
                    return;
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (!cut && !(e instanceof SocketException)) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // connection ended or cut
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }
}
