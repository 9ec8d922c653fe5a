package dev.sorobanbridge.dist;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator files checked by the tools that consume them: Prometheus's promtool (rules syntax, the
 * alerts' unit tests, every dashboard query), systemd-analyze for the unit, and the compose file's
 * topology (docker is not needed: the file is read as compose reads YAML). promtool comes from Debian's prometheus package, systemd-analyze from systemd.
 */
class DeployChecksTest {
    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        run(List.of("promtool", "check", "rules", Deployables.ALERTS.toString()), "SUCCESS: 8 rules found");
    }

    @Test
    void theAlertsFireOnTheirCausesAndStayQuietOnAHealthyCluster() throws Exception {
        run(List.of("promtool", "test", "rules", Deployables.ALERT_TESTS.toString()), "SUCCESS");
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws Exception {
        // promtool parses PromQL in rule files: each panel query becomes a recording rule, with Grafana's
        // variables replaced by what Grafana substitutes.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> exprs = Deployables.dashboardExpressions();
        assertTrue(exprs.size() >= 20, "the dashboard has its panels: " + exprs.size());
        for (int i = 0; i < exprs.size(); i++) {
            String expr = exprs.get(i).replace("$__rate_interval", "5m").replace("$instance", ".*");
            rules.append("      - record: dashboard:panel_").append(i).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
        run(List.of("promtool", "check", "rules", file.toString()), "SUCCESS: " + exprs.size() + " rules found");
    }

    @Test
    void everyAlertHasASummaryADescriptionAndARunbookSectionInTheOperationsGuide() throws Exception {
        Set<String> anchors = new TreeSet<>();
        for (String line : Files.readAllLines(Deployables.OPERATIONS)) {
            if (line.startsWith("#")) anchors.add(slug(line.replaceFirst("^#+\\s*", "")));
        }
        List<JsonNode> rules = Deployables.alertRules();
        assertEquals(8, rules.size());
        for (JsonNode rule : rules) {
            String name = rule.path("alert").asText();
            JsonNode annotations = rule.path("annotations");
            assertFalse(annotations.path("summary").asText().isBlank(), name);
            assertFalse(annotations.path("description").asText().isBlank(), name);
            String runbook = annotations.path("runbook_url").asText();
            assertEquals("docs/operations.md#" + name.toLowerCase(Locale.ROOT), runbook, name);
            assertTrue(anchors.contains(runbook.substring(runbook.indexOf('#') + 1)),
                    runbook + " has no heading in docs/operations.md");
        }
    }

    @Test
    void systemdAcceptsTheUnitWithTheArchivesLayout() throws Exception {
        // The unit as installed: its paths pointed at a copy of the archive's layout in a temporary directory.
        Path opt = Files.createDirectories(dir.resolve("opt/bin"));
        Files.copy(Deployables.ROOT.resolve("dist/src/bin/soroban-bridge"), opt.resolve("soroban-bridge"));
        opt.resolve("soroban-bridge").toFile().setExecutable(true);
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.copy(Deployables.ROOT.resolve("deploy/systemd/soroban-bridge.env"), etc.resolve("soroban-bridge.env"));
        String unit = Files.readString(Deployables.ROOT.resolve("deploy/systemd/soroban-bridge.service"))
                .replace("/opt/soroban-bridge", dir.resolve("opt").toString())
                .replace("/etc/soroban-bridge/", etc + "/");
        Path file = Files.writeString(dir.resolve("soroban-bridge.service"), unit);
        // systemd-analyze verify exits 0 even for unknown keys: any output is a finding.
        run(List.of("systemd-analyze", "verify", file.toString()), "");
        for (String setting : List.of("User=soroban-bridge", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                "PrivateTmp=yes", "CapabilityBoundingSet=\n", "ReadWritePaths=/var/lib/soroban-bridge\n", "LimitNOFILE=65536",
                "EnvironmentFile=/etc/soroban-bridge/soroban-bridge.env")) {
            assertTrue(unit.contains(setting.replace("/etc/soroban-bridge/", etc + "/")), setting);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileRunsTwoBridgesAndTwoIndexersOnOnePostgresWithSharedAuth() throws Exception {
        // SnakeYAML resolves the anchors and merge keys (<<) the file shares its node settings with, as compose does.
        Map<String, Object> compose = new Yaml().load(Files.readString(Deployables.ROOT.resolve("deploy/compose/compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, List<String>> byRole = new TreeMap<>();
        services.forEach((name, service) -> {
            if (service.get("command") instanceof List<?> command && command.size() == 2 && "--role".equals(command.get(0))) {
                byRole.computeIfAbsent((String) command.get(1), r -> new ArrayList<>()).add(name);
            }
        });
        assertEquals(Map.of("bridge", List.of("bridge-1", "bridge-2"), "indexer", List.of("indexer-1", "indexer-2")),
                Map.of("bridge", sorted(byRole.get("bridge")), "indexer", sorted(byRole.get("indexer"))));
        Map<String, Object> shared = null;
        for (List<String> names : byRole.values()) {
            for (String name : names) {
                Map<String, Object> service = services.get(name);
                Map<String, Object> env = (Map<String, Object>) service.get("environment");
                assertEquals("postgres", env.get("STORAGE_KIND"), name);
                assertTrue(String.valueOf(env.get("STORAGE_POSTGRES_URL")).startsWith("jdbc:postgresql://postgres:5432/"), name);
                for (String key : List.of("AUTH_SIGNING_SEED", "AUTH_JWT_HS256_SECRET", "AUTH_JWT_ISSUER", "AUTH_HOME_DOMAIN")) {
                    assertTrue(String.valueOf(env.get(key)).startsWith("${" + key + ":?"), name + ": " + key + " must come from .env");
                }
                if (shared == null) shared = env;
                assertEquals(shared, env, name + " shares the auth and storage settings of every other node");
                assertTrue(((Map<String, Object>) service.get("depends_on")).containsKey("postgres"), name + " waits for postgres");
            }
        }
        assertTrue(services.containsKey("postgres"));
        assertEquals(List.of("proxy"), services.get("nginx").get("profiles"), "nginx is optional");
    }

    private static List<String> sorted(List<String> names) {
        return names == null ? List.of() : names.stream().sorted().toList();
    }

    private static void run(List<String> command, String expected) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        assertEquals(0, exit, String.join(" ", command) + " failed:\n" + output);
        if (expected.isEmpty()) assertEquals("", output.strip(), String.join(" ", command) + " reported:\n" + output);
        else assertTrue(output.contains(expected), String.join(" ", command) + ":\n" + output);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    private static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
