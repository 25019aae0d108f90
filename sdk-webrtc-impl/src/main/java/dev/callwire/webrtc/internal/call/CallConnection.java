package dev.callwire.webrtc.internal.call;

import dev.callwire.ClientConfig;
import dev.callwire.IceServer;
import dev.callwire.IceTransportPolicy;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.webrtc.internal.data.DataLink;
import dev.callwire.webrtc.internal.EngineContext;
import dev.callwire.webrtc.internal.natives.NativeReleaser;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionIceErrorEvent;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's {@link RTCPeerConnection}: made from the client's and the server's ICE servers, wired to the
 * call's parts, closed and released when the call ends. Its observer is private: libwebrtc's callbacks
 * arrive on libwebrtc's threads and only hand work to the engine thread (data channels register at once,
 * since their messages may follow immediately).
 */
final class CallConnection {

    private static final Logger LOG = LoggerFactory.getLogger(CallConnection.class);

    private final PeerCall call;
    private final EngineContext context;
    private final CallHost host;
    private final Negotiator negotiator;
    private final LocalSenders senders;
    private final RemoteMedia remote;
    private final DataLink data;
    private final List<String> iceServerErrors = new ArrayList<>();
    private RTCPeerConnection pc;
    private int localCandidates;
    private RTCPeerConnectionState lastState = RTCPeerConnectionState.NEW;

    CallConnection(PeerCall call, EngineContext context, CallHost host, Negotiator negotiator, LocalSenders senders,
                   RemoteMedia remote, DataLink data) {
        this.call = call;
        this.context = context;
        this.host = host;
        this.negotiator = negotiator;
        this.senders = senders;
        this.remote = remote;
        this.data = data;
    }

    /** Engine thread: creates the peer connection; the caller's data channels go into its first offer. */
    void open(boolean caller) {
        context.callStarting();
        pc = context.media().factory().createPeerConnection(configuration(), new Observer());
        call.timeline().mark("peer connection made");
        negotiator.attach(new NativeSdpPort(pc, call.timeline()));
        if (caller) {
            data.createLocal(pc); // in the first offer, so the callee needs no renegotiation
        }
        senders.attach(pc);
        call.timeline().mark("tracks added");
    }

    /** The peer connection last reported CONNECTED. */
    boolean isMediaConnected() {
        return pc != null && lastState == RTCPeerConnectionState.CONNECTED;
    }

    /**
     * Gives the open peer connection the current ICE servers (the server's may carry fresh TURN credentials after a
     * re-join), so the next ICE restart gathers relay candidates with credentials that are still valid.
     */
    void updateIceServers() {
        if (pc == null) {
            return;
        }
        try {
            pc.setConfiguration(configuration());
            LOG.debug("{}: ICE servers updated", call);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not update the ICE servers: {}", call, e.getMessage());
        }
    }

    boolean isOpen() {
        return pc != null;
    }

    RTCPeerConnection peerConnection() {
        return pc;
    }

    String describeIceErrors() {
        return iceServerErrors.isEmpty() ? "" : "; ICE servers: " + String.join("; ", iceServerErrors);
    }

    /**
     * Engine thread: closes the peer connection, lets {@code releaseSenders} drop the senders' references,
     * then drops the connection's own (see {@link NativeReleaser} for why that is ours to do). Idempotent.
     */
    void close(Runnable releaseSenders) {
        RTCPeerConnection closing = pc;
        pc = null;
        if (closing == null) {
            releaseSenders.run();
            return;
        }
        long handle = NativeReleaser.handleOf(closing);
        try {
            closing.close();
        } catch (RuntimeException | Error e) {
            LOG.debug("{}: closing the peer connection: {}", call, e.toString());
        }
        releaseSenders.run();
        NativeReleaser.releaseClosedPeerConnection(handle);
    }

    private RTCConfiguration configuration() {
        ClientConfig config = context.config();
        RTCConfiguration rtc = new RTCConfiguration();
        List<IceServer> servers = new ArrayList<>(config.ice().servers());
        servers.addAll(host.serverIceServers());
        for (IceServer server : servers) {
            RTCIceServer ice = new RTCIceServer();
            ice.urls.addAll(server.urls());
            ice.username = server.username();
            ice.password = server.credential();
            rtc.iceServers.add(ice);
        }
        rtc.iceTransportPolicy = config.ice().transportPolicy() == IceTransportPolicy.RELAY
                ? RTCIceTransportPolicy.RELAY : RTCIceTransportPolicy.ALL;
        return rtc;
    }

    /** Runs {@code action} on the engine thread while the call is still live. */
    private void whileLive(Runnable action) {
        context.runOnEngine(() -> {
            if (pc != null && !call.isEnded()) {
                action.run();
            }
        });
    }

    private void gatheringComplete() {
        call.sendCandidate(null);
        if (localCandidates == 0) {
            // Nothing to offer the peer (typically relay-only with no usable TURN server): the call cannot
            // connect, so say why now instead of waiting for the connect timeout.
            String detail = "ICE gathering found no candidates (policy " + context.config().ice().transportPolicy()
                    + ")" + describeIceErrors();
            LOG.warn("{}: {}", call, detail);
            call.fail(detail);
        }
    }

    private void connectionChanged(RTCPeerConnectionState state) {
        lastState = state;
        switch (state) {
            case CONNECTED -> call.onMediaConnected();
            case DISCONNECTED -> call.restarts().onMediaInterrupted();
            case FAILED -> call.restarts().onMediaFailed();
            default -> {
            }
        }
    }

    /** libwebrtc's signaling thread: copy what arrived, hand it on, return. */
    private final class Observer implements PeerConnectionObserver {

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            IceCandidate ice = new IceCandidate(candidate.sdp, candidate.sdpMid, candidate.sdpMLineIndex);
            whileLive(() -> {
                localCandidates++;
                call.sendCandidate(ice);
            });
        }

        @Override
        public void onIceCandidateError(RTCPeerConnectionIceErrorEvent event) {
            String error = event.getUrl() + " answered " + event.getErrorCode() + " " + event.getErrorText();
            whileLive(() -> {
                iceServerErrors.add(error);
                LOG.warn("{}: ICE server {}", call, error);
            });
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            if (state == RTCIceGatheringState.COMPLETE) {
                whileLive(CallConnection.this::gatheringComplete);
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            if (state == RTCPeerConnectionState.CONNECTED) {
                call.timeline().dtlsConnected();
            }
            whileLive(() -> connectionChanged(state));
        }

        @Override
        public void onIceConnectionChange(RTCIceConnectionState state) {
            if (state == RTCIceConnectionState.CONNECTED || state == RTCIceConnectionState.COMPLETED) {
                call.timeline().iceConnected();
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            data.onRemoteChannel(channel);
        }

        @Override
        public void onRenegotiationNeeded() {
            whileLive(negotiator.negotiationNeededRaised());
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            // Getters are read on the engine thread, like every other libwebrtc call of ours.
            whileLive(() -> remote.onTrack(transceiver.getMid(), transceiver.getReceiver().getTrack()));
        }

        @Override
        public void onRemoveTrack(RTCRtpReceiver receiver) {
            String id = receiver.getTrack().getId();
            whileLive(() -> remote.onTrackRemoved(id));
        }
    }
}
