package dev.sorobanbridge.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options a node needs to keep its memory in proportion to its streams: the {@code jvm.options}
 * resource, which {@code bin/soroban-bridge} also reads (from {@code config/jvm.options}). A plain
 * {@code java -jar} cannot carry JVM options, so the {@link Launcher} of a JVM started without options
 * of its own re-runs the jar once in a child JVM with them (compiled for Java 8 like the Launcher).
 *
 * <p>The property {@value #PROPERTY} says how the JVM was started: {@code launcher} (the
 * distribution's script passed the options), {@code child} (re-run by the Launcher) or {@code off} (the
 * user does not want them). Any {@code -X…}, {@code -XX:…} or agent option on the command line (or in
 * {@code JDK_JAVA_OPTIONS} / {@code JAVA_TOOL_OPTIONS}) means the user chose the JVM's settings: the
 * node then runs with exactly those.
 */
final class JvmDefaults {
    static final String PROPERTY = "soroban-bridge.jvm-defaults";
    static final String CHILD = "-D" + PROPERTY + "=child";
    static final String RESOURCE = "/jvm.options";

    private JvmDefaults() {}

    /** The options to re-run with, or none: when they are applied already, turned off, or the user chose. */
    static List<String> toApply(List<String> jvmArguments) {
        if (!System.getProperty(PROPERTY, "").isEmpty() || userChoseSettings(jvmArguments)) {
            return new ArrayList<String>();
        }
        return read();
    }

    /** True in a JVM the Launcher re-ran with the options. */
    static boolean isChild() {
        return "child".equals(System.getProperty(PROPERTY));
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
        List<String> options = new ArrayList<String>();
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

    /**
     * In the child: standard input is a pipe from the parent, which writes nothing; its end means the
     * parent is gone (even killed with SIGKILL), and the node goes with it, as a node started directly would.
     */
    static void stopWithParent() {
        Thread watcher = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    InputStream in = System.in;
                    while (in.read() >= 0) {
                        // nothing is written; only the end matters
                    }
                } catch (IOException e) {
                    // a broken pipe is an end too
                }
                Runtime.getRuntime().halt(137);
            }
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
