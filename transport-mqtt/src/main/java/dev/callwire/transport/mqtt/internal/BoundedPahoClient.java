package dev.callwire.transport.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.internal.NetworkModule;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Paho's asynchronous client reading through {@link BoundedMqttInput}, so that no inbound message larger than
 * the limit is ever held in memory, over TCP and TLS alike (the wrapping happens above the socket, on the
 * plaintext stream). Paho's {@code createNetworkModules} is its documented extension point for this.
 */
final class BoundedPahoClient extends MqttAsyncClient {

    private final int maxPayload;

    BoundedPahoClient(String serverUri, String clientId, int maxPayload) throws MqttException {
        super(serverUri, clientId, new MemoryPersistence());
        this.maxPayload = maxPayload;
    }

    @Override
    protected NetworkModule[] createNetworkModules(String address, MqttConnectOptions options)
            throws MqttException {
        NetworkModule[] modules = super.createNetworkModules(address, options);
        NetworkModule[] bounded = new NetworkModule[modules.length];
        for (int i = 0; i < modules.length; i++) {
            bounded[i] = new Bounded(modules[i], maxPayload);
        }
        return bounded;
    }

    /** One network module whose input stream is bounded; everything else is the original's. */
    private static final class Bounded implements NetworkModule {
        private final NetworkModule delegate;
        private final int maxPayload;

        Bounded(NetworkModule delegate, int maxPayload) {
            this.delegate = delegate;
            this.maxPayload = maxPayload;
        }

        @Override
        public void start() throws IOException, MqttException {
            delegate.start();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new BoundedMqttInput(delegate.getInputStream(), maxPayload);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return delegate.getOutputStream();
        }

        @Override
        public void stop() throws IOException {
            delegate.stop();
        }

        @Override
        public String getServerURI() {
            return delegate.getServerURI();
        }
    }
}
