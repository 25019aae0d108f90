package dev.callwire.webrtc.internal.room;

import dev.callwire.ClientLimits;
import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.Message;
import dev.callwire.webrtc.internal.CapLog;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door between a room's transport and the engine thread. The engine's queue takes whatever is handed to
 * it, so this counts the room's messages that wait there and refuses more beyond
 * {@link ClientLimits#maxQueuedSignals()}, or while half of {@link ClientLimits#maxQueuedEvents()} is in use
 * (the application's listener is behind, and every message may add events): a flood then costs a counter and
 * a rate-limited log line, never memory. Messages already admitted are all handled.
 */
final class SignalIntake {

    private static final Logger LOG = LoggerFactory.getLogger(SignalIntake.class);

    private final String roomName;
    private final int maxQueued;
    private final IntSupplier eventBacklog;
    private final int maxEventBacklog;
    private final AtomicInteger waiting = new AtomicInteger();
    private final CapLog refused = new CapLog(LOG);

    SignalIntake(String roomName, ClientLimits limits, IntSupplier eventBacklog) {
        this.roomName = roomName;
        this.maxQueued = limits.maxQueuedSignals();
        this.eventBacklog = eventBacklog;
        this.maxEventBacklog = Math.max(1, limits.maxQueuedEvents() / 2);
    }

    /** Transport thread: whether the message may go to the engine; if so, the engine must call {@link #taken()}. */
    boolean admit(Message message) {
        int events = eventBacklog.getAsInt();
        if (events >= maxEventBacklog) {
            refused.warn("Room {}: refusing {} from {}: {} listener events wait for the event thread (half of "
                    + "ClientLimits.maxQueuedEvents); is a listener blocking?", roomName, message.type().wireName(),
                    sender(message), events);
            return false;
        }
        if (waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            refused.warn("Room {}: refusing {} from {}: {} signaling messages already wait for the engine "
                    + "(ClientLimits.maxQueuedSignals)", roomName, message.type().wireName(), sender(message),
                    maxQueued);
            return false;
        }
        return true;
    }

    /** Engine thread: an admitted message left the queue. */
    void taken() {
        waiting.decrementAndGet();
    }

    int waiting() {
        return waiting.get();
    }

    private static String sender(Message message) {
        return message instanceof DirectedMessage directed ? directed.from() : "the server";
    }
}
