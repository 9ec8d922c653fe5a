package dev.sorobanbridge.bridge;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options a node needs to keep its memory in proportion to its streams (the {@code jvm.options}
 * resource, also read by {@code bin/soroban-bridge}), applied to {@code java -jar bridge.jar}: a plain
 * {@code java -jar} cannot carry JVM options, so a JVM started without options of its own runs the
 * node in a child JVM with them, once, and waits for it.
 *
 * <p>The property {@value #PROPERTY} says how the JVM was started: {@code launcher} (the
 * distribution's script passed the options), {@code child} (re-run by this class) or {@code off} (the
 * user does not want them). Any {@code -X…}, {@code -XX:…} or agent option on the command line (or in
 * {@code JDK_JAVA_OPTIONS} / {@code JAVA_TOOL_OPTIONS}) means the user chose the JVM's settings: the
 * node then runs as started.
 *
 * <p>The parent passes TERM/INT on to the child (which drains its streams) and exits with its code.
 * The child reads its standard input, a pipe from the parent, and stops at once when it closes: a
 * parent killed with SIGKILL takes the node with it, as a node started directly would go.
 */
final class JvmDefaults {
    static final String PROPERTY = "soroban-bridge.jvm-defaults";
    static final String RESOURCE = "/jvm.options";

    private JvmDefaults() {}

    /**
     * Called first thing in {@code main}: returns when the node should run in this JVM; otherwise runs
     * it in a child JVM and exits with the child's exit code.
     */
    static void applyOrRerun(String[] args) {
        String mode = System.getProperty(PROPERTY, "");
        if (mode.equals("child")) {
            stopWithParent();
            return;
        }
        if (!mode.isEmpty()) return;
        List<String> started = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (userChoseSettings(started)) return;
        List<String> defaults = read();
        if (defaults.isEmpty()) return;
        System.exit(rerun(command(defaults, started, args)));
    }

    /** True when the JVM was started with settings of the user's own (memory, collector, agents). */
    static boolean userChoseSettings(List<String> jvmArguments) {
        for (String a : jvmArguments) {
            if (a.startsWith("-X") || a.startsWith("-agent") || a.startsWith("-javaagent")) return true;
        }
        return false;
    }

    /** The options of the {@code jvm.options} resource, comments and blank lines left out. */
    static List<String> read() {
        List<String> options = new ArrayList<>();
        InputStream in = JvmDefaults.class.getResourceAsStream(RESOURCE);
        if (in == null) return options;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.trim();
                if (!line.isEmpty() && !line.startsWith("#")) options.add(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + " from the jar: " + e.getMessage(), e);
        }
        return options;
    }

    /** The child's command: the defaults first, then what this JVM was given (which wins), then the node. */
    static List<String> command(List<String> defaults, List<String> started, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(new File(new File(System.getProperty("java.home"), "bin"), "java").getPath());
        command.addAll(defaults);
        command.addAll(started);
        command.add("-D" + PROPERTY + "=child");
        // The jar's manifest class path (libs/) applies to a jar on -cp as it does to -jar.
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    private static int rerun(List<String> command) {
        Process child;
        try {
            child = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            System.err.println("The node could not start a JVM with its settings (" + e.getMessage()
                    + "); start it with options of your own, e.g. java -Xmx1g -jar bridge.jar");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Stopped by TERM/INT: stop the child the same way and wait while it drains its streams.
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-node"));
        try {
            return child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** In the child: standard input is the parent's pipe; its end means the parent is gone. */
    private static void stopWithParent() {
        Thread watcher = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // the parent writes nothing; only the end matters
                }
            } catch (IOException e) {
                // a broken pipe is an end too
            }
            Runtime.getRuntime().halt(137);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
