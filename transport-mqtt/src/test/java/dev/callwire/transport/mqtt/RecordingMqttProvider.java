package dev.callwire.transport.mqtt;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.protocol.Message;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.transport.mqtt.internal.MqttTransport;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The MQTT provider, keeping the transport it made and the states it reported, so that a test can see what the
 * SDK dropped ({@link MqttTransport#droppedInbound()}) and whether the connection ever wavered.
 */
final class RecordingMqttProvider implements SignalingTransportProvider {

    private final MqttTransportProvider delegate;
    volatile MqttTransport transport;
    final List<ConnectionState> states = new CopyOnWriteArrayList<>();

    RecordingMqttProvider(UnaryOperator<MqttTransportConfig.Builder> customizer) {
        this.delegate = new MqttTransportProvider(customizer);
    }

    long dropped() {
        return transport.droppedInbound();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<String> schemes() {
        return delegate.schemes();
    }

    @Override
    public SignalingTransport create(URI uri, TransportOptions options) {
        MqttTransport made = (MqttTransport) delegate.create(uri, options);
        transport = made;
        return new SignalingTransport() {
            @Override
            public void start(Listener listener) {
                made.start(new Listener() {
                    @Override
                    public void onMessage(Message message) {
                        listener.onMessage(message);
                    }

                    @Override
                    public void onStateChanged(ConnectionState state, Throwable cause) {
                        states.add(state);
                        listener.onStateChanged(state, cause);
                    }
                });
            }

            @Override
            public boolean send(Message message) {
                return made.send(message);
            }

            @Override
            public ConnectionState state() {
                return made.state();
            }

            @Override
            public void close() {
                made.close();
            }
        };
    }
}
