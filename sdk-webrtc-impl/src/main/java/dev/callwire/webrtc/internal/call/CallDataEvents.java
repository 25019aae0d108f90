package dev.callwire.webrtc.internal.call;

import dev.callwire.DataMessage;
import dev.callwire.ReceivedFile;
import dev.callwire.webrtc.internal.DataLink;

/** What a call's data channels deliver, handed to the room's listeners in the call's name. */
final class CallDataEvents implements DataLink.Owner {

    private final PeerCall call;
    private final CallHost host;

    CallDataEvents(PeerCall call, CallHost host) {
        this.call = call;
        this.host = host;
    }

    @Override
    public String callId() {
        return call.id();
    }

    @Override
    public void dataMessage(DataMessage message) {
        if (!call.isEnded()) {
            host.fire(l -> l.onDataMessage(host.room(), call, message));
        }
    }

    @Override
    public void fileReceived(ReceivedFile file) {
        host.fire(l -> l.onFileReceived(host.room(), call, file));
    }

    @Override
    public String toString() {
        return call.toString();
    }
}
