package dev.sorobanbridge.dist;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive as an operator gets it: unpacked with tar, {@code bin/soroban-bridge --demo} started with
 * an environment whose PATH holds no java but a decoy that would leave a mark, and no JAVA_HOME. The same
 * running node is then scraped for every metric the Grafana dashboard and the alert rules name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributionTest {
    private static final Duration START = Duration.ofSeconds(120);

    private UnpackedDistribution dist;
    private Path decoyMark;
    private Process node;
    private ProductClient client;
    private int port;

    @BeforeAll
    void unpackAndStartTheDemo() throws Exception {
        dist = UnpackedDistribution.unpack();
        Path path = dist.scratch("path-without-java");
        decoyMark = path.resolve("java-was-called");
        Path decoy = Files.writeString(path.resolve("java"), "#!/bin/sh\n: > '" + decoyMark + "'\nexit 97\n");
        Files.setPosixFilePermissions(decoy, PosixFilePermissions.fromString("rwxr-xr-x"));

        node = dist.start(dist.scratch("work"), Map.of(
                "PATH", path.toString(),
                "SERVER_PORT", "0",
                "DEMO_LEDGER_INTERVAL", "1s",
                "JAVA_OPTS", "-Xmx128m -Xlog:disable",
                "LIMITS_CONNECTS_PER_MINUTE_PER_IP", "3"), List.of("--demo"));
        port = dist.awaitDemoPort(START);
        client = new ProductClient(port);
    }

    @AfterAll
    void stop() throws Exception {
        if (dist != null) dist.close();
    }

    @Test
    void theLauncherRunsTheBundledRuntimeAndTheDemoStreamsEvents() throws Exception {
        Path exe = Files.readSymbolicLink(Path.of("/proc", String.valueOf(node.pid()), "exe"));
        assertTrue(exe.startsWith(dist.home().toRealPath().resolve("runtime")), "the JVM is the bundled one: " + exe);

        JsonNode ready = client.awaitReady(START);
        assertEquals("all", ready.path("role").asText(), ready.toString());
        assertTrue(ready.path("leader").asBoolean(), ready.toString());

        String token = client.login();
        JsonNode event = client.firstStreamedEvent(token, Duration.ofSeconds(60));
        assertTrue(event.path("type").asText().matches("(invoice|pool)\\.[a-z_.]+"), event.toString());
        assertTrue(event.path("ledger").asLong() > 0, event.toString());

        JsonNode history = client.getJson("/events/history?limit=5", "Authorization", "Bearer " + token);
        assertFalse(history.path("events").isEmpty(), history.toString());

        HttpResponse<String> page = client.get("/");
        assertEquals(200, page.statusCode(), "the demo page is in the packaged jar");
        assertTrue(page.body().toLowerCase().contains("<html"), page.body());

        assertFalse(Files.exists(decoyMark), "the launcher never runs the java found on PATH");
        String output = dist.output();
        assertTrue(output.contains("Demo running: open http://localhost:" + port + "/"), output);
        assertFalse(output.contains("restricted method"), "the launcher grants sqlite-jdbc native access:\n" + output);
    }

    @Test
    void theRuntimeHoldsWhatTheJarsNeedAndNoDevelopmentTools() throws Exception {
        Path java = dist.home().resolve("runtime/bin/java");
        Process list = new ProcessBuilder(java.toString(), "--list-modules").redirectErrorStream(true).start();
        Set<String> modules = new TreeSet<>();
        new String(list.getInputStream().readAllBytes()).lines().forEach(l -> modules.add(l.replaceAll("@.*", "")));
        assertEquals(0, list.waitFor());
        assertTrue(modules.containsAll(Set.of("java.base", "java.sql", "java.naming", "jdk.management", "jdk.unsupported", "jdk.jfr")),
                modules.toString());
        for (String tool : List.of("jdk.compiler", "jdk.jlink", "jdk.jshell", "jdk.javadoc", "jdk.jdeps")) {
            assertFalse(modules.contains(tool), tool + " is a development tool: " + modules);
        }
        assertFalse(Files.exists(dist.home().resolve("runtime/bin/javac")));
        for (String file : List.of("lib/app-" + version() + ".jar", "lib/bridge-" + version() + ".jar", "config/default.yaml", "config/soroban-bridge.yaml",
                "systemd/soroban-bridge.service", "systemd/soroban-bridge.env", "README.md")) {
            assertTrue(Files.isRegularFile(dist.home().resolve(file)), file);
        }
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsInALiveScrape() throws Exception {
        client.awaitReady(START);
        Set<String> named = new TreeSet<>();
        Deployables.dashboardExpressions().forEach(e -> named.addAll(Deployables.metricNames(e)));
        named.addAll(Deployables.dashboardVariableMetrics());
        Deployables.alertRules().forEach(r -> named.addAll(Deployables.metricNames(r.path("expr").asText())));
        // What the issue asks the dashboard and alerts to cover, so an emptied file cannot pass.
        assertTrue(named.containsAll(Set.of("indexer_lag_ledgers", "indexer_leader", "indexer_gaps_total",
                "rpc_request_seconds_count", "sse_connections", "sse_delivery_lag_seconds_bucket",
                "sse_slow_consumer_disconnects_total", "limits_rejected_total", "jvm_memory_used_bytes",
                "jvm_gc_pause_seconds_sum", "jvm_threads_live_threads")), named.toString());

        // Some meters appear with their first sample: an authentication failure and a refused stream.
        assertEquals(401, client.get("/events/history").statusCode());
        refuseAStreamForTooManyConnects();

        Set<String> missing = Set.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> scraped = scrapedNames();
            missing = new TreeSet<>(named);
            missing.removeAll(scraped);
            if (missing.isEmpty()) break;
            Thread.sleep(1000);
        }
        assertEquals(Set.of(), missing, "named in deploy/grafana or deploy/prometheus but absent from /metrics");
    }

    /** Stream attempts from 127.0.0.2 (its own per-IP budget) until the connect rate limit answers 429. */
    private void refuseAStreamForTooManyConnects() throws Exception {
        String token = client.login();
        HttpClient other = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10 && !statuses.contains(429); i++) {
            HttpResponse<Stream<String>> response = other.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/events")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofLines());
            statuses.add(response.statusCode());
            response.body().close();
        }
        assertTrue(statuses.contains(429), "LIMITS_CONNECTS_PER_MINUTE_PER_IP=3 refuses a stream: " + statuses);
    }

    private Set<String> scrapedNames() throws Exception {
        HttpResponse<String> metrics = client.get("/metrics");
        assertEquals(200, metrics.statusCode());
        Set<String> names = new TreeSet<>();
        metrics.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    private static String version() {
        return System.getProperty("dist.name").substring("soroban-bridge-".length());
    }
}
