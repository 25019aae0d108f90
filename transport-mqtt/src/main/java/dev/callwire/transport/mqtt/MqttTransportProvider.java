package dev.callwire.transport.mqtt;

import dev.callwire.TransportOptions;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.transport.mqtt.internal.MqttTransport;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Signaling over an MQTT broker, for the schemes {@code mqtt} (TCP) and {@code mqtts} (TLS). Found by
 * {@link java.util.ServiceLoader} when this artifact is on the class path; see {@link MqttTransportConfig} for
 * the URI format and the package description for when to pick MQTT.
 *
 * <p>To set what should not travel in a URI (a password, a private CA's socket factory), pass an instance to
 * {@code ClientConfig.Builder.transportPlugin}:
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder(URI.create("mqtts://broker.example.com/acme"))
 *         .transportPlugin(new MqttTransportProvider(mqtt -> mqtt.username("app").password(secret)))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe; constructing one does no I/O.
 */
public final class MqttTransportProvider implements SignalingTransportProvider {

    private final UnaryOperator<MqttTransportConfig.Builder> customizer;

    /** Everything from the URI. Used by {@link java.util.ServiceLoader}. */
    public MqttTransportProvider() {
        this(UnaryOperator.identity());
    }

    /**
     * Reads the URI, then lets {@code customizer} adjust the settings before each transport is made.
     */
    public MqttTransportProvider(UnaryOperator<MqttTransportConfig.Builder> customizer) {
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    @Override
    public String name() {
        return "MQTT (Eclipse Paho)";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mqtt", "mqtts");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the URI is not a valid {@code mqtt://} or {@code mqtts://} URI
     */
    @Override
    public SignalingTransport create(URI uri, TransportOptions options) {
        Objects.requireNonNull(options, "options");
        MqttTransportConfig config = customizer.apply(MqttTransportConfig.fromUri(uri).toBuilder()).build();
        return new MqttTransport(config, options);
    }

    @Override
    public String toString() {
        return name();
    }
}
