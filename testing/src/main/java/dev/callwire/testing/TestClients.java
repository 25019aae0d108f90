package dev.callwire.testing;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.ClientConfig;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Clients on one {@link MemoryHub}, sending the test pattern and a tone, closed together. Video is small
 * by default: the machines running these tests have two cores.
 */
public final class TestClients implements AutoCloseable {

    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;

    private final MemoryHub hub = MemoryHub.create();
    private final List<CallClient> clients = new ArrayList<>();

    public MemoryHub hub() {
        return hub;
    }

    public ClientConfig.Builder config(String name) {
        return ClientConfig.builder(hub.uri())
                .displayName(name)
                .headlessAudio(true)
                .media(MediaOptions.builder()
                        .video(VideoInput.testPattern())
                        .audio(AudioInput.tone(440))
                        .resolution(WIDTH, HEIGHT)
                        .frameRate(15)
                        .build());
    }

    public CallClient client(String name) {
        return client(name, b -> b);
    }

    public CallClient client(String name, UnaryOperator<ClientConfig.Builder> customize) {
        CallClient client = CallClient.create(customize.apply(config(name)).build());
        clients.add(client);
        return client;
    }

    public static Room join(CallClient client, String room, RoomListener listener) {
        try {
            return client.join(room, listener).toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("join of " + room + " failed", e);
        }
    }

    /** Calls the peer with this id, which must be in {@code room}, and waits until the engine started the call. */
    public static CallSession call(Room room, String peerId) {
        return await(room.call(room.peer(peerId).orElseThrow(() ->
                new AssertionError("no peer " + peerId + " in " + room + "; present: " + room.peers()))));
    }

    /**
     * Waits up to 10 s for an SDK stage, rethrowing its {@link dev.callwire.CallwireException} as is, so tests
     * can assert its reason.
     */
    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the SDK did not complete the stage in 10 s", e);
        }
    }

    /** Joins {@code peer} to the room of {@code present} and waits until each lists the other. */
    public static Room joinAndMeet(CallClient client, Room present, RoomListener listener) {
        Room joined = join(client, present.name(), listener);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                present.peer(joined.selfId()).isPresent() && joined.peer(present.selfId()).isPresent());
        return joined;
    }

    @Override
    public void close() {
        clients.forEach(CallClient::close);
        hub.close();
    }
}
