package io.bakery.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker/compose.yaml as the tests read it, with YAML anchors and merge keys resolved as Compose resolves them,
 * so a test sees the environment a service really gets.
 */
final class ComposeFile {

    /** The docker/ folder, from the launcher module's directory (where Maven runs its tests). */
    static final Path DOCKER_DIR = Path.of("..", "docker");

    private final Map<String, Object> services;

    private ComposeFile(final Map<String, Object> services) {
        this.services = services;
    }

    static ComposeFile read() throws IOException {
        final Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(DOCKER_DIR.resolve("compose.yaml")));
        return new ComposeFile(map(root.get("services"), "services"));
    }

    Set<String> services() {
        return services.keySet();
    }

    /** A service's environment, values as strings. */
    Map<String, String> environment(final String service) {
        final Map<String, String> environment = new LinkedHashMap<>();
        map(service(service).get("environment"), service + ".environment")
                .forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }

    /** A setting of a service's environment as a number. */
    int intSetting(final String service, final String name) {
        final String value = environment(service).get(name);
        if (value == null) {
            throw new IllegalStateException(service + " has no " + name + " in docker/compose.yaml");
        }
        return Integer.parseInt(value);
    }

    /** The command a service runs (the image's entrypoint is {@code bakery}). */
    @SuppressWarnings("unchecked")
    List<String> command(final String service) {
        final Object command = service(service).get("command");
        return command == null ? List.of() : (List<String>) command;
    }

    /** A service's volume mounts as written ({@code source:target[:mode]}). */
    @SuppressWarnings("unchecked")
    List<String> volumes(final String service) {
        final Object volumes = service(service).get("volumes");
        return volumes == null ? List.of() : (List<String>) volumes;
    }

    private Map<String, Object> service(final String name) {
        return map(services.get(name), "services." + name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object node, final String where) {
        if (!(node instanceof Map)) {
            throw new IllegalStateException("docker/compose.yaml: " + where + " is not a mapping");
        }
        return (Map<String, Object>) node;
    }
}
