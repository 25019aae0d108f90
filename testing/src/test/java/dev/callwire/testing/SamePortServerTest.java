package dev.callwire.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamePortServerTest {

    /** A plain listening socket stands in for a server; SO_REUSEADDR lets it bind the same port right away. */
    private final SamePortServer<ServerSocket> server = new SamePortServer<>(port -> {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }, ServerSocket::getLocalPort);

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    @Test
    void firstStartTakesAFreePortAndEveryRestartTheSameOne() throws Exception {
        assertThat(server.port()).isZero();

        server.start();
        int port = server.port();
        ServerSocket first = server.running();
        server.stop();
        server.start();

        assertThat(port).isPositive();
        assertThat(server.port()).isEqualTo(port);
        assertThat(server.running()).isNotSameAs(first);
        assertThat(server.running().getLocalPort()).isEqualTo(port);
        assertThat(first.isClosed()).as("stop closes the old server").isTrue();
    }

    @Test
    void refusesToStartTwiceAndHasNothingRunningWhenStopped() throws Exception {
        assertThatThrownBy(server::running).isInstanceOf(IllegalStateException.class);
        server.start();

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("running");

        server.stop();
        server.stop(); // stopping twice is harmless
        assertThatThrownBy(server::running).isInstanceOf(IllegalStateException.class);
    }
}
