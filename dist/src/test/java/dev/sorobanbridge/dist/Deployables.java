package dev.sorobanbridge.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operator files under deploy/ and the PromQL in them. */
final class Deployables {
    static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    static final Path DASHBOARD = ROOT.resolve("deploy/grafana/soroban-bridge.json");
    static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");
    static final Path ALERT_TESTS = ROOT.resolve("deploy/prometheus/alerts.test.yml");
    static final Path OPERATIONS = ROOT.resolve("docs/operations.md");

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** An identifier that is not a function call and not inside a number (1e3) or a variable. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w(])(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private Deployables() {}

    /** Every {@code expr} of the dashboard's panels, in order. */
    static List<String> dashboardExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        new ObjectMapper().readTree(DASHBOARD.toFile()).findValues("expr").forEach(e -> exprs.add(e.asText()));
        return exprs;
    }

    /** The metrics the dashboard's variables query, e.g. {@code label_values(indexer_leader, instance)}. */
    static List<String> dashboardVariableMetrics() throws IOException {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,")
                .matcher(new ObjectMapper().readTree(DASHBOARD.toFile()).path("templating").toString());
        while (m.find()) names.add(m.group(1));
        return names;
    }

    static List<JsonNode> alertRules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        new YAMLMapper().readTree(ALERTS.toFile()).path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }

    /** The metric names a PromQL expression selects (not functions, keywords, labels or durations). */
    static Set<String> metricNames(String promql) {
        String s = STRINGS.matcher(promql).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1))) names.add(m.group(1));
        }
        return names;
    }
}
