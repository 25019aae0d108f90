package dev.callwire.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.TransportOptions;
import dev.callwire.spi.SignalingTransports;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketIoTransportProviderTest {

    private final SocketIoTransportProvider provider = new SocketIoTransportProvider();

    @Test
    void isFoundByServiceLoaderForBothSchemes() {
        assertThat(SignalingTransports.forUri(URI.create("socketio+http://127.0.0.1:8080")))
                .isInstanceOf(SocketIoTransportProvider.class);
        assertThat(SignalingTransports.forUri(URI.create("socketio+https://signal.example.com")))
                .isInstanceOf(SocketIoTransportProvider.class);
        assertThat(provider.schemes()).containsExactlyInAnyOrder("socketio+http", "socketio+https");
    }

    @Test
    void defaultsToTheDefaultPathNamespaceAndWebSocket() {
        SocketIoEndpoint endpoint = SocketIoEndpoint.parse(URI.create("socketio+http://127.0.0.1:8080"));
        assertThat(endpoint.server()).isEqualTo(URI.create("http://127.0.0.1:8080/"));
        assertThat(endpoint.path()).isEqualTo("/socket.io/");
        assertThat(endpoint.transports()).containsExactly("websocket");
    }

    @Test
    void readsPathAndTransportsFromTheQueryAndPassesTheRestOn() {
        SocketIoEndpoint endpoint = SocketIoEndpoint.parse(URI.create(
                "socketio+https://signal.example.com:8443/calls?path=/rtc/&transports=polling,websocket&tenant=a%20b"));
        assertThat(endpoint.server()).isEqualTo(URI.create("https://signal.example.com:8443/calls?tenant=a%20b"));
        assertThat(endpoint.path()).isEqualTo("/rtc/");
        assertThat(endpoint.transports()).isEqualTo(List.of("polling", "websocket"));
    }

    @Test
    void rejectsUrisItCannotUseSayingWhy() {
        TransportOptions options = TransportOptions.defaults();
        assertThatThrownBy(() -> provider.create(URI.create("http://127.0.0.1:8080"), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socketio+http:");
        assertThatThrownBy(() -> provider.create(URI.create("socketio+http:/nohost"), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> provider.create(URI.create("socketio+http://h?path=nope"), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
        assertThatThrownBy(() -> provider.create(URI.create("socketio+http://h?transports=carrier-pigeon"), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carrier-pigeon");
    }

    @Test
    void createsTransportsThatDoNotConnectUntilStarted() {
        var transport = provider.create(URI.create("socketio+http://127.0.0.1:9"), TransportOptions.defaults());
        assertThat(transport.state()).isEqualTo(dev.callwire.ConnectionState.CONNECTING);
        assertThat(SocketIoTransportTest.transportThreads()).isEmpty();
        transport.close();
    }
}
