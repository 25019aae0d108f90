package dev.callwire.webrtc.internal.call;

import dev.callwire.CallState;
import dev.callwire.CallStateCause;
import dev.callwire.CallwireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's side of surviving network changes: its {@link IceRecovery}, the outside triggers (network change,
 * signaling back) and the rule that ICE-restart offers are made only while signaling can carry them. Engine thread.
 */
final class CallRestarts implements IceRecovery.Target {

    private static final Logger LOG = LoggerFactory.getLogger(CallRestarts.class);

    private final PeerCall call;
    private final CallHost host;
    private final Negotiator negotiator;
    private final CallNegotiationEvents negotiationEvents;
    private final CallConnection connection;
    private final IceRecovery recovery;
    private boolean restartWhenSignaled;

    CallRestarts(PeerCall call, CallHost host, Negotiator negotiator, CallNegotiationEvents negotiationEvents,
                 CallConnection connection) {
        this.call = call;
        this.host = host;
        this.negotiator = negotiator;
        this.negotiationEvents = negotiationEvents;
        this.connection = connection;
        this.recovery = new IceRecovery(call, this, call.context().engine(),
                call.context().config().ice().restartPolicy(), connection::isMediaConnected);
    }

    IceRecovery recovery() {
        return recovery;
    }

    /** The connection lost its path (libwebrtc's DISCONNECTED): a connected call waits a while, then restarts. */
    void onMediaInterrupted() {
        if (call.hasMediaPath()) {
            call.move(CallState.RECONNECTING, CallStateCause.MEDIA_DISCONNECTED);
            recovery.onDisconnected();
        }
    }

    /** ICE or DTLS failed: a call that had connected restarts ICE; one still setting up fails. */
    void onMediaFailed() {
        if (call.hasMediaPath() && call.context().config().ice().restartPolicy().maxAttempts() > 0) {
            call.move(CallState.RECONNECTING, CallStateCause.MEDIA_FAILED);
            recovery.onFailed();
        } else {
            LOG.warn("{}: ICE/DTLS failed", call);
            call.fail("ICE/DTLS failed");
        }
    }

    /** The application (or a test) asked for a restart, outside any recovery. */
    void restartOnRequest() {
        if (!call.isEnded()) {
            LOG.info("{}: restarting ICE", call);
            negotiator.restartIce();
        }
    }

    /** The host's network interfaces or addresses changed: a call with a media path restarts ICE at once. */
    void onNetworkChanged(boolean hasMediaPath) {
        if (hasMediaPath) {
            recovery.onNetworkChanged();
        }
    }

    /**
     * The room re-joined after a signaling reconnect: the peer connection takes the server's current ICE servers
     * (fresh TURN credentials for the next restart); then an offer lost with the old connection is re-sent, a
     * restart that waited for signaling is made, or a call whose media is down restarts ICE now.
     */
    void onSignalingRestored(boolean hasMediaPath) {
        connection.updateIceServers();
        if (negotiator.hasUnansweredOffer()) {
            // Never a fresh offer here: a late answer to the one out would be applied to it. Re-send it only if it
            // may have died with the old connection; one queued meanwhile went out on the new connection already.
            if (!negotiationEvents.lastOfferQueued() && negotiator.resendUnansweredOffer()) {
                LOG.info("{}: signaling is back; re-sent our unanswered offer", call);
            }
        } else if (restartWhenSignaled) {
            restartWhenSignaled = false;
            LOG.info("{}: signaling is back; making the ICE restart that waited for it", call);
            negotiator.restartIce();
        } else if (hasMediaPath) {
            recovery.onSignalingRestored();
        }
    }

    /** Fresh ICE servers from the room: the next restart gathers relay candidates with them. Nothing restarts now. */
    void onIceServersRefreshed() {
        connection.updateIceServers();
    }

    @Override
    public void restartIce() {
        if (host.isSignalingConnected()) {
            negotiator.restartIce();
            return;
        }
        // An offer queued now would go out on the next connection behind any later ones, and their answers would
        // cross; one fresh offer when signaling is back does the job.
        LOG.info("{}: signaling is down; the ICE restart waits for it", call);
        restartWhenSignaled = true;
    }

    @Override
    public void giveUp(String detail) {
        CallwireException error = new CallwireException(CallwireException.Reason.CALL_ENDED,
                "call " + call.id() + " with " + call.peerId() + " failed: " + detail);
        host.fire(l -> l.onError(host.room(), error));
        call.fail(detail);
    }

    @Override
    public boolean isEnded() {
        return call.isEnded();
    }
}
