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
 */
public final class SerialLane implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);

    private final Executor shared;
    private final String label;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean queued; // guarded by tasks: an entry of this lane is in the shared queue or running

    public SerialLane(Executor shared, String label) {
        this.shared = shared;
        this.label = label;
    }

    /**
     * Adds a task.
     *
     * @throws RejectedExecutionException if the shared threads are shut down (the task is dropped)
     */
    @Override
    public void execute(Runnable task) {
        boolean submit;
        synchronized (tasks) {
            tasks.add(task);
            submit = !queued;
            queued = true;
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
