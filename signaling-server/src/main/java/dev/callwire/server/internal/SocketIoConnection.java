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
        Event event = Event.parse(text, i);
        if (event == null) {
            malformed("socket.io event that is not a JSON array with a name");
            return;
        }
        if (event.ackId() != null) {
            session.send("43" + event.ackId() + "[]", null); // the envelope is the answer; the ack says "received"
        }
        if (event.envelope() != null) {
            hub.onText(this, event.envelope());
        } else if (event.wrongArguments() && tryAcquire()) {
            send(ProtocolCodec.encode(new ErrorMessage(null, ProtocolError.BAD_MESSAGE,
                    "'" + EVENT + "' takes exactly one argument: the envelope as a JSON object", null)));
        }
    }

    /**
     * One socket.io EVENT packet's content after its type (and namespace).
     *
     * @param ackId          the id the client wants acknowledged, or {@code null}
     * @param envelope       the text of a {@code signal} event's envelope, or {@code null}
     * @param wrongArguments a {@code signal} event without exactly one object or string argument
     */
    record Event(String ackId, String envelope, boolean wrongArguments) {

        /** Parses {@code [id]["name",args...]} from index {@code i}; {@code null} when malformed. */
        static Event parse(String text, int i) {
            int idStart = i;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i - idStart > 9) {
                return null;
            }
            String ackId = i > idStart ? text.substring(idStart, i) : null;
            int body = i + EVENT_PREFIX.length();
            int last = text.length() - 1;
            if (text.startsWith(EVENT_PREFIX, i) && last > body && text.charAt(body) == '{'
                    && text.charAt(last) == ']') {
                // The usual spelling: the envelope's own text, not parsed here (the hub decodes it once). Anything
                // after the object (a second argument) makes it invalid JSON, which the hub refuses.
                return new Event(ackId, text.substring(body, last), false);
            }
            JsonNode array;
            try {
                array = JSON.readTree(text.substring(i));
            } catch (JsonProcessingException e) {
                return null;
            }
            if (array == null || !array.isArray() || array.isEmpty() || !array.get(0).isTextual()) {
                return null;
            }
            if (!EVENT.equals(array.get(0).asText())) {
                return new Event(ackId, null, false); // an event nobody listens to is ignored, as socket.io does
            }
            JsonNode argument = array.size() == 2 ? array.get(1) : null;
            if (argument != null && argument.isObject()) {
                return new Event(ackId, argument.toString(), false);
            }
            if (argument != null && argument.isTextual()) {
                return new Event(ackId, argument.asText(), false);
            }
            return new Event(ackId, null, true);
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
