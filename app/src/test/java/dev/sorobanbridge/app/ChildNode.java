package dev.sorobanbridge.app;

import dev.sorobanbridge.bridge.support.BridgeHarness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link Main} in a child JVM, as an operator runs it: the same class path, its output in a file. */
public final class ChildNode implements AutoCloseable {
    private static final List<String> CONFIG_ENV_PREFIXES = List.of("RPC_", "CONTRACTS_", "INDEXER_", "STORAGE_",
            "SERVER_", "AUTH_", "STREAM_", "LIMITS_", "DEMO_", "PROFILE");

    private final Process process;
    private final Path output;

    private ChildNode(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static ChildNode start(Path workDir, Path output, String... args) throws IOException {
        return start(workDir, output, Map.of(), args);
    }

    /** @param env configuration overrides, as an operator would export them */
    public static ChildNode start(Path workDir, Path output, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        // The node reads configuration overrides from the environment: start from a clean one.
        builder.environment().keySet().removeIf(k -> CONFIG_ENV_PREFIXES.stream().anyMatch(k::startsWith));
        builder.environment().putAll(env);
        return new ChildNode(builder.start(), output);
    }

    /** Waits until GET /health/live answers 200. */
    public void awaitLive(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI live = URI.create("http://127.0.0.1:" + port + "/health/live");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError("the node exited with " + process.exitValue() + ":\n" + output());
            try {
                if (BridgeHarness.send(HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(2))).statusCode() == 200) return;
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the node did not answer within " + timeout + ":\n" + output());
    }

    /** SIGKILL: no shutdown hook, no drain, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the node did not exit within " + timeout);
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    /** SIGTERM, so the shutdown hook drains and closes. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
        }
    }
}
