package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SelectorReadHandshakerTest {

    private final SelectorReadHandshaker handshaker = new SelectorReadHandshaker();

    @Test
    void connectionsOnOnePathShareOneUriWithoutHostOrQuery() {
        URI first = handshaker.pathOnly("/ws");

        assertThat(handshaker.pathOnly("/ws")).isSameAs(first);
        assertThat(first).hasPath("/ws").hasNoHost().hasNoQuery();
        assertThat(handshaker.pathOnly(null)).hasPath("/");
    }

    @Test
    void inventedPathsDoNotGrowTheSharedSetWithoutBound() {
        for (int i = 0; i < 100; i++) {
            assertThat(handshaker.pathOnly("/socket.io/" + i)).hasPath("/socket.io/" + i);
        }
        URI late = handshaker.pathOnly("/socket.io/late");

        assertThat(handshaker.pathOnly("/socket.io/late")).as("past the cap, each upgrade gets its own")
                .isNotSameAs(late).isEqualTo(late);
        assertThat(handshaker.pathOnly("/socket.io/0")).isSameAs(handshaker.pathOnly("/socket.io/0"));
    }
}
