package dev.callwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each policy keeps of a welcome's ICE servers. */
class IceServerPolicyTest {

    private static final IceServer OURS = new IceServer(
            List.of("turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349"), "1700000000:p", "c");
    private static final IceServer MIXED = new IceServer(
            List.of("turn:relay.example.com:3478", "turn:evil.test:3478?transport=tcp"), "u", "secret");
    private static final IceServer FOREIGN = IceServer.stun("stun:[2001:DB8::1]:3478");
    private static final List<IceServer> WELCOME = List.of(OURS, MIXED, FOREIGN);

    @Test
    void theDefaultUsesWhatTheServerProvides() {
        ClientConfig config = ClientConfig.builder(URI.create("ws://127.0.0.1:1/ws")).build();

        assertThat(config.ice().serverPolicy()).isSameAs(IceServerPolicy.useServerProvided());
        assertThat(config.ice().serverPolicy().select(WELCOME)).containsExactlyElementsOf(WELCOME);
        assertThat(config.toBuilder().build().ice().serverPolicy()).isSameAs(config.ice().serverPolicy());
    }

    @Test
    void configuredOnlyIgnoresTheServer() {
        assertThat(IceServerPolicy.configuredOnly().select(WELCOME)).isEmpty();
        assertThat(IceServerPolicy.configuredOnly().allows("stun:turn.example.com")).isFalse();
    }

    @Test
    void anAllowListKeepsOnlyTheUrlsOfAllowedHostsWithTheirCredentials() {
        IceServerPolicy policy = IceServerPolicy.allowHosts("TURN.example.com", "*.example.com");

        List<IceServer> kept = policy.select(WELCOME);

        assertThat(kept).hasSize(2);
        assertThat(kept.get(0)).isSameAs(OURS);
        assertThat(kept.get(1).urls()).containsExactly("turn:relay.example.com:3478");
        assertThat(kept.get(1).credential()).isEqualTo("secret");
        assertThat(policy.allowedHosts()).containsExactlyInAnyOrder("turn.example.com", "*.example.com");
    }

    @Test
    void aWildcardCoversSubdomainsOnlyAndLookalikesAreRefused() {
        IceServerPolicy policy = IceServerPolicy.allowHosts("*.example.com");

        assertThat(policy.allows("turn:a.b.example.com:3478")).isTrue();
        assertThat(policy.allows("stun:example.com")).isFalse();
        assertThat(policy.allows("turn:badexample.com:3478")).isFalse();
        assertThat(policy.allows("turn:example.com.evil.test:3478")).isFalse();
        assertThat(policy.allows("turn:user@a.example.com")).as("no readable host").isFalse();
    }

    @Test
    void ipAddressesMatchWithOrWithoutBrackets() {
        IceServerPolicy policy = IceServerPolicy.allowHosts("[2001:db8::1]", "192.0.2.7");

        assertThat(policy.select(WELCOME)).containsExactly(FOREIGN);
        assertThat(policy.allows("turn:192.0.2.7:3478?transport=tcp")).isTrue();
        assertThat(policy.allows("turn:192.0.2.70:3478")).isFalse();
    }

    @Test
    void badAllowListEntriesAreNamed() {
        assertThatThrownBy(() -> IceServerPolicy.allowHosts("turn:turn.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("turn:turn.example.com");
        assertThatThrownBy(() -> IceServerPolicy.allowHosts("turn.example.com:3478"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no port");
        assertThatThrownBy(() -> IceServerPolicy.allowHosts("*"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IceServerPolicy.allowHosts((String) null)).isInstanceOf(NullPointerException.class);
    }
}
