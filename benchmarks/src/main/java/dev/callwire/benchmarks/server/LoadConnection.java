package dev.callwire.benchmarks.server;

import static dev.callwire.benchmarks.server.LoadGenerator.FIXED;
import static dev.callwire.benchmarks.server.LoadGenerator.JSON;
import static dev.callwire.benchmarks.server.LoadGenerator.SATURATE;
import static dev.callwire.benchmarks.server.LoadGenerator.WARMUP_SATURATE;
import static dev.callwire.benchmarks.server.LoadGenerator.delivered;
import static dev.callwire.benchmarks.server.LoadGenerator.error;
import static dev.callwire.benchmarks.server.LoadGenerator.phase;
import static dev.callwire.benchmarks.server.LoadGenerator.sent;
import static dev.callwire.benchmarks.server.LoadGenerator.socketIo;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;

/**
 * One client connection on the JDK's NIO WebSocket client (one selector thread for all; OkHttp, tried
 * first, runs several threads per WebSocket: 5,000 threads for 1,000 connections made the generator the
 * bottleneck). Listener callbacks of one WebSocket are serial; sends are queued because the JDK client
 * allows one outstanding send per WebSocket.
 */
final class LoadConnection implements WebSocket.Listener {

    /** Queued in place of text for {@link #heartbeat}; compared by identity. */
    private static final String PING = new String("ping");
    private static final String PONG = new String("pong");
    final int index;
    final String room;
    final Semaphore handshakes;
    volatile WebSocket ws;
    volatile boolean ready;
    volatile String partnerId = "x";
    private final long[][] latencies = new long[WARMUP_SATURATE + 1][]; // allocated on first use: idle runs hold 10,000 of these
    private final int[] counts = new int[WARMUP_SATURATE + 1];
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean sending;
    private final StringBuilder partial = new StringBuilder();

    LoadConnection(int index, String room, Semaphore handshakes) {
        this.index = index;
        this.room = room;
        this.handshakes = handshakes;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        handshakes.release();
        webSocket.request(1);
        if (!socketIo) {
            join();
        }
    }

    /**
     * A ping and an unsolicited pong (RFC 6455 5.5.3), queued like text. Sent in the warm-up so that the servers'
     * control-frame paths run before the measured phases: without them the Callwire server's first keepalive
     * pongs (~21 s after its start, inside the fixed-rate phase) deoptimised the JIT-compiled frame parser, and
     * relaying on the interpreter until C2 recompiled it delayed messages up to 80 ms once per process.
     */
    void heartbeat() {
        send(PING);
        send(PONG);
    }

    private void join() {
        sendEnvelope("{\"v\":1,\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"load" + index + "\"}");
    }

    private void sendEnvelope(String envelope) {
        send(socketIo ? "42[\"signal\"," + envelope + "]" : envelope);
    }

    void send(String text) {
        synchronized (this) {
            if (sending) {
                queue.add(text);
                return;
            }
            sending = true;
            queue.add(text);
        }
        pump();
    }

    private void pump() {
        while (true) {
            String next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            CompletableFuture<WebSocket> done = next == PING ? ws.sendPing(ByteBuffer.allocate(0))
                    : next == PONG ? ws.sendPong(ByteBuffer.allocate(0)) : ws.sendText(next, true);
            if (!done.isDone()) {
                done.whenComplete((w, e) -> {
                    if (e != null) {
                        error("send failed on " + index + ": " + e);
                    }
                    pump();
                });
                return;
            }
            if (done.isCompletedExceptionally()) {
                error("send failed on " + index);
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        webSocket.request(1);
        if (!last) {
            partial.append(data);
            return null;
        }
        String text;
        if (partial.length() > 0) {
            text = partial.append(data).toString();
            partial.setLength(0);
        } else {
            text = data.toString();
        }
        onMessage(text);
        return null;
    }

    void sendOffer(int p) {
        sent[p].increment();
        sendEnvelope("{\"v\":1,\"type\":\"offer\",\"room\":\"" + room + "\",\"to\":\"" + partnerId
                + "\",\"call\":\"bench\",\"sdp\":\"ts=" + System.nanoTime() + ";p=" + p + "\"}");
    }

    private void onMessage(String text) {
        if (socketIo) {
            if (text.startsWith("42[")) {
                int comma = text.indexOf(',');
                onEnvelope(text.substring(comma + 1, text.length() - 1));
            } else if (text.equals("2")) {
                send("3");
            } else if (text.startsWith("0{")) {
                send("40");
            } else if (text.startsWith("40")) {
                join();
            } else if (text.startsWith("44") || text.startsWith("41")) {
                error("socket.io: " + text);
            }
        } else {
            onEnvelope(text);
        }
    }

    private void onEnvelope(String envelope) {
        int ts = envelope.indexOf("\"sdp\":\"ts=");
        if (ts >= 0) {
            long now = System.nanoTime();
            int start = ts + 10;
            int semi = envelope.indexOf(';', start);
            long sentAt = Long.parseLong(envelope, start, semi, 10);
            int p = envelope.charAt(semi + 3) - '0';
            int current = phase;
            if (p == current || p == WARMUP_SATURATE) {
                delivered[p].increment();
            }
            record(p, now - sentAt);
            if (p == FIXED && LatencyTrace.enabled()) {
                LatencyTrace.add(sentAt, now - sentAt);
            }
            if ((p == SATURATE || p == WARMUP_SATURATE) && current == p) {
                sendOffer(p);
            }
            return;
        }
        try {
            JsonNode node = JSON.readTree(envelope);
            String type = node.path("type").asText();
            switch (type) {
                case "welcome" -> {
                    JsonNode peers = node.path("peers");
                    if (peers.size() > 0) {
                        partnerId = peers.get(0).path("id").asText();
                        ready = true;
                    }
                }
                case "peer-joined" -> {
                    partnerId = node.path("peer").path("id").asText();
                    ready = true;
                }
                case "error" -> error(envelope);
                default -> { }
            }
        } catch (Exception e) {
            error("unparsable: " + envelope);
        }
    }

    private synchronized void record(int p, long nanos) {
        if (latencies[p] == null) {
            latencies[p] = new long[256];
        } else if (counts[p] == latencies[p].length) {
            latencies[p] = Arrays.copyOf(latencies[p], counts[p] * 2);
        }
        latencies[p][counts[p]++] = nanos;
    }

    synchronized long[] latencies(int p) {
        return latencies[p] == null ? new long[0] : Arrays.copyOf(latencies[p], counts[p]);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable t) {
        error("connection " + index + " failed: " + t);
    }
}
