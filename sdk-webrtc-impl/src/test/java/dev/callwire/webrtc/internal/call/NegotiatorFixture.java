package dev.callwire.webrtc.internal.call;

import dev.callwire.protocol.IceCandidate;
import java.util.ArrayList;
import java.util.List;

/** One negotiator on a fake peer connection, recording what it tells the call, for the Negotiator tests. */
abstract class NegotiatorFixture {

    final FakeSdpPort port = new FakeSdpPort();
    final List<String> events = new ArrayList<>();
    final Negotiator negotiator = new Negotiator("test-call", Runnable::run, recorder(events));

    static IceCandidate candidate(String name) {
        return new IceCandidate("candidate:" + name, "0", 0);
    }

    /** Our first offer made and answered: the connection is stable, with both descriptions. */
    void firstExchangeDone() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
    }

    static Negotiator.Events recorder(List<String> events) {
        return recorder(events, false);
    }

    /** What the negotiator tells the call, one line each; completed exchanges as "exchange" when {@code exchanges}. */
    static Negotiator.Events recorder(List<String> events, boolean exchanges) {
        return new Negotiator.Events() {
            @Override
            public void sendOffer(String sdp) {
                events.add("send offer " + sdp);
            }

            @Override
            public void sendAnswer(String sdp) {
                events.add("send answer " + sdp);
            }

            @Override
            public void remoteDescription(String sdp) {
                events.add("remote " + sdp);
            }

            @Override
            public void negotiated() {
                events.add("negotiated");
            }

            @Override
            public void exchangeCompleted() {
                if (exchanges) {
                    events.add("exchange");
                }
            }

            @Override
            public void failed(String what, Throwable cause) {
                events.add("failed " + what);
            }
        };
    }
}
