package dev.callwire.webrtc.internal.call;

import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Offer;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The negotiator's requests, carried out in the call's name: signaling out, state and failure in. */
final class CallNegotiationEvents implements Negotiator.Events {

    private static final Logger LOG = LoggerFactory.getLogger(CallNegotiationEvents.class);

    private final PeerCall call;
    private final CallHost host;
    private final RemoteMedia remote;
    private boolean lastOfferQueued;

    CallNegotiationEvents(PeerCall call, CallHost host, RemoteMedia remote) {
        this.call = call;
        this.host = host;
        this.remote = remote;
    }

    @Override
    public void sendOffer(String sdp) {
        call.timeline().offerSent();
        lastOfferQueued = !host.isSignalingConnected();
        host.send(new Offer(host.room().name(), null, call.peerId(), call.id(), sdp));
        call.timeline().mark("offer handed to the transport");
        call.restarts().recovery().onOfferSent();
    }

    /**
     * The latest offer went into the transport's queue while signaling was down: it goes out on the next connection
     * by itself. One sent on a live connection may have been lost with it (a silent death).
     */
    boolean lastOfferQueued() {
        return lastOfferQueued;
    }

    @Override
    public void sendAnswer(String sdp) {
        call.timeline().answerSent();
        host.send(new Answer(host.room().name(), null, call.peerId(), call.id(), sdp));
        call.timeline().mark("answer handed to the transport");
    }

    @Override
    public void remoteDescription(String sdp) {
        call.timeline().remoteDescription();
        remote.expect(sdp);
    }

    @Override
    public void negotiated() {
        call.negotiated();
    }

    @Override
    public void exchangeCompleted() {
        call.restarts().recovery().onExchangeCompleted();
    }

    @Override
    public void failed(String what, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("{}: failed while {}: {}", call, what, cause.getMessage());
        call.fail(what + ": " + cause.getMessage());
    }
}
