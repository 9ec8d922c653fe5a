package dev.sorobanbridge.bench.driver;

import dev.sorobanbridge.simulator.RpcSimulator;
import dev.sorobanbridge.simulator.SimulatorOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A whole benchmark on one machine: a simulated Stellar RPC in this JVM, the product as a child
 * JVM ({@code java -jar app/target/soroban-bridge.jar}) configured for it, the {@link LoadDriver}
 * against it, one {@link Summary}. Everything listens on 127.0.0.1 only; the stream count and
 * duration are capped ({@link DriverOptions}); a watchdog kills the child if the run overstays.
 */
public final class BenchRun {
    private static final System.Logger LOG = System.getLogger(BenchRun.class.getName());
    private static final Set<String> OWN_FLAGS = Set.of("ledger-interval", "events-per-ledger", "bridge-jar",
            "server-heap", "server-cpus", "jfr", "history-ledgers");
    private static final Set<String> DRIVER_FLAGS = Set.of("streams", "duration", "ramp", "filters", "slow-fraction",
            "settle");
    private static final String ISSUER = "http://127.0.0.1/bench";
    private static final String AUDIENCE = "bench.localhost";
    /** Time the run may take beyond ramp, window and settle before the watchdog ends it. */
    private static final Duration OVERSTAY = Duration.ofMinutes(5);

    /**
     * @param bridgeJar      the product's runnable jar
     * @param ledgerInterval the simulated chain closes a ledger this often
     * @param eventsPerLedger average contract events per ledger
     * @param historyLedgers ledgers closed before the start (the server starts at the latest one)
     * @param serverHeap     the child's {@code -Xmx}, e.g. {@code 1g}; null for the JVM default
     * @param serverCpus     CPUs the child is pinned to ({@code taskset -c}, e.g. {@code 1}), so that a driver
     *                       pinned to the others cannot take its time; null to let them share
     * @param jfr            a JFR recording file for the child (profile settings), or null
     * @param driver         the load (its url, login and server pid are filled in by the run)
     */
    public record Settings(Path bridgeJar, Duration ledgerInterval, double eventsPerLedger, int historyLedgers,
                           String serverHeap, String serverCpus, Path jfr, DriverOptions driver) {}

    private final Settings settings;

    public BenchRun(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench run: " + e.getMessage());
            System.exit(2);
            return;
        }
        Summary summary = new BenchRun(settings).run();
        System.out.print(summary.render());
        System.exit(summary.clean() ? 0 : 1);
    }

    /**
     * Flags: the driver's {@code --streams --duration --ramp --filters --slow-fraction --settle}, and
     * {@code --ledger-interval} (5s), {@code --events-per-ledger} (3), {@code --history-ledgers} (20),
     * {@code --bridge-jar} (app/target/soroban-bridge.jar), {@code --server-heap} (JVM default),
     * {@code --server-cpus} (unpinned), {@code --jfr FILE}.
     */
    public static Settings parse(String... args) {
        Set<String> all = new java.util.HashSet<>(OWN_FLAGS);
        all.addAll(DRIVER_FLAGS);
        Map<String, String> flags = DriverOptions.flags(args, all);
        List<String> driverArgs = new ArrayList<>(List.of("--url", "http://127.0.0.1:1"));
        flags.forEach((k, v) -> {
            if (DRIVER_FLAGS.contains(k)) driverArgs.addAll(List.of("--" + k, v));
        });
        double eventsPerLedger = DriverOptions.doubleFlag(flags, "events-per-ledger", 3);
        return new Settings(
                Path.of(flags.getOrDefault("bridge-jar", "app/target/soroban-bridge.jar")),
                DriverOptions.durationFlag(flags, "ledger-interval", Duration.ofSeconds(5)),
                eventsPerLedger,
                DriverOptions.intFlag(flags, "history-ledgers", 20),
                flags.get("server-heap"),
                serverCpus(flags.get("server-cpus")),
                flags.containsKey("jfr") ? Path.of(flags.get("jfr")) : null,
                DriverOptions.parse(driverArgs.toArray(String[]::new)));
    }

    private static String serverCpus(String list) {
        if (list != null && !list.matches("\\d+([-,]\\d+)*")) {
            throw new IllegalArgumentException("--server-cpus takes a taskset CPU list such as 1 or 0-1, got " + list);
        }
        return list;
    }

    public Summary run() throws InterruptedException {
        if (!Files.isRegularFile(settings.bridgeJar())) {
            throw new IllegalStateException(settings.bridgeJar().toAbsolutePath() + " does not exist: build the product"
                    + " first (mvn -pl bridge -am package -DskipTests)");
        }
        SimulatorOptions simulated = SimulatorOptions.demo()
                .with(o -> {
                    o.ledgerInterval = settings.ledgerInterval();
                    o.eventsPerLedger = settings.eventsPerLedger();
                    o.historyLedgers = settings.historyLedgers();
                });
        Path dir = tempDir();
        try (RpcSimulator simulator = RpcSimulator.start(simulated)) {
            int port = freePort();
            String secret = randomSecret();
            Process bridge = startBridge(simulator, port, secret, dir);
            Thread watchdog = Thread.ofVirtual().start(() -> killAfterBudget(bridge));
            try {
                DriverOptions driver = settings.driver()
                        .withUrl(URI.create("http://127.0.0.1:" + port))
                        .withLogin(new DriverOptions.LoginMethod.SharedSecret(secret, ISSUER, AUDIENCE))
                        .withServerPid(bridge.pid());
                return new LoadDriver(driver, simulator::closeTimeOf).run();
            } finally {
                watchdog.interrupt();
                stop(bridge);
                LOG.log(System.Logger.Level.INFO, "bridge log: " + dir.resolve("bridge.log"));
            }
        }
    }

    private Process startBridge(RpcSimulator simulator, int port, String secret, Path dir) {
        List<String> command = new ArrayList<>();
        if (settings.serverCpus() != null) command.addAll(List.of("taskset", "-c", settings.serverCpus()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The JVM options `java -jar` would re-run itself with (as the distribution's launcher passes them),
        // given here so that the measured process is the product's own JVM, with or without extra flags.
        command.addAll(shippedJvmOptions(settings.bridgeJar()));
        command.add("-Dsoroban-bridge.jvm-defaults=launcher");
        if (settings.serverHeap() != null) command.add("-Xmx" + settings.serverHeap());
        if (settings.jfr() != null) {
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + settings.jfr().toAbsolutePath());
        }
        command.addAll(List.of("-jar", settings.bridgeJar().toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bridge.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("RPC_URL", simulator.url().toString());
        env.put("RPC_NETWORK_PASSPHRASE", simulator.networkPassphrase());
        env.put("CONTRACTS_INVOICE", simulator.invoiceContractId());
        env.put("CONTRACTS_POOL", simulator.poolContractId());
        env.put("AUTH_JWT_HS256_SECRET", secret);
        env.put("AUTH_JWT_ISSUER", ISSUER);
        env.put("AUTH_JWT_AUDIENCE", AUDIENCE);
        env.put("STORAGE_SQLITE_PATH", dir.resolve("events.db").toString());
        env.put("SERVER_HOST", "127.0.0.1");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SERVER_SHUTDOWN_DRAIN", "1s");
        // Every simulated client connects from 127.0.0.1: the per-IP connect limit is for the internet.
        env.put("LIMITS_CONNECTS_PER_MINUTE_PER_IP", Integer.toString(Math.max(600, settings.driver().streams() * 10)));
        env.put("LIMITS_MAX_STREAMS_PER_NODE", Integer.toString(settings.driver().streams() + 1000));
        // every simulated client connects from 127.0.0.1
        env.put("LIMITS_MAX_STREAMS_PER_IP", Integer.toString(settings.driver().streams() + 1000));
        try {
            Process p = pb.start();
            LOG.log(System.Logger.Level.INFO, "bridge pid " + p.pid() + " on 127.0.0.1:" + port + ", files in " + dir);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The {@code jvm.options} in the product's jar, comments and blank lines left out. */
    static List<String> shippedJvmOptions(Path bridgeJar) {
        try (JarFile jar = new JarFile(bridgeJar.toFile())) {
            JarEntry entry = jar.getJarEntry("jvm.options");
            if (entry == null) return List.of("--enable-native-access=ALL-UNNAMED");
            try (InputStream in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::trim)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jvm.options from " + bridgeJar, e);
        }
    }

    private void killAfterBudget(Process bridge) {
        DriverOptions d = settings.driver();
        Duration budget = d.ramp().plus(d.duration()).plus(d.settle()).plus(OVERSTAY);
        try {
            Thread.sleep(budget);
            LOG.log(System.Logger.Level.WARNING, "the run overstayed " + budget + ": stopping the bridge");
            bridge.destroyForcibly();
        } catch (InterruptedException e) {
            // the run ended in time
        }
    }

    private static void stop(Process bridge) throws InterruptedException {
        bridge.destroy(); // SIGTERM: the product drains and stops
        if (!bridge.waitFor(30, TimeUnit.SECONDS)) {
            bridge.destroyForcibly();
            bridge.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("benchrun-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[36];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
