package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the demo (jar or packaged launcher) as a child process with no display, and collects what it printed. */
record HeadlessRun(int exitCode, String output) {

    static HeadlessRun of(List<String> command, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes());
            } catch (java.io.IOException e) {
                return "output unreadable: " + e;
            }
        });
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String text = output.get(10, TimeUnit.SECONDS);
        System.out.println(text); // the child's output belongs in the test report
        assertThat(finished).as("%s finished within %s; output:%n%s", command.get(0), timeout, text).isTrue();
        return new HeadlessRun(process.exitValue(), text);
    }
}
