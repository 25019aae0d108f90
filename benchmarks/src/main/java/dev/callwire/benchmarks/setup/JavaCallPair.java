package dev.callwire.benchmarks.setup;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two Java clients in one room over one transport, B accepting every call: one call from A per {@link #call()},
 * hung up before it returns. Nothing polls during a call: the first frame comes from a renderer, the callee's
 * moment from its listener, the rest from the engine's own set-up timeline ({@link SetupTimelines}).
 */
final class JavaCallPair implements SetupBenchmark.CallPair {

    private final CallClient a;
    private final CallClient b;
    private final SetupTimelines timelines;
    private final AtomicReference<CallSession> incoming = new AtomicReference<>();
    private final AtomicLong incomingAt = new AtomicLong();
    private Room roomA;
    private String peerB;

    private JavaCallPair(URI uri, SetupTimelines timelines) {
        this.a = CallClient.create(SetupBenchmark.config(uri, "A"));
        this.b = CallClient.create(SetupBenchmark.config(uri, "B"));
        this.timelines = timelines;
    }

    static JavaCallPair open(URI uri, String roomName, SetupTimelines timelines) throws Exception {
        JavaCallPair pair = new JavaCallPair(uri, timelines);
        try {
            pair.join(roomName);
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    private void join(String roomName) throws Exception {
        Room roomB = b.join(roomName, new RoomListener() {
            @Override
            public void onIncomingCall(Room room, CallSession call) {
                incomingAt.set(System.nanoTime());
                incoming.set(call);
                call.accept();
            }
        }).toCompletableFuture().get(30, TimeUnit.SECONDS);
        peerB = roomB.selfId();
        roomA = a.join(roomName, new RoomListener() { }).toCompletableFuture().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (roomA.peer(peerB).isEmpty()) { // before any call: nothing is being measured yet
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("A never saw B in " + roomName);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public SetupBenchmark.Sample call() throws Exception {
        incomingAt.set(0);
        incoming.set(null);
        SetupBenchmark.FirstFrame first = new SetupBenchmark.FirstFrame();
        long t0 = System.nanoTime();
        CallSession call = roomA.call(roomA.peer(peerB).orElseThrow()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            call.remoteVideo().addRenderer(first);
            if (!first.seen.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no remote frame within 20 s (state " + call.state() + ")");
            }
            call.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            double[] timeline;
            try {
                timeline = timelines.of(call.id()).get(2, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("the engine logged no set-up timeline for " + call.id()
                        + " (SetupTimeline at DEBUG is needed)", e);
            }
            long saw = incomingAt.get();
            return new SetupBenchmark.Sample(timeline[0], saw == 0 ? Double.NaN : (saw - t0) / 1e6, timeline[1],
                    timeline[2], timeline[3], (first.at.get() - t0) / 1e6, Double.NaN);
        } finally {
            timelines.forget(call.id());
            call.hangUp();
            call.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
            CallSession other = incoming.get();
            if (other != null) {
                other.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            Thread.sleep(300); // both sides' closing work done before the next pair's call, as the browser driver does
        }
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
