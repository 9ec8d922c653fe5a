package dev.sorobanbridge.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The archive the build wrote ({@code dist.archive}), unpacked with the system's tar into a temporary
 * directory, and {@code bin/soroban-bridge} started from it the way an operator starts it, with an
 * environment that holds nothing but what is passed.
 */
final class UnpackedDistribution implements AutoCloseable {
    private static final Pattern DEMO_URL = Pattern.compile("Demo running: open http://localhost:(\\d+)/");

    private final Path root;
    private final Path home;
    private Process process;
    private Path output;

    private UnpackedDistribution(Path root, Path home) {
        this.root = root;
        this.home = home;
    }

    static UnpackedDistribution unpack() throws Exception {
        Path archive = Path.of(System.getProperty("dist.archive"));
        if (!Files.isRegularFile(archive)) {
            throw new AssertionError(archive + " is missing: the dist module's package phase writes it");
        }
        Path root = Files.createTempDirectory("dist-test");
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", root.toString())
                .redirectErrorStream(true).start();
        String tarOutput = new String(tar.getInputStream().readAllBytes());
        if (tar.waitFor() != 0) throw new AssertionError("tar -xzf failed: " + tarOutput);
        return new UnpackedDistribution(root, root.resolve(System.getProperty("dist.name")));
    }

    /** The installation directory: bin/, runtime/, lib/, config/. */
    Path home() {
        return home;
    }

    /** A scratch directory next to the installation. */
    Path scratch(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    /**
     * Starts {@code bin/soroban-bridge args} in {@code workDir} with exactly {@code env} as its
     * environment (no JAVA_HOME, no inherited PATH), its output in {@code workDir/node.log}.
     */
    Process start(Path workDir, Map<String, String> env, List<String> args) throws IOException {
        output = workDir.resolve("node.log");
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(
                Stream.of(home.resolve("bin/soroban-bridge").toString()), args.stream()).toList())
                .directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        process = builder.start();
        return process;
    }

    /** Waits for the demo's "Demo running: open http://localhost:PORT/" line and returns PORT. */
    int awaitDemoPort(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = DEMO_URL.matcher(output());
            if (m.find()) return Integer.parseInt(m.group(1));
            if (!process.isAlive()) throw new AssertionError("the node exited with " + process.exitValue() + ":\n" + output());
            Thread.sleep(250);
        }
        throw new AssertionError("the demo did not print its URL within " + timeout + ":\n" + output());
    }

    String output() throws IOException {
        return output != null && Files.exists(output) ? Files.readString(output) : "";
    }

    /** SIGTERM, as systemd stops it; the node drains and exits. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
