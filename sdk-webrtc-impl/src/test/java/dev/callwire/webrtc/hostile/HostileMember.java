package dev.callwire.webrtc.hostile;

import dev.callwire.protocol.Bye;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.Welcome;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A room member that speaks raw protocol, as an attacker's script would; no SDK, no WebRTC. */
final class HostileMember implements AutoCloseable {

    private final String room;
    private final JdkWebSocket socket;
    private final CompletableFuture<Welcome> welcome = new CompletableFuture<>();
    final BlockingQueue<Bye> byes = new LinkedBlockingQueue<>();
    volatile Bye lastBye;

    HostileMember(URI server, String room, String name) throws Exception {
        this.room = room;
        this.socket = new JdkWebSocket(server, this::received, cause -> welcome.completeExceptionally(
                new IllegalStateException("connection of " + name + " ended", cause)));
        socket.opened().get(10, TimeUnit.SECONDS);
        socket.send(new Join(room, name, null));
        welcome.get(10, TimeUnit.SECONDS);
    }

    private void received(Message message) {
        if (message instanceof Welcome w) {
            welcome.complete(w);
        } else if (message instanceof Bye bye) {
            byes.add(bye);
        }
    }

    String selfId() {
        return welcome.join().self();
    }

    /** The id of the member that joined under this display name. */
    String idOf(String name) {
        return welcome.join().peers().stream().filter(p -> name.equals(p.name())).map(PeerInfo::id).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + welcome.join().peers()));
    }

    void send(Message message) {
        socket.send(message);
    }

    String room() {
        return room;
    }

    @Override
    public void close() {
        socket.close();
    }
}
