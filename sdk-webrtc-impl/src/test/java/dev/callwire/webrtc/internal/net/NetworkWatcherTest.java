package dev.callwire.webrtc.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class NetworkWatcherTest {

    @Test
    void theFirstLookIsTheBaselineAndEachDifferenceIsOneChange() {
        AddressChanges changes = new AddressChanges();

        assertThat(changes.update(Set.of("eth0/10.0.0.2"))).isNull();
        assertThat(changes.update(Set.of("eth0/10.0.0.2"))).isNull();
        NetworkChange moved = changes.update(Set.of("eth0/10.0.0.3"));
        assertThat(moved).hasToString("+eth0/10.0.0.3 -eth0/10.0.0.2");
        assertThat(moved.lostAddresses()).isTrue();
        NetworkChange joined = changes.update(Set.of("eth0/10.0.0.3", "wlan0/192.168.1.9"));
        assertThat(joined).hasToString("+wlan0/192.168.1.9");
        assertThat(joined.lostAddresses()).isFalse();
        assertThat(changes.update(Set.of())).hasToString("-eth0/10.0.0.3 -wlan0/192.168.1.9");
    }

    @Test
    void aWatcherReportsAChangeOnItsOwnThreadAndStopsWhenClosed() {
        AtomicReference<Set<String>> host = new AtomicReference<>(Set.of("eth0/10.0.0.2"));
        List<NetworkChange> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        NetworkWatcher watcher = new NetworkWatcher(Duration.ofMillis(100), r -> new Thread(r, "test-net-watch"),
                () -> {
                    looks.incrementAndGet();
                    return host.get();
                }, change -> {
                    seen.add(change);
                    threads.add(Thread.currentThread().getName());
                });
        try {
            // The baseline is taken once a second look has begun: the count goes up before a look reads the host,
            // so after the first increment alone the change below could still become the baseline.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> looks.get() >= 2);
            host.set(Set.of("eth0/10.0.0.7"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
            assertThat(seen).map(NetworkChange::toString).containsExactly("+eth0/10.0.0.7 -eth0/10.0.0.2");
            assertThat(threads).containsExactly("test-net-watch");
        } finally {
            watcher.close();
            watcher.close(); // idempotent
        }
        host.set(Set.of("eth0/10.0.0.9"));
        Awaitility.await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> seen.size() == 1);
    }

    @Test
    void aFailedLookIsNoChange() {
        AtomicReference<Set<String>> host = new AtomicReference<>(Set.of("eth0/10.0.0.2"));
        List<NetworkChange> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        try (NetworkWatcher watcher = new NetworkWatcher(Duration.ofMillis(100), r -> new Thread(r, "test-net-fail"),
                () -> {
                    if (looks.incrementAndGet() == 2) {
                        throw new IllegalStateException("cannot list network interfaces");
                    }
                    return host.get();
                }, seen::add)) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> looks.get() >= 4);
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void theRealHostsAddressesNeverIncludeLoopback() {
        Set<String> addresses = NetworkWatcher.usableAddresses();

        assertThat(addresses).allSatisfy(a -> assertThat(a).contains("/").doesNotStartWith("lo/"));
    }
}
