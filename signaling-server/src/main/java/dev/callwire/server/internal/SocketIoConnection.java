package dev.callwire.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The socket.io v4 layer of one engine.io session, default namespace only: every envelope is the single
 * argument of a {@code signal} event, in both directions; a JSON string holding the envelope is accepted too.
 *
 * <p>Inbound, the envelope's text is cut out of {@code 42["signal",{...}]} and handed to the hub as it came (the
 * hub decodes it once); only an unusual spelling is parsed as a whole. Outbound, the envelope the hub encoded is
 * wrapped, never re-parsed.
 */
final class SocketIoConnection extends Connection {

    static final String EVENT = "signal";
    private static final String EVENT_PREFIX = "[\"" + EVENT + "\",";
    private static final String EMIT_PREFIX = "42" + EVENT_PREFIX;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Hub hub;
    private final EngineIoSession session;
    private volatile boolean connected;

    SocketIoConnection(Hub hub, EngineIoSession session, Executor writer, double ratePerSecond, int burst) {
        super(writer, ratePerSecond, burst);
        this.hub = hub;
        this.session = session;
    }

    @Override
    protected String transportName() {
        return "socket.io";
    }

    /** One socket.io packet: {@code text} from index {@code start} (after engine.io's message type). */
    void onPacket(String text, int start) {
        if (start >= text.length()) {
            malformed("empty socket.io packet");
            return;
        }
        char type = text.charAt(start);
        int i = start + 1;
        String namespace = "/";
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            namespace = comma < 0 ? text.substring(i) : text.substring(i, comma);
            i = comma < 0 ? text.length() : comma + 1;
        }
        boolean main = namespace.equals("/");
        switch (type) {
            case '0' -> onConnect(namespace);
            case '1' -> {
                if (main) {
                    session.close("socket.io disconnect from the client");
                }
            }
            case '2' -> {
                if (main && connected) {
                    onEvent(text, i);
                }
            }
            case '3' -> {
                // an acknowledgement: the server never asks for one
            }
            default -> malformed("socket.io packet type '" + type + "'");
        }
    }

    private void onConnect(String namespace) {
        if (!namespace.equals("/")) {
            session.send("44" + namespace + ",{\"message\":\"Invalid namespace\"}", null);
            return;
        }
        if (connected) {
            return;
        }
        connected = true;
        hub.register(this);
        session.send("40{\"sid\":\"" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "\"}", null);
    }

    private void onEvent(String text, int i) {
        int idStart = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i - idStart > 9) {
            malformed("socket.io ack id too long");
            return;
        }
        String ackId = i > idStart ? text.substring(idStart, i) : null;
        String envelope = null;
        boolean refused = false;
        int body = i + EVENT_PREFIX.length();
        int last = text.length() - 1;
        if (text.startsWith(EVENT_PREFIX, i) && last > body && text.charAt(body) == '{' && text.charAt(last) == ']') {
            envelope = text.substring(body, last); // the usual spelling: the envelope's own text, no parse here
        } else {
            JsonNode array;
            try {
                array = JSON.readTree(text.substring(i));
            } catch (JsonProcessingException e) {
                array = null;
            }
            if (array == null || !array.isArray() || array.isEmpty() || !array.get(0).isTextual()) {
                malformed("socket.io event that is not a JSON array with a name");
                return;
            }
            boolean signal = EVENT.equals(array.get(0).asText()); // other events are ignored, as socket.io does
            if (signal && array.size() == 2 && array.get(1).isObject()) {
                envelope = array.get(1).toString();
            } else if (signal && array.size() == 2 && array.get(1).isTextual()) {
                envelope = array.get(1).asText();
            } else {
                refused = signal;
            }
        }
        if (ackId != null) {
            session.send("43" + ackId + "[]", null); // the envelope is the answer; the ack only says "received"
        }
        if (envelope != null) {
            hub.onText(this, envelope);
        } else if (refused && tryAcquire()) {
            send(ProtocolCodec.encode(new ErrorMessage(null, ProtocolError.BAD_MESSAGE,
                    "'" + EVENT + "' takes exactly one argument: the envelope as a JSON object", null)));
        }
    }

    private void malformed(String what) {
        MalformedPacketWarnings.warn(what);
        session.close("malformed socket.io packet");
    }

    /** The engine.io session ended: a joined peer leaves its room. */
    void onTransportClosed() {
        hub.onClose(this);
    }

    @Override
    protected boolean writesAsynchronously() {
        return true;
    }

    @Override
    protected void write(String json) {
        int chars = json.length();
        session.send(EMIT_PREFIX + json + "]", () -> written(chars));
    }

    @Override
    protected void closeTransport() {
        session.disconnect();
    }
}
