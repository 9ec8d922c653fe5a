package dev.sorobanbridge.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sorobanbridge.bridge.support.BridgeHarness;
import dev.sorobanbridge.app.ChildNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code Main} child JVM of the cluster, started with {@code --role indexer} or {@code --role bridge}. */
final class ClusterNode {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LEADER_GAUGE = Pattern.compile("(?m)^indexer_leader(?:\\{[^}]*})? (\\S+)$");

    final String name;
    final String role;
    final int port;
    final Path output;
    private final ChildNode process;
    private volatile boolean killed;

    ClusterNode(String name, String role, int port, Path output, ChildNode process) {
        this.name = name;
        this.role = role;
        this.port = port;
        this.output = output;
        this.process = process;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    void awaitLive(Duration timeout) throws Exception {
        process.awaitLive(port, timeout);
    }

    /** {@code GET /health/ready}: the status and the JSON body; empty when the node does not answer. */
    Optional<Ready> ready() {
        try {
            HttpResponse<String> res = BridgeHarness.send(HttpRequest.newBuilder(uri("/health/ready"))
                    .timeout(Duration.ofSeconds(2)));
            return Optional.of(new Ready(res.statusCode(), JSON.readTree(res.body())));
        } catch (RuntimeException | IOException unreachable) {
            return Optional.empty();
        }
    }

    /** Whether {@code /health/ready} says this node's indexer holds the leader lock. */
    boolean reportsLeader() {
        return ready().map(r -> r.body().path("leader").asBoolean(false)).orElse(false);
    }

    /** The value of the {@code indexer_leader} gauge in {@code /metrics}; empty when the node does not export it. */
    Optional<Double> leaderGauge() {
        String metrics = BridgeHarness.send(HttpRequest.newBuilder(uri("/metrics")).timeout(Duration.ofSeconds(2))).body();
        Matcher m = LEADER_GAUGE.matcher(metrics);
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    /** SIGKILL: the process dies without a shutdown hook, its sockets (and so its PostgreSQL sessions) close. */
    void kill() throws InterruptedException {
        killed = true;
        process.kill();
    }

    boolean killed() {
        return killed;
    }

    /** SIGTERM, SIGKILL after 30 s. */
    void stop() throws InterruptedException {
        process.close();
    }

    /** The last lines of the node's output, for failure messages. */
    String tail(int lines) {
        try {
            if (!Files.exists(output)) return "";
            List<String> all = Files.readAllLines(output);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + role + ", port " + port + ")";
    }

    record Ready(int status, JsonNode body) {}
}
