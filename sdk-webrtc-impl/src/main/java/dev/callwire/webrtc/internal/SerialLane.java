package dev.callwire.webrtc.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks of one owner, one at a time and in order, on an executor shared with others (a call's file work on the
 * client's file threads, listener events on the event thread or an application's executor). After each task
 * the lane goes back to the end of the shared queue, so an owner with much to do takes turns with the others
 * instead of holding a thread. The shared queue holds at most one entry per lane. A failing task is logged and
 * the rest still run.
 *
 * <p>A lane holds at most its capacity of waiting tasks. Beyond it {@link #execute} refuses the new task with a
 * {@link RejectedExecutionException} saying so (and a rate-limited WARN line), and keeps every task already
 * queued: the caller learns that its work was not taken instead of state changes vanishing silently, and a
 * stuck consumer (a listener that blocks) cannot make the queue grow without end.
 */
public final class SerialLane implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);

    private final Executor shared;
    private final String label;
    private final int capacity;
    private final CapLog full = new CapLog(LOG);
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean queued; // guarded by tasks: an entry of this lane is in the shared queue or running

    /** A lane bounded only by what feeds it (e.g. a call's file lanes, fed by bounded inbound queues). */
    public SerialLane(Executor shared, String label) {
        this(shared, label, Integer.MAX_VALUE);
    }

    /** @param capacity most tasks waiting; more are refused */
    public SerialLane(Executor shared, String label, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.shared = shared;
        this.label = label;
        this.capacity = capacity;
    }

    /**
     * Adds a task.
     *
     * @throws RejectedExecutionException if the lane already holds its capacity of waiting tasks, or the shared
     *                                    threads are shut down (the task is not taken; queued ones are kept)
     */
    @Override
    public void execute(Runnable task) {
        boolean submit;
        boolean taken;
        synchronized (tasks) {
            taken = tasks.size() < capacity;
            if (taken) {
                tasks.add(task);
            }
            submit = taken && !queued;
            queued |= taken;
        }
        if (!taken) { // logged outside the lock: the lane's consumers need it
            full.warn("{}: refusing a task: {} already wait (is a listener blocking its thread?)", label, capacity);
            throw new RejectedExecutionException(label + ": " + capacity
                    + " tasks already wait; refusing more (is a listener blocking its thread?)");
        }
        if (submit) {
            try {
                submit();
            } catch (RejectedExecutionException e) {
                synchronized (tasks) { // nothing of this lane was running: the queue holds just this task
                    tasks.clear();
                    queued = false;
                }
                throw e;
            }
        }
    }

    /** Any thread: how many tasks wait (the one running not included). */
    public int backlog() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    private void submit() {
        shared.execute(this::runOne);
    }

    private void runOne() {
        runNext();
        boolean more;
        synchronized (tasks) {
            more = !tasks.isEmpty();
            queued = more;
        }
        if (more) {
            try {
                submit();
            } catch (RejectedExecutionException e) {
                finishHere();
            }
        }
    }

    /**
     * The shared threads are shutting down (the client closes) while this lane still has work, such as the
     * end of a call or the last events: it runs here and now, in order, instead of being lost.
     */
    private void finishHere() {
        LOG.debug("{}: shared threads closing; finishing the queued tasks on the current thread", label);
        synchronized (tasks) {
            queued = true; // tasks added meanwhile join this loop instead of going to the closed threads
        }
        while (true) {
            synchronized (tasks) {
                if (tasks.isEmpty()) {
                    queued = false;
                    return;
                }
            }
            runNext();
        }
    }

    private void runNext() {
        Runnable next;
        synchronized (tasks) {
            next = tasks.poll();
        }
        if (next != null) {
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("{}: a task failed; continuing with the next", label, e);
            }
        }
    }
}
