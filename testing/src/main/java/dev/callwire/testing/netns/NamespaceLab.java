package dev.callwire.testing.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One namespace test's (or benchmark's) world: its {@link NetworkNamespaces}, the child processes started in them,
 * and a directory for their logs. {@link #close()} stops the children newest first, writes each one's output to
 * {@code <label>.log} and deletes the namespaces, whatever failed before.
 */
public final class NamespaceLab implements AutoCloseable {

    private final HostTools tools;
    private final NetworkNamespaces net;
    private final Path outDir;
    private final List<ChildProcess> children = new ArrayList<>();
    private boolean closed;

    /**
     * @param tools  from {@link HostTools#require}
     * @param parent logs go to {@code parent/<random suffix of the namespaces>}
     */
    public NamespaceLab(HostTools tools, Path parent) {
        this.tools = tools;
        this.net = new NetworkNamespaces(tools.ip());
        this.outDir = parent.resolve(net.suffix()).toAbsolutePath();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            net.close();
            throw new UncheckedIOException("could not create " + outDir, e);
        }
    }

    public HostTools tools() {
        return tools;
    }

    public NetworkNamespaces net() {
        return net;
    }

    /** Where logs and reports go. */
    public Path outDir() {
        return outDir;
    }

    /** Starts {@code command} inside {@code ns}; it is stopped and its output kept on {@link #close()}. */
    public synchronized ChildProcess start(String label, String ns, List<String> command) {
        return start(label, net.command(ns, command.toArray(String[]::new)));
    }

    /** Starts a command line as it is (for example one already wrapped by {@link NetworkNamespaces#command}). */
    public synchronized ChildProcess start(String label, List<String> command) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        ChildProcess child = ChildProcess.start(label, command);
        children.add(child);
        return child;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (int i = children.size() - 1; i >= 0; i--) {
                ChildProcess child = children.get(i);
                child.close();
                child.writeLog(outDir.resolve(child.label() + ".log"));
            }
        } finally {
            net.close();
        }
    }
}
