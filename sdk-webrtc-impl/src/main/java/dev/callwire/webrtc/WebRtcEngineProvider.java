package dev.callwire.webrtc;

import dev.callwire.CallClient;
import dev.callwire.ClientConfig;
import dev.callwire.CallEngineProvider;
import dev.callwire.webrtc.internal.WebRtcCallClient;

/** The libwebrtc engine, registered for {@link java.util.ServiceLoader}. Loads native code only in {@link #createClient}. */
public final class WebRtcEngineProvider implements CallEngineProvider {

    @Override
    public String name() {
        return "libwebrtc (webrtc-java 0.14)";
    }

    @Override
    public CallClient createClient(ClientConfig config) {
        return new WebRtcCallClient(config);
    }
}
