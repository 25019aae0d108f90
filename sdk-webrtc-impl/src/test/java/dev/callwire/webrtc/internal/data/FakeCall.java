package dev.callwire.webrtc.internal.data;

import dev.callwire.CallwireException;
import dev.callwire.DataMessage;
import dev.callwire.FileOffer;
import dev.callwire.ReceivedFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A {@link CallContext} for unit tests: every executor (lanes, engine, events) is one queue the test drains with
 * {@link #runAll()}, time only moves with {@link #advance}, and what the call would hand to listeners is recorded.
 */
final class FakeCall implements CallContext {

    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    final Executor executor = tasks::add;
    final List<ReceivedFile> files = new ArrayList<>();
    final List<FileOffer> offers = new ArrayList<>();
    final List<DataMessage> messages = new ArrayList<>();
    final List<CallwireException> errors = new ArrayList<>();
    private final List<Timer> timers = new ArrayList<>();
    private final Path directory;
    private long now = 1_000_000_000L;
    long maxIncomingFileSize = 1024 * 1024;
    /** What the "application" does with an offer; by default it leaves it undecided. */
    Consumer<FileOffer> onOffer = offer -> { };

    FakeCall(Path directory) {
        this.directory = directory;
    }

    /** Runs queued work, including work queued meanwhile, until none is left. */
    void runAll() {
        for (int i = 0; !tasks.isEmpty(); i++) {
            if (i > 1_000_000) {
                throw new AssertionError("work keeps queueing itself");
            }
            tasks.poll().run();
        }
    }

    /** Moves the clock, firing due timers in time order, and runs what they queued. */
    void advance(Duration duration) {
        long until = now + duration.toNanos();
        while (true) {
            runAll();
            Timer next = timers.stream().filter(t -> !t.future.isDone() && t.due - until <= 0)
                    .min(Comparator.comparingLong(t -> t.due)).orElse(null);
            if (next == null) {
                break;
            }
            now = Math.max(now, next.due);
            next.future.complete(null);
            next.task.run();
        }
        now = until;
        runAll();
    }

    long pendingTimers() {
        return timers.stream().filter(t -> !t.future.isDone()).count();
    }

    @Override
    public String label() {
        return "Call[room=test, peer=p, call=c1, OUTGOING]";
    }

    @Override
    public String callId() {
        return "c1";
    }

    @Override
    public void runOnEngine(Runnable task) {
        tasks.add(task);
    }

    @Override
    public Future<?> schedule(Runnable task, long delayMillis) {
        Timer timer = new Timer(now + delayMillis * 1_000_000, task);
        timers.add(timer);
        return timer.future;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void completeOnEvents(Runnable completion) {
        executor.execute(completion);
    }

    @Override
    public Executor fileWorkers() {
        return executor;
    }

    @Override
    public Path fileDirectory() {
        return directory;
    }

    @Override
    public long maxIncomingFileSize() {
        return maxIncomingFileSize;
    }

    @Override
    public void deliverMessage(DataMessage message) {
        messages.add(message);
    }

    @Override
    public void deliverFile(ReceivedFile file) {
        files.add(file);
    }

    @Override
    public void offerFile(FileOffer offer) {
        offers.add(offer);
        tasks.add(() -> onOffer.accept(offer)); // listeners run later, on the event thread
    }

    @Override
    public void fileFailed(CallwireException error) {
        errors.add(error);
    }

    private static final class Timer {
        final long due;
        final Runnable task;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        Timer(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }
    }
}
