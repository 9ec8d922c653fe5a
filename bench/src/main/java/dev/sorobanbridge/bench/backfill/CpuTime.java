package dev.sorobanbridge.bench.backfill;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * CPU seconds, as opposed to wall time. On a shared machine a stage's wall time grows with other
 * people's load, while its CPU time stays close to what it costs; both are reported.
 */
final class CpuTime {
    /** Linux reports /proc/PID/stat times in clock ticks of USER_HZ, which is 100 on every common build. */
    private static final double TICKS_PER_SECOND = 100;

    private CpuTime() {}

    static double ofThread(long threadId) {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId) / 1e9;
    }

    static double ofCurrentThread() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    /** This JVM, every thread: here the simulator, GC and JIT as well as the indexer. */
    static double ofThisProcess() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** Another process on this machine (a PostgreSQL backend), from /proc; empty when unreadable. */
    static OptionalDouble ofProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name, in parentheses, may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalDouble.of((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }
}
