package dev.callwire.webrtc.internal.call;

import dev.callwire.CallState;
import dev.callwire.CallStateCause;
import dev.callwire.EndReason;
import dev.callwire.protocol.ByeReason;
import dev.callwire.webrtc.internal.EngineContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's way to its first media path: placing or ringing, accepting, the first exchange, and the ring and connect
 * deadlines, with the {@link SetupTimeline} that records how long each step took. What happens once media flows is
 * {@link PeerCall}'s and {@link CallRestarts}'. Engine thread.
 */
final class CallSetup {

    private static final Logger LOG = LoggerFactory.getLogger(CallSetup.class);

    private final PeerCall call;
    private final EngineContext context;
    private final CallTimers timers;
    private final SetupTimeline timeline;
    private CallConnection connection;
    private Negotiator negotiator;

    CallSetup(PeerCall call, EngineContext context, CallTimers timers, boolean caller) {
        this.call = call;
        this.context = context;
        this.timers = timers;
        this.timeline = new SetupTimeline(call, caller);
    }

    /** The parts made after the timeline (they report to it). */
    void attach(CallConnection connection, Negotiator negotiator) {
        this.connection = connection;
        this.negotiator = negotiator;
    }

    SetupTimeline timeline() {
        return timeline;
    }

    /** A call we place: the peer connection, our offer, and the wait for an answer. */
    void startOutgoing() {
        LOG.info("{}: calling", call);
        connection.open(true);
        negotiator.makeOffer();
        timers.startRing(this::ringTimedOut);
    }

    /** A call offered to us: the application hears of it, and it may ring for so long. */
    void ring(CallHost host) {
        LOG.info("{}: incoming call", call);
        timers.startRing(this::ringTimedOut);
        timeline.mark("ringing");
        host.fire(l -> l.onIncomingCall(host.room(), call));
    }

    /** The application accepted: the peer connection opens and answers the offer that rang. */
    void accept() {
        if (call.engineState() != CallState.RINGING || connection.isOpen()) {
            return;
        }
        timeline.mark("accepted");
        LOG.info("{}: accepting", call);
        timers.cancelRing();
        connection.open(false);
        negotiator.answerHeldOffer();
    }

    /** The first offer/answer exchange completed: media starts connecting, against a deadline. */
    void negotiated() {
        timers.cancelRing();
        call.move(CallState.CONNECTING, CallStateCause.ANSWERED);
        timers.startConnect(this::connectTimedOut);
    }

    /** The media path is up: no more connect deadline. */
    void mediaConnected() {
        timers.cancelConnect();
    }

    private void ringTimedOut() {
        if (call.engineState() == CallState.RINGING) {
            LOG.info("{}: nobody answered in {}", call, context.config().timeouts().ring());
            call.endLocally(EndReason.TIMEOUT, ByeReason.TIMEOUT);
        }
    }

    private void connectTimedOut() {
        if (call.engineState() == CallState.CONNECTING) {
            String detail = "media did not connect within " + context.config().timeouts().connect().toMillis() + " ms"
                    + connection.describeIceErrors();
            LOG.warn("{}: {}", call, detail);
            call.fail(detail);
        }
    }
}
