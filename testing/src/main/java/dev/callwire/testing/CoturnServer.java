package dev.callwire.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Debian's coturn ({@code turnserver}) on 127.0.0.1 for one test class: a real STUN/TURN server, with
 * either a static long-term user or coturn's REST shared secret. Fails (never skips) when coturn is missing:
 * install the Debian package {@code coturn}, or point the system property {@value #BINARY_PROPERTY} at the
 * binary.
 */
public final class CoturnServer implements AutoCloseable {

    /** The system property that overrides where the {@code turnserver} binary is. */
    public static final String BINARY_PROPERTY = "callwire.turnserver";
    private static final String DEFAULT_BINARY = "/usr/bin/turnserver";
    /** The realm every started coturn uses. */
    public static final String REALM = "callwire.test";

    private final List<String> auth;
    private final int port;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile Process process;

    private CoturnServer(List<String> auth) {
        this.auth = List.copyOf(auth);
        this.port = freeUdpPort();
        start();
    }

    private void start() {
        Path binary = Path.of(System.getProperty(BINARY_PROPERTY, DEFAULT_BINARY));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("coturn is not installed: " + binary + " is missing. Install the Debian "
                    + "package 'coturn' (apt-get install coturn; .ci/run does this), or set the system property "
                    + BINARY_PROPERTY + " to the turnserver binary.");
        }
        int relayStart = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-n",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                "--min-port=" + relayStart, "--max-port=" + (relayStart + 200), "--realm=" + REALM,
                // --no-tcp: the tests relay over UDP only, and the port is chosen free for UDP alone; a TCP
                // listener on it collided with other processes' ephemeral TCP ports on a busy machine.
                "--no-tls", "--no-dtls", "--no-tcp", "--no-cli", "--allow-loopback-peers", "--log-file=stdout",
                "-v", // verbose: each allocation with its user, for tests that check which credentials were used
                "--pidfile=/tmp/callwire-turnserver-" + port + ".pid"));
        command.addAll(auth);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    log.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "coturn-log-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            org.awaitility.Awaitility.await("coturn answering STUN on 127.0.0.1:" + port)
                    .atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || answersStun());
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("coturn did not answer on 127.0.0.1:" + port + "; log: " + log, e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("coturn exited with " + process.exitValue() + "; log: " + log);
        }
        this.process = process;
    }

    /**
     * Stops coturn and starts it again on the same port with the same credentials, as after a crash or an operator's
     * restart: every allocation is gone, and clients must allocate anew with credentials that are valid now.
     * {@link #log()} starts over with the new process.
     */
    public void restart() {
        close();
        log.clear();
        start();
    }

    /** Sends a STUN Binding request (RFC 5389) and waits briefly for a Binding success response. */
    private boolean answersStun() throws IOException {
        byte[] request = new byte[20];
        request[1] = 0x01; // Binding request
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42; // magic cookie
        ThreadLocalRandom.current().nextBytes(transactionId);
        System.arraycopy(transactionId, 0, request, 8, 12);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(200);
            socket.send(new java.net.DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
            byte[] response = new byte[512];
            java.net.DatagramPacket packet = new java.net.DatagramPacket(response, response.length);
            socket.receive(packet);
            return packet.getLength() >= 20 && response[0] == 0x01 && response[1] == 0x01;
        } catch (java.net.SocketTimeoutException notYet) {
            return false;
        }
    }

    private final byte[] transactionId = new byte[12];

    /** coturn with one long-term user ({@code --lt-cred-mech --user}). */
    public static CoturnServer withUser(String user, String password) {
        return new CoturnServer(List.of("--lt-cred-mech", "--user=" + user + ":" + password));
    }

    /** coturn checking REST credentials made with this shared secret ({@code --use-auth-secret}). */
    public static CoturnServer withRestSecret(String secret) {
        return new CoturnServer(List.of("--use-auth-secret", "--static-auth-secret=" + secret));
    }

    /** The TURN URL over UDP, e.g. {@code turn:127.0.0.1:40123?transport=udp}. */
    public String turnUrl() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    public int port() {
        return port;
    }

    /** What coturn printed so far, for assertions and failure messages. */
    public List<String> log() {
        return List.copyOf(log);
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Process process = this.process;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
