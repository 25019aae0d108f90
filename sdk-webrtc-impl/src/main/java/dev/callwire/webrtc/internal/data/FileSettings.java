package dev.callwire.webrtc.internal.data;

import dev.callwire.CallData;
import java.time.Duration;

/**
 * Sizes and times of file transfer; {@link #DEFAULTS} in production, tighter values in tests.
 *
 * @param chunkSize       bytes per binary message; 16 KiB is what every browser sends and receives unsplit
 * @param highWater       the sender hands out a chunk only while the channel then holds at most this much
 * @param recheck         how soon a waiting sender looks again when no channel event came (webrtc-java 0.14
 *                        does not always report buffered-amount changes)
 * @param openTimeout     how long a sender waits for the file channel to open
 * @param decisionTimeout how long a sender waits for the receiver to accept or refuse (longer than
 *                        {@code offerTimeout}, so a receiver's own refusal normally arrives first)
 * @param offerTimeout    how long a receiver waits for its application's decision before refusing
 * @param stallTimeout    how long a sender waits while the channel makes no progress, or for the acknowledgement
 * @param queueBytes      per call, the binary bytes received but not yet written that may wait in memory
 * @param queueMessages   per call, the messages received but not yet handled that may wait in memory
 * @param hashSlice       bytes a sender hashes in one go before letting other calls' file work run
 */
record FileSettings(int chunkSize, long highWater, Duration recheck, Duration openTimeout, Duration decisionTimeout,
                    Duration offerTimeout, Duration stallTimeout, long queueBytes, int queueMessages, int hashSlice) {

    static final FileSettings DEFAULTS = new FileSettings(16 * 1024, CallData.MAX_BUFFERED_DATA,
            Duration.ofMillis(25), Duration.ofSeconds(15), Duration.ofSeconds(90), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 8L * 1024 * 1024, 1024, 1024 * 1024);

    FileSettings {
        if (chunkSize <= 0 || highWater < chunkSize || queueBytes < chunkSize || queueMessages <= 0 || hashSlice <= 0) {
            throw new IllegalArgumentException("inconsistent file settings");
        }
    }
}
