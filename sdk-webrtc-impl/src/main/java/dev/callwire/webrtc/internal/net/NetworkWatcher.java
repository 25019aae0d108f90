package dev.callwire.webrtc.internal.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the host's network interfaces and addresses, so calls restart ICE as soon as the laptop moves from Wi-Fi to
 * Ethernet or gets a new DHCP address, instead of waiting seconds for ICE consent checks to fail. Java has no portable
 * change notification, so it polls {@link NetworkInterface} on its own daemon thread (enumerating interfaces can take
 * milliseconds: not the engine thread's business) and hands each change to {@code onChange}, which must return quickly.
 * {@link #close()} stops it; idempotent.
 */
public final class NetworkWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkWatcher.class);

    private final ScheduledExecutorService thread;
    private final Supplier<Set<String>> source;
    private final Consumer<NetworkChange> onChange;
    private final AddressChanges changes = new AddressChanges();

    NetworkWatcher(Duration interval, ThreadFactory threads, Supplier<Set<String>> source,
                   Consumer<NetworkChange> onChange) {
        this.source = Objects.requireNonNull(source, "source");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
        long millis = interval.toMillis();
        thread.scheduleWithFixedDelay(this::poll, 0, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching the real interfaces every {@code interval}.
     *
     * @param onChange told of each change; runs on the watcher's thread
     */
    public static NetworkWatcher start(Duration interval, ThreadFactory threads, Consumer<NetworkChange> onChange) {
        return new NetworkWatcher(interval, threads, NetworkWatcher::usableAddresses, onChange);
    }

    private void poll() {
        Set<String> now;
        try {
            now = source.get();
        } catch (RuntimeException e) {
            LOG.debug("Could not list the network interfaces: {}", e.toString());
            return; // try again next time; one failed look is no change
        }
        NetworkChange diff = changes.update(now);
        if (diff != null) {
            LOG.info("Network interfaces or addresses changed; live calls restart ICE");
            LOG.debug("Address changes: {}", diff); // addresses are personal data: not at INFO
            try {
                onChange.accept(diff);
            } catch (RuntimeException e) {
                LOG.warn("Handling a network change failed", e);
            }
        }
    }

    /** Addresses of interfaces that are up, other than loopback: {@code name/address}. */
    static Set<String> usableAddresses() {
        Set<String> result = new HashSet<>();
        Enumeration<NetworkInterface> interfaces;
        try {
            interfaces = NetworkInterface.getNetworkInterfaces();
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
        }
        if (interfaces == null) {
            return result;
        }
        while (interfaces.hasMoreElements()) {
            NetworkInterface nif = interfaces.nextElement();
            try {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
            } catch (SocketException e) {
                continue; // vanished while we looked: the next look sees the change
            }
            for (Enumeration<InetAddress> addresses = nif.getInetAddresses(); addresses.hasMoreElements(); ) {
                InetAddress address = addresses.nextElement();
                if (!address.isLoopbackAddress()) {
                    result.add(nif.getName() + "/" + address.getHostAddress());
                }
            }
        }
        return result;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
