package dev.callwire.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.callwire.CallwireException;
import dev.callwire.ClientConfig;
import dev.callwire.TransportPlugin;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignalingTransportsTest {

    private static SignalingTransportProvider provider(String name, String... schemes) {
        SignalingTransportProvider provider = mock(SignalingTransportProvider.class);
        when(provider.name()).thenReturn(name);
        when(provider.schemes()).thenReturn(Set.of(schemes));
        return provider;
    }

    @Test
    void picksTheProviderClaimingTheSchemeIgnoringCase() {
        SignalingTransportProvider ws = provider("ws", "ws", "wss");
        SignalingTransportProvider mqtt = provider("mqtt", "mqtt");

        assertThat(SignalingTransports.forUri(URI.create("WSS://h/ws"), List.of(mqtt, ws))).isSameAs(ws);
    }

    @Test
    void noProviderNamesTheSchemeTheInstalledOnesAndTheArtifactToAdd() {
        assertThatThrownBy(() -> SignalingTransports.forUri(URI.create("ws://h/ws"), List.of(provider("m", "mqtt"))))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.NO_TRANSPORT))
                .hasMessageContaining("'ws'").hasMessageContaining("[mqtt]")
                .hasMessageContaining("dev.callwire:transport-websocket");
    }

    @Test
    void twoProvidersForOneSchemeFailFastNamingBoth() {
        assertThatThrownBy(() -> SignalingTransports.forUri(URI.create("ws://h"),
                List.of(provider("first", "ws"), provider("second", "ws"))))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.TRANSPORT_CONFLICT))
                .hasMessageContaining("first").hasMessageContaining("second");
    }

    @Test
    void aUriWithoutSchemeIsAProgrammingError() {
        assertThatThrownBy(() -> SignalingTransports.forUri(URI.create("//h/ws"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConfiguredPluginIsUsedAsIsAndOneOfTheWrongKindIsRefusedByName() {
        SignalingTransportProvider ws = provider("custom ws", "ws");
        ClientConfig withProvider = ClientConfig.builder(URI.create("ws://h/ws")).transportPlugin(ws).build();
        TransportPlugin notAProvider = new TransportPlugin() {
            @Override public String name() { return "half a plugin"; }
            @Override public Set<String> schemes() { return Set.of("ws"); }
        };
        ClientConfig withWrongKind = ClientConfig.builder(URI.create("ws://h/ws")).transportPlugin(notAProvider).build();

        assertThat(SignalingTransports.forConfig(withProvider)).isSameAs(ws);
        assertThatThrownBy(() -> SignalingTransports.forConfig(withWrongKind))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.NO_TRANSPORT))
                .hasMessageContaining("half a plugin").hasMessageContaining("SignalingTransportProvider");
    }
}
