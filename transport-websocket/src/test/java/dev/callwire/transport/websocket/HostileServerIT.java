package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hostile server sends 100 MB text frames; the client must close at the frame header with a clear error, keep
 * its heap small, and reconnect without falling over again. The client runs in a JVM of its own with
 * {@code -Xmx48m} ({@link HostileServerProbe}): without the bound, OkHttp would try to buffer the whole frame and
 * that JVM would die of {@code OutOfMemoryError}.
 */
class HostileServerIT {

    private static final String HEAP = "-Xmx48m";

    @Test
    void aHundredMegabyteFrameClosesTheConnectionAtOnceWithAClearErrorAndTheTransportRecovers() throws Exception {
        List<String> lines = runProbe();
        assertThat(lines).as("the probe's output").contains("DONE");
        long maxHeap = Long.parseLong(value(lines, "MAXHEAP").get(0));
        assertThat(maxHeap).as("the probe runs with a heap smaller than one hostile frame")
                .isLessThan(HostileServerProbe.FRAME / 2);

        List<String> states = value(lines, "STATE");
        assertThat(states).extracting(s -> s.split(" ")[0]).containsExactly("CONNECTING", "CONNECTED", "RECONNECTING",
                "CONNECTED", "RECONNECTING", "CONNECTED", "CLOSED");
        List<String> drops = states.stream().filter(s -> s.startsWith("RECONNECTING")).toList();
        for (String drop : drops) {
            assertThat(drop).contains("InboundLimitExceededException")
                    .contains("WebSocket message of " + HostileServerProbe.FRAME + " bytes")
                    .contains("the limit is 65536 bytes");
        }
        assertThat(lines).contains("MESSAGE welcome");

        List<String> connections = value(lines, "CONNECTION").stream()
                .filter(c -> !c.split(" ")[1].equals("0")).toList();
        assertThat(connections).as("both hostile connections are recorded").hasSize(2);
        for (int i = 0; i < 2; i++) {
            String[] c = connections.get(i).split(" ");
            assertThat(c[0]).as("permessage-deflate is never offered").isEqualTo("false");
            long headerSent = Long.parseLong(c[1]);
            long dropped = Long.parseLong(drops.get(i).split(" ")[1]);
            assertThat(TimeUnit.NANOSECONDS.toMillis(dropped - headerSent)).as("closed within a second of the header")
                    .isLessThan(1000);
            assertThat(Long.parseLong(c[2])).as("the client stopped reading long before 100 MB")
                    .isLessThan(HostileServerProbe.FRAME / 4);
        }
        assertThat(Long.parseLong(value(lines, "USEDHEAP").get(0))).as("heap in use afterwards")
                .isLessThan(32L * 1024 * 1024);
    }

    private static List<String> value(List<String> lines, String key) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(key + " ")) {
                out.add(line.substring(key.length() + 1));
            }
        }
        return out;
    }

    private static List<String> runProbe() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, HEAP, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", HostileServerProbe.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe ends").isTrue();
        assertThat(p.exitValue()).as("the probe's exit code; output:\n" + output).isZero();
        return output.lines().toList();
    }
}
