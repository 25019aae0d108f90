package dev.callwire.transport.websocket;

import dev.callwire.spi.support.ReconnectingTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransports;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebSocketTransportProviderTest {

    private final WebSocketTransportProvider provider = new WebSocketTransportProvider();

    @Test
    void isFoundByServiceLoaderForWsAndWss() {
        assertThat(SignalingTransports.forUri(URI.create("ws://127.0.0.1:8080/ws")))
                .isInstanceOf(WebSocketTransportProvider.class);
        assertThat(SignalingTransports.forUri(URI.create("WSS://signal.example.com/ws")))
                .isInstanceOf(WebSocketTransportProvider.class);
        assertThat(provider.schemes()).containsExactlyInAnyOrder("ws", "wss");
        assertThat(provider.name()).contains("WebSocket");
    }

    @Test
    void createsTransportsThatDoNotConnectUntilStarted() {
        SignalingTransport transport = provider.create(URI.create("ws://127.0.0.1:9/ws"), TransportOptions.defaults());
        assertThat(transport.state()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(WebSocketTransportTest.transportThreads()).as("no thread before start").isEmpty();
        transport.close();
        assertThat(transport.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void rejectsUrisItCannotUseSayingWhy() {
        TransportOptions options = TransportOptions.defaults();
        assertThatThrownBy(() -> provider.create(URI.create("http://127.0.0.1/ws"), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws:");
        assertThatThrownBy(() -> provider.create(URI.create("ws:/just/a/path"), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    }

    @Test
    void masksCredentialsInWhatItSaysAboutAUri() {
        // A host name java.net.URI cannot parse: refused, and the message still names it.
        assertThatThrownBy(() -> provider.create(URI.create("wss://user:pw@bad_host:8443/ws?token=abc"),
                TransportOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("got wss://***@bad_host:8443/ws?token=***");
    }
}
