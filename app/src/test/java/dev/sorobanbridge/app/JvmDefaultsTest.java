package dev.sorobanbridge.app;

import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatorOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar's entry point as {@code java -jar} runs it, without JVM options: the node runs in a child JVM with the
 * shipped {@code jvm.options}, stops its streams when the parent is stopped, and goes with a parent
 * killed outright; with options of the user's own it runs as started.
 */
class JvmDefaultsTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    @TempDir
    Path dir;

    @Test
    void theShippedOptionsAreReadWithoutComments() {
        List<String> options = JvmDefaults.read();
        assertTrue(options.contains("-XX:+UseSerialGC"), options.toString());
        assertTrue(options.contains("--enable-native-access=ALL-UNNAMED"), options.toString());
        assertTrue(options.stream().noneMatch(o -> o.startsWith("#") || o.isBlank()), options.toString());
    }

    @Test
    void optionsOfTheUsersOwnMeanTheNodeRunsAsStarted() {
        assertFalse(JvmDefaults.userChoseSettings(List.of("--enable-native-access=ALL-UNNAMED", "-Dfoo=bar")));
        assertTrue(JvmDefaults.userChoseSettings(List.of("-Xmx2g")));
        assertTrue(JvmDefaults.userChoseSettings(List.of("-XX:+UseZGC")));
        assertTrue(JvmDefaults.userChoseSettings(List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005")));
    }

    @Test
    void theUsersOwnOptionsComeAfterTheDefaultsSoTheyWin() {
        List<String> command = Launcher.childCommand(new java.io.File("java"), List.of("-Xmn64m"), List.of("-Dx=y"),
                new String[] {"--demo"});
        assertTrue(command.indexOf("-Xmn64m") < command.indexOf("-Dx=y"), command.toString());
        assertTrue(command.contains(JvmDefaults.CHILD), command.toString());
        assertEquals("--demo", command.getLast());
        assertEquals(Launcher.class.getName(), command.get(command.size() - 2));
    }

    @Test
    void withoutOptionsTheNodeRunsInAChildWithTheDefaultsAndStopsWithItsParent() throws Exception {
        try (RpcSimulator chain = RpcSimulator.start(SimulatorOptions.manual(7).with(o -> o.historyLedgers = 3))) {
            int port = freePort();
            Path config = writeConfig(chain, port);

            // Stopped with TERM: the child drains and exits, then the parent, with the child's code.
            Process parent = start(config);
            ProcessHandle node = awaitNode(parent, port);
            String nodeCommand = node.info().commandLine().orElse("");
            assertTrue(nodeCommand.contains(" -XX:+UseSerialGC ") && nodeCommand.contains(" -Xmn"),
                    "the node's JVM runs with jvm.options: " + nodeCommand);
            parent.destroy();
            assertTrue(parent.waitFor(60, TimeUnit.SECONDS), "the parent exits once the node has stopped");
            assertTrue(node.onExit().get(10, TimeUnit.SECONDS) != null && !node.isAlive());
            assertEquals(143, parent.exitValue(), "TERM: the node stopped on the signal and the parent with it");

            // Killed outright: the node goes too, and the port is free for a restart.
            parent = start(config);
            node = awaitNode(parent, port);
            parent.destroyForcibly();
            node.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(node.isAlive(), "a node whose parent was killed stops");
            try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertEquals(port, again.getLocalPort());
            }
        }
    }

    private Process start(Path config) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "--config", config.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("JDK_JAVA_OPTIONS") || k.startsWith("JAVA_TOOL_OPTIONS"));
        return builder.start();
    }

    /** The child JVM running the node, once it answers /health/live. */
    private ProcessHandle awaitNode(Process parent, int port) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI live = URI.create("http://127.0.0.1:" + port + "/health/live");
        while (System.nanoTime() < deadline) {
            assertTrue(parent.isAlive(), "the parent exited with " + (parent.isAlive() ? "" : parent.exitValue())
                    + ":\n" + Files.readString(dir.resolve("node.log")));
            Optional<ProcessHandle> child = parent.children().findFirst();
            try {
                if (child.isPresent()
                        && BridgeHarness.send(HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(2))).statusCode() == 200) {
                    return child.get();
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no node answered within " + START_TIMEOUT + ":\n" + Files.readString(dir.resolve("node.log")));
    }

    private Path writeConfig(RpcSimulator chain, int port) {
        return NodeConfigFile.write(dir, chain, port, "", "");
    }

    private static int freePort() {
        return NodeConfigFile.freePort();
    }
}
