package dev.callwire.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Lanes on shared threads: each call's work in order, calls taking turns, one queue entry per lane. */
class SerialLaneTest {

    private final ArrayDeque<Runnable> shared = new ArrayDeque<>();
    private final List<String> ran = new ArrayList<>();

    @Test
    void aBusyCallTakesTurnsWithTheOthers() {
        SerialLane busy = new SerialLane(shared::add, "busy");
        SerialLane quiet = new SerialLane(shared::add, "quiet");
        for (int i = 1; i <= 3; i++) {
            String name = "busy" + i;
            busy.execute(() -> ran.add(name));
        }
        quiet.execute(() -> ran.add("quiet1"));

        assertThat(shared).as("one entry per lane in the shared queue").hasSize(2);
        while (!shared.isEmpty()) {
            shared.poll().run();
        }

        assertThat(ran).containsExactly("busy1", "quiet1", "busy2", "busy3");
    }

    @Test
    void aFailingTaskDoesNotStopTheLane() {
        SerialLane lane = new SerialLane(shared::add, "lane");
        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add("after"));

        while (!shared.isEmpty()) {
            shared.poll().run();
        }

        assertThat(ran).containsExactly("after");
    }

    @Test
    void closedSharedThreadsAreReportedToTheSubmitter() {
        SerialLane lane = new SerialLane(task -> {
            throw new RejectedExecutionException("shut down");
        }, "lane");

        assertThatThrownBy(() -> lane.execute(() -> ran.add("never"))).isInstanceOf(RejectedExecutionException.class);
        assertThat(ran).isEmpty();
    }

    @Test
    void workLeftWhenTheSharedThreadsCloseIsFinishedInOrderNotLost() {
        boolean[] open = {true};
        SerialLane lane = new SerialLane(task -> {
            if (!open[0]) {
                throw new RejectedExecutionException("shut down");
            }
            shared.add(task);
        }, "lane");
        lane.execute(() -> ran.add("chunk"));
        lane.execute(() -> ran.add("more"));
        lane.execute(() -> ran.add("close"));

        open[0] = false; // the client closes its file threads; the queued entry still runs
        shared.poll().run();

        assertThat(ran).containsExactly("chunk", "more", "close");
        assertThatThrownBy(() -> lane.execute(() -> ran.add("late"))).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aFullLaneRefusesNewTasksWithAClearErrorAndKeepsTheQueuedOnes() {
        SerialLane lane = new SerialLane(shared::add, "client 1 events", 3);
        for (int i = 1; i <= 3; i++) {
            String name = "event" + i;
            lane.execute(() -> ran.add(name));
        }

        assertThatThrownBy(() -> lane.execute(() -> ran.add("refused")))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("client 1 events").hasMessageContaining("3 tasks already wait");
        assertThat(lane.backlog()).isEqualTo(3);

        shared.poll().run(); // one ran: there is room again
        lane.execute(() -> ran.add("event4"));
        while (!shared.isEmpty()) {
            shared.poll().run();
        }
        assertThat(ran).containsExactly("event1", "event2", "event3", "event4");
        assertThat(lane.backlog()).isZero();
    }
}
