package dev.callwire.benchmarks.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Two headless Chromium pages of the browser client calling each other through the project's server,
 * {@code setup-bench.mjs --serve}: one call per {@link #call()}, the pages staying open between calls, so that a
 * benchmark can interleave them with its Java calls. The pages record from events only (see the script).
 */
final class BrowserPages implements AutoCloseable {

    private final Process node;
    private final BufferedReader out;
    private final BufferedWriter in;
    private final String description;

    private BrowserPages(Process node) throws Exception {
        this.node = node;
        this.out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        this.in = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        String line = next();
        if (!line.startsWith("READY ")) {
            close();
            throw new IllegalStateException("browser driver: " + line);
        }
        this.description = line.substring(6);
    }

    /** Opens the pages on the server at {@code url}, sending the fake camera at this size and rate. */
    static BrowserPages open(String url, int width, int height, int fps) throws Exception {
        Path dir = SetupBenchmark.browserDir();
        SetupBenchmark.ensureNodeModules(dir);
        Process node = new ProcessBuilder("node", "setup-bench.mjs", "--url", url, "--serve", "--width",
                String.valueOf(width), "--height", String.valueOf(height), "--fps", String.valueOf(fps))
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new BrowserPages(node);
    }

    /** Chromium's version and the local video the pages send, as the driver reported them. */
    String description() {
        return description;
    }

    /**
     * One call from page A to page B, hung up before this returns.
     *
     * @return the driver's sample: {@code offerMs, answerMs, iceMs, connectedMs, firstFrameMs, calleeSawMs,
     *         videoElementMs} from {@code call()}, null where not seen
     * @throws IllegalStateException when the call failed (the driver's reason in the message)
     */
    JsonNode call() throws Exception {
        in.write("call\n");
        in.flush();
        String line = next();
        JsonNode sample = new ObjectMapper().readTree(line.substring(line.indexOf(' ') + 1));
        if (!sample.path("ok").asBoolean()) {
            throw new IllegalStateException("browser call failed: " + sample.path("reason").asText());
        }
        return sample;
    }

    /** A field of a sample in ms, NaN when the driver did not see it. */
    static double ms(JsonNode sample, String field) {
        JsonNode n = sample.get(field);
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    private String next() throws Exception {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ") || line.startsWith("SAMPLE ") || line.startsWith("RESULT ")) {
                return line;
            }
        }
        throw new IllegalStateException("the browser driver exited (" + node.waitFor() + ")");
    }

    @Override
    public void close() throws Exception {
        try {
            in.write("quit\n");
            in.flush();
        } catch (java.io.IOException ignored) {
            // already gone
        }
        if (!node.waitFor(30, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
    }
}
