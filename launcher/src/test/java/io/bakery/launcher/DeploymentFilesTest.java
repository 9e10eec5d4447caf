package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.DestinationConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The docker/ files agree with each other: what compose runs, Prometheus scrapes, Grafana loads and Bakery reads. */
class DeploymentFilesTest {

    private static final Path DOCKER = ComposeFile.DOCKER_DIR;
    private static final Set<String> COMPONENTS = Set.of("gateway", "topology", "exporter");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[?-][^}]*)?}");

    @Test
    void shouldScrapeEveryBakeryComponentWhenPrometheusLoadsItsConfig() throws IOException {
        final ComposeFile compose = ComposeFile.read();
        final Set<String> targets = new TreeSet<>();
        for (final Map<String, Object> job : listOfMaps(yaml("prometheus/prometheus.yml").get("scrape_configs"))) {
            for (final Map<String, Object> staticConfig : listOfMaps(job.get("static_configs"))) {
                targets.addAll(strings(staticConfig.get("targets")));
            }
        }

        assertThat(targets).containsAll(components(compose).stream().map(service -> service + ":8080").toList());
    }

    @Test
    void shouldLoadTheDashboardFolderWhenGrafanaReadsItsProvisioning() throws IOException {
        final ComposeFile compose = ComposeFile.read();
        final List<Map<String, Object>> providers = listOfMaps(
                yaml("grafana/provisioning/dashboards/bakery.yaml").get("providers"));

        assertThat(compose.volumes("grafana")).contains("./grafana/provisioning:/etc/grafana/provisioning:ro");
        assertThat(providers).singleElement().satisfies(provider -> assertThat(compose.volumes("grafana"))
                .contains("./grafana/dashboards:" + map(provider.get("options")).get("path") + ":ro"));
        assertThat(DashboardMetrics.DASHBOARD).isRegularFile();
    }

    @Test
    void shouldQueryTheProvisionedDatasourceWhenADashboardPanelRuns() throws IOException {
        final Map<String, Object> datasource = listOfMaps(
                yaml("grafana/provisioning/datasources/prometheus.yaml").get("datasources")).get(0);
        final Set<String> uids = new TreeSet<>();
        collectDatasourceUids(new ObjectMapper().readTree(Files.readString(DashboardMetrics.DASHBOARD)), uids);

        assertThat(uids).containsExactly(String.valueOf(datasource.get("uid")));
        assertThat(String.valueOf(datasource.get("url"))).isEqualTo("http://prometheus:9090");
    }

    @Test
    void shouldAcceptTheDockerConfigurationWhenTheSecretsHaveTheirExpectedShape() throws IOException {
        final BakeryConfig config = BakeryConfig.load(DOCKER.resolve("bakery.yaml"), ciEnvironment());

        assertThat(config.clients()).isNotEmpty();
        assertThat(config.clients()).filteredOn(c -> c.export() != null && c.export().destination() != null)
                .extracting(c -> c.export().destination())
                .filteredOn(d -> d.type() == DestinationConfig.Type.SFTP)
                .singleElement().satisfies(d -> assertThat(ComposeFile.read().services()).contains(d.host()));
    }

    @Test
    void shouldPassEverySecretTheConfigurationNamesWhenComposeStartsAComponent() throws IOException {
        final ComposeFile compose = ComposeFile.read();
        final Set<String> referenced = references(Files.readString(DOCKER.resolve("bakery.yaml")));

        assertThat(referenced).isNotEmpty();
        for (final String service : components(compose)) {
            assertThat(compose.environment(service).keySet()).as(service).containsAll(referenced);
        }
    }

    @Test
    void shouldHaveAValueInTheCiEnvironmentForEveryVariableComposeRequires() throws IOException {
        final Set<String> required = new TreeSet<>();
        final Matcher matcher = ENV_REFERENCE.matcher(Files.readString(DOCKER.resolve("compose.yaml")));
        while (matcher.find()) {
            if (matcher.group(2) != null && matcher.group(2).contains("?")) {
                required.add(matcher.group(1));
            }
        }

        assertThat(required).isNotEmpty();
        assertThat(ciEnvironment().keySet()).containsAll(required);
    }

    @Test
    void shouldMountTheConfigurationWhereTheImageReadsItWhenAComponentStarts() throws IOException {
        final ComposeFile compose = ComposeFile.read();
        final String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));

        assertThat(dockerfile).contains("BAKERY_CONFIG=/etc/bakery/bakery.yaml").contains("ENTRYPOINT [\"bakery\"]");
        for (final String service : components(compose)) {
            assertThat(compose.volumes(service)).as(service).contains("./bakery.yaml:/etc/bakery/bakery.yaml:ro");
        }
    }

    /** The services running a long-lived Bakery component. */
    private static List<String> components(final ComposeFile compose) {
        final List<String> services = compose.services().stream()
                .filter(s -> compose.command(s).size() == 1 && COMPONENTS.contains(compose.command(s).get(0)))
                .toList();
        assertThat(services).isNotEmpty();
        return services;
    }

    private static Set<String> references(final String text) {
        final Set<String> names = new TreeSet<>();
        for (final String line : text.split("\n")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            final Matcher matcher = ENV_REFERENCE.matcher(line);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static Map<String, String> ciEnvironment() throws IOException {
        final Map<String, String> environment = new HashMap<>();
        for (final String line : Files.readAllLines(DOCKER.resolve("ci.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                final int eq = line.indexOf('=');
                environment.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return environment;
    }

    private static void collectDatasourceUids(final JsonNode node, final Set<String> uids) {
        if (node.isObject()) {
            if (node.has("datasource") && node.get("datasource").has("uid")) {
                uids.add(node.get("datasource").get("uid").asText());
            }
            node.elements().forEachRemaining(child -> collectDatasourceUids(child, uids));
        } else if (node.isArray()) {
            node.forEach(child -> collectDatasourceUids(child, uids));
        }
    }

    private static Map<String, Object> yaml(final String file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(DOCKER.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOfMaps(final Object node) {
        return node == null ? List.of() : new ArrayList<>((List<Map<String, Object>>) node);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(final Object node) {
        return node == null ? List.of() : (List<String>) node;
    }
}
