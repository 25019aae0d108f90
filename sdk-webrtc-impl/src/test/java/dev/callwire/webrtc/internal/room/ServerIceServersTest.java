package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.IceServer;
import dev.callwire.IceServerPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a room keeps of a welcome's ICE servers under each policy. */
class ServerIceServersTest {

    private static final IceServer OURS = IceServer.turn("turn:turn.example.com:3478", "1700000000:me", "c");
    private static final IceServer THEIRS = IceServer.turn("turn:relay.attacker.test:443?transport=tcp", "u", "p");

    @Test
    void theDefaultKeepsEverythingAndTheOthersFilter() {
        List<IceServer> welcome = List.of(OURS, THEIRS);

        assertThat(ServerIceServers.admit("lobby", IceServerPolicy.useServerProvided(), welcome))
                .containsExactly(OURS, THEIRS);
        assertThat(ServerIceServers.admit("lobby", IceServerPolicy.allowHosts("turn.example.com"), welcome))
                .containsExactly(OURS);
        assertThat(ServerIceServers.admit("lobby", IceServerPolicy.configuredOnly(), welcome)).isEmpty();
    }
}
