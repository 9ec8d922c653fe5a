package dev.sorobanbridge.app;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The jar's entry point, compiled for Java 8 so that any JVM from 8 on can run it (the application
 * itself needs 21). On 21+ it runs {@link Main} in this JVM. On an older JVM it re-runs the same jar
 * with {@code $JAVA_HOME/bin/java} when that is 21+ (Maven builds with JAVA_HOME, {@code java -jar}
 * uses PATH, and they often differ), and otherwise prints one sentence naming the version needed and
 * exits with 1, instead of an {@code UnsupportedClassVersionError}.
 *
 * <p>A JVM started without JVM options of the user's own also re-runs, once, with the shipped options
 * ({@link JvmDefaults}: the collector and heap settings that keep memory in proportion to the streams).
 *
 * <p>The re-run child inherits the terminal, the environment, the JVM options and the arguments; a
 * TERM/INT/HUP to this process is passed on to it and its exit code becomes ours. A SIGKILL to this
 * process cannot be passed on: a child with the shipped options notices and stops; one re-run only for
 * its Java version (started with options of the user's own) keeps running.
 */
public final class Launcher {
    static final int NEEDED = 21;
    private static final String APPLICATION = "dev.sorobanbridge.app.Main";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        int running = major(System.getProperty("java.specification.version"));
        List<String> started = ManagementFactory.getRuntimeMXBean().getInputArguments();
        // The shipped JVM options (jvm.options), unless applied already or the user gave options of their own.
        List<String> defaults = JvmDefaults.toApply(started);
        if (running >= NEEDED) {
            if (defaults.isEmpty()) {
                if (JvmDefaults.isChild()) JvmDefaults.stopWithParent();
                runHere(args);
                return;
            }
            System.exit(rerun(childCommand(javaOf(System.getProperty("java.home")), defaults, started, args)));
        }
        String javaHome = System.getenv("JAVA_HOME");
        int homeVersion = javaHome == null || javaHome.isEmpty() ? 0 : releaseVersion(new File(javaHome));
        File java = javaHome == null ? null : javaOf(javaHome);
        if (homeVersion >= NEEDED && java.canExecute()) {
            System.exit(rerun(childCommand(java, defaults, started, args)));
        }
        System.err.println(tooOld(running, javaHome, homeVersion));
        System.exit(1);
    }

    /** The one sentence for a newcomer: what is needed, what was found, how to fix it. */
    static String tooOld(int running, String javaHome, int homeVersion) {
        String found = "soroban-bridge needs Java " + NEEDED + " or later, but `java` is Java " + running
                + " (" + System.getProperty("java.home") + ")";
        String home = javaHome == null || javaHome.isEmpty()
                ? " and JAVA_HOME is not set"
                : homeVersion > 0 ? " and JAVA_HOME (" + javaHome + ") is Java " + homeVersion
                : " and JAVA_HOME (" + javaHome + ") is not a JDK";
        return found + home + ": set JAVA_HOME to a JDK " + NEEDED + "+ (or put its bin directory first on PATH) and run the same command again.";
    }

    private static void runHere(String[] args) throws Exception {
        try {
            Class.forName(APPLICATION).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) throw (Exception) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw e;
        }
    }

    /**
     * The same jar in another JVM: the shipped options first (when given), then this JVM's own, which
     * win where they overlap. The jar's manifest class path (libs/) applies on -cp as it does to -jar.
     */
    static List<String> childCommand(File java, List<String> defaults, List<String> started, String[] args) {
        List<String> command = new ArrayList<String>();
        command.add(java.getPath());
        command.addAll(defaults);
        command.addAll(started);
        if (!defaults.isEmpty()) command.add(JvmDefaults.CHILD);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Launcher.class.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * Runs the child in the terminal and environment of this process; TERM/INT/HUP to this process are
     * passed on, and its exit code becomes ours. A child with the shipped options also stops when this
     * process is killed outright ({@link JvmDefaults#stopWithParent}); its standard input is that signal.
     */
    private static int rerun(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (command.contains(JvmDefaults.CHILD)) builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        final Process child = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                // We are being stopped: stop the child the same way and wait for it to drain its streams.
                child.destroy();
                try {
                    child.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "stop-child"));
        return child.waitFor();
    }

    private static File javaOf(String javaHome) {
        return new File(new File(javaHome, "bin"), isWindows() ? "java.exe" : "java");
    }

    /** The major version in a JDK's {@code release} file, or 0 when there is none to read. */
    static int releaseVersion(File javaHome) {
        File release = new File(javaHome, "release");
        if (!release.isFile()) return 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new FileInputStream(release), Charset.forName("UTF-8")))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return major(line.substring("JAVA_VERSION=".length()).replace("\"", "").trim());
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** "1.8.0_392" -> 8, "17" -> 17, "25.0.3" -> 25; 0 when unreadable. */
    static int major(String version) {
        if (version == null) return 0;
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }
}
