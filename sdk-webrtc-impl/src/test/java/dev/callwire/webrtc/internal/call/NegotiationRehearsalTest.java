package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NegotiationRehearsalTest {

    @Test
    void bothSidesCompleteTheRehearsedExchange() {
        assertThat(NegotiationRehearsal.run()).isTrue();
    }

    @Test
    void canRunAgainAndFromSeveralClientsAtOnce() throws Exception {
        boolean[] results = new boolean[4];
        Thread[] threads = new Thread[results.length];
        for (int i = 0; i < threads.length; i++) {
            int index = i;
            threads[i] = new Thread(() -> results[index] = NegotiationRehearsal.run());
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(results).containsOnly(true);
    }
}
