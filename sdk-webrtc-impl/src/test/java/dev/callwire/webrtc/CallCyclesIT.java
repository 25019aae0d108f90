package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many calls in one client: every one connects and ends, and no threads pile up. */
class CallCyclesIT {

    private static final int CYCLES = 50;

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void fiftyCallsWithoutGrowingThreads() throws Exception {
        CallRecorder bobEvents = CallRecorder.accepting();
        Room aliceRoom = TestClients.join(clients.client("alice"), "cycles", CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, bobEvents);

        cycle(aliceRoom, bobRoom.selfId()); // warm-up: pools and codec threads start on first use
        int javaThreadsBefore = Thread.activeCount();
        int nativeThreadsBefore = processThreads();

        for (int i = 1; i < CYCLES; i++) {
            cycle(aliceRoom, bobRoom.selfId());
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> bobEvents.ended.size() == CYCLES);
        assertThat(bobEvents.ended).containsOnly(EndReason.HANGUP);
        assertThat(aliceRoom.calls()).isEmpty();
        // Render/event pools may hold a spare thread or two; a leak would add some per call. The last call's
        // threads wind down after its ended() completes, so a count read at once can catch them still alive: a
        // leak never drops back under the bound, a thread on its way out does.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(Thread.activeCount()).as("Java threads").isLessThanOrEqualTo(javaThreadsBefore + 3);
            assertThat(processThreads()).as("all threads of the process").isLessThanOrEqualTo(nativeThreadsBefore + 6);
        });
    }

    private static void cycle(Room room, String peerId) throws Exception {
        CallSession call = TestClients.call(room, peerId);
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        call.hangUp();
        assertThat(call.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
    }

    /** Threads of this process, native ones included (Linux). */
    private static int processThreads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IllegalStateException("no Threads: line in /proc/self/status");
    }
}
