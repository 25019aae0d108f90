package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.ProtocolError;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One shared server for the tests that need no special options, clients and servers closed after each test,
 * and the helpers the server's raw-WebSocket tests share.
 */
abstract class SharedServerFixture {

    static SignalingServer shared;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startShared() {
        shared = SignalingServer.builder().port(0).build();
        shared.start();
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    WsTestClient client(SignalingServer server) {
        WsTestClient client = WsTestClient.connect(server);
        toClose.add(client);
        return client;
    }

    SignalingServer server(SignalingServer.Builder builder) {
        SignalingServer server = builder.build();
        toClose.add(server);
        server.start();
        return server;
    }

    static String room() {
        return "room-" + UUID.randomUUID();
    }

    static String call() {
        return UUID.randomUUID().toString();
    }

    /**
     * Proves nothing else is queued for {@code client}: the server answers this probe after having
     * handled everything that happened before, so any stray message would arrive first.
     */
    static void assertNothingElseReceived(WsTestClient client) {
        client.send(new Leave("probe-room-nobody-joins"));
        ErrorMessage probe = client.next(ErrorMessage.class);
        assertThat(probe.code()).isEqualTo(ProtocolError.NOT_JOINED);
        assertThat(probe.ref()).isEqualTo("leave");
    }
}
