package io.bakery.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a Grafana dashboard JSON queries, read from its PromQL (panel targets and variables). */
final class DashboardMetrics {

    static final Path DASHBOARD = ComposeFile.DOCKER_DIR.resolve("grafana/dashboards/bakery.json");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** {@code label_values(metric, label)}: only the first argument is a metric. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,)]*)(,[^)]*)?\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.$])\\$?[A-Za-z_:][A-Za-z0-9_:]*(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");

    private DashboardMetrics() {}

    /** Every PromQL expression in the dashboard: targets' {@code expr} and query variables' {@code query}. */
    static List<String> queries(final Path dashboard) throws IOException {
        final JsonNode root = new ObjectMapper().readTree(Files.readString(dashboard));
        final List<String> queries = new ArrayList<>();
        collect(root, queries);
        return queries;
    }

    private static void collect(final JsonNode node, final List<String> queries) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                final JsonNode value = field.getValue();
                if (field.getKey().equals("expr") && value.isTextual()) {
                    queries.add(value.asText());
                } else if (field.getKey().equals("query") && value.isTextual() && node.path("type").asText().equals("query")) {
                    queries.add(value.asText());
                } else if (field.getKey().equals("query") && value.isObject() && value.has("query")) {
                    queries.add(value.get("query").asText());
                } else {
                    collect(value, queries);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, queries));
        }
    }

    /** The metric names one PromQL expression reads. */
    static Set<String> metricNames(final String promql) {
        String text = STRING.matcher(promql).replaceAll(" ");
        final Matcher labelValues = LABEL_VALUES.matcher(text);
        text = labelValues.replaceAll(match -> " " + Matcher.quoteReplacement(match.group(1)) + " ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = RANGE.matcher(text).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        final Set<String> names = new TreeSet<>();
        final Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            final String token = identifier.group();
            // Functions are followed by '(' and Grafana variables start with '$'; neither is a metric.
            if (identifier.group(1) != null || token.startsWith("$") || KEYWORDS.contains(token.toLowerCase())) {
                continue;
            }
            names.add(token);
        }
        return names;
    }

    /** Every metric name the dashboard reads. */
    static Set<String> metricNames(final Path dashboard) throws IOException {
        final Set<String> names = new TreeSet<>();
        for (final String query : queries(dashboard)) {
            names.addAll(metricNames(query));
        }
        return names;
    }

    /** The sample names of a Prometheus text exposition ({@code name{labels} value} lines). */
    static Set<String> exposedNames(final String exposition) {
        final Set<String> names = new TreeSet<>();
        for (final String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            final int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            names.add(line.substring(0, end));
        }
        return names;
    }
}
