package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.IceServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    private static final List<String> URLS = List.of("turn:127.0.0.1:3478?transport=udp");

    @Test
    void credentialIsCoturnsRestFormula() {
        IceServer server = new TurnCredentials("north-secret", URLS)
                .issue("peer-1", Instant.ofEpochSecond(1_700_000_000L));

        assertThat(server.urls()).isEqualTo(URLS);
        assertThat(server.username()).isEqualTo("1700000000:peer-1");
        // printf '%s' "1700000000:peer-1" | openssl dgst -sha1 -hmac "north-secret" -binary | base64
        assertThat(server.credential()).isEqualTo("x5x9JsfxU3PN0uDFI1NT4u2QGTw=");
    }

    @Test
    void eachPeerAndExpiryGetsItsOwnCredentialFromOneInstance() {
        TurnCredentials credentials = new TurnCredentials("north-secret", URLS);
        Instant expiry = Instant.ofEpochSecond(1_700_000_000L);

        String first = credentials.issue("peer-1", expiry).credential();
        String otherPeer = credentials.issue("peer-2", expiry).credential();
        String later = credentials.issue("peer-1", expiry.plusSeconds(1)).credential();
        String again = credentials.issue("peer-1", expiry).credential();

        assertThat(List.of(first, otherPeer, later)).doesNotHaveDuplicates();
        assertThat(again).isEqualTo(first);
    }
}
