package dev.callwire.transport.mqtt;

import dev.callwire.conformance.SignalingTransportContract;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.testing.MosquittoBroker;
import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MQTT transport against a real Mosquitto broker (one per test), through the shared conformance kit.
 * Over a broker nobody answers a message whose recipient is not subscribed yet, so the kit does not wait
 * for queued messages to be delivered or refused after the restart (see {@link #answersUndeliverableMessages()}).
 */
class MqttConformanceIT extends SignalingTransportContract {

    @RegisterExtension
    final MosquittoBroker broker = new MosquittoBroker();

    @Override
    protected SignalingTransportProvider provider() {
        return new MqttTransportProvider();
    }

    @Override
    protected URI serverUri() {
        return broker.uri("/conformance");
    }

    @Override
    protected void stopServer() throws InterruptedException {
        broker.stop();
    }

    @Override
    protected void startServer() throws Exception {
        broker.start();
    }

    @Override
    protected boolean answersUndeliverableMessages() {
        return false;
    }
}
