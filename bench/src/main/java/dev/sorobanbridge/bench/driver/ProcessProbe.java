package dev.sorobanbridge.bench.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server process as Linux and the JDK see it: resident memory and threads from
 * {@code /proc/<pid>/status}, CPU time from {@code /proc/<pid>/stat}, heap after a full GC from
 * {@code jcmd}. Works for any local JVM the driver may read; figures are empty where it may not.
 */
final class ProcessProbe {
    /** USER_HZ: Linux reports CPU times in these ticks; 100 on every mainstream kernel build. */
    private static final double TICKS_PER_SECOND = 100.0;
    /** "total …K, used …K": each generation's line (serial: DefNew, Tenured) or the whole heap's (G1); summed. */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final long pid;

    ProcessProbe(long pid) {
        this.pid = pid;
    }

    /** A moment's figures. */
    record Sample(long rssKib, int threads, double cpuSeconds, long atNanos) {}

    /** @return empty when the process is gone or not readable */
    Optional<Sample> sample() {
        try {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", ""));
                if (line.startsWith("Threads:")) threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
            return Optional.of(new Sample(rss, threads, cpu, System.nanoTime()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Heap in use right after a full collection ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}):
     * what the live objects take, without garbage that merely has not been collected yet.
     */
    OptionalLong heapAfterGcKib() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) return OptionalLong.empty();
        try {
            run(jcmd, "GC.run");
            Matcher m = HEAP_USED.matcher(run(jcmd, "GC.heap_info"));
            long used = 0;
            boolean found = false;
            while (m.find()) {
                used += Long.parseLong(m.group(1));
                found = true;
            }
            return found ? OptionalLong.of(used) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private String run(Path jcmd, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
