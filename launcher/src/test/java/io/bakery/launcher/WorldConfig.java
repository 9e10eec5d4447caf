package io.bakery.launcher;

import io.bakery.launcher.SmallWorld.CookieIdShape;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.normalize.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Bakery configuration the small-world deployments run with: three clients, one per DMP (with the world's
 * partner values and cookie shapes), each with an upload/read API key, and an admin key. A test may give each
 * client an {@code export:} block, e.g. to deliver to its own SFTP server.
 */
public final class WorldConfig {

    /** The operator's key (admin and read scopes). */
    public static final String ADMIN_KEY = "it-admin-key";

    /** The clients, as the world uses them. */
    public static final List<SmallWorld.Client> CLIENTS = List.of(
            new SmallWorld.Client("acme", "acme-tealium", CookieIdShape.HEX32),
            new SmallWorld.Client("wayne", "wayne-piano", CookieIdShape.LOWER_ALNUM16),
            new SmallWorld.Client("globex", "globex-selligent", CookieIdShape.TOKEN));

    /** Per client id: its DMP, time zone and phone country, in the order of {@link #CLIENTS}. */
    private static final Map<String, List<String>> SETTINGS = Map.of(
            "acme", List.of("tealium", "Europe/Amsterdam", "NL"),
            "wayne", List.of("piano", "Europe/Berlin", "DE"),
            "globex", List.of("selligent", "America/New_York", "US"));

    private WorldConfig() {}

    /** A client's upload/read API key. */
    public static String clientKey(final String clientId) {
        return "it-" + clientId + "-key";
    }

    /** The configuration's YAML, files delivered to the exporter's own folder. */
    public static String yaml() {
        return yaml(clientId -> "");
    }

    /**
     * The configuration's YAML.
     *
     * @param exportBlock per client id, the lines of its {@code export:} block indented by four spaces, or ""
     */
    public static String yaml(final Function<String, String> exportBlock) {
        final StringBuilder yaml = new StringBuilder("""
                cookie:
                  domain: null
                  signingKeys:
                    - id: it1
                      secret: multi-node-it-cookie-signing-secret-0123456789
                consent:
                  vendorId: 1234
                  storeWhenGdprUnknown: true
                adminKeys:
                  - id: it-admin
                    sha256: %s
                    scopes: [admin, read]
                clients:
                """.formatted(Sha256.hex(ADMIN_KEY)));
        for (final SmallWorld.Client client : CLIENTS) {
            final List<String> settings = SETTINGS.get(client.id());
            yaml.append("""
                      - id: %1$s
                        dmp: %2$s
                        partners: [%3$s]
                        timeZone: %4$s
                        phoneCountry: %5$s
                        apiKeys: [{id: %1$s-it, sha256: %6$s, scopes: [upload, read]}]
                    """.formatted(client.id(), settings.get(0), client.partner(), settings.get(1), settings.get(2),
                    Sha256.hex(clientKey(client.id()))));
            yaml.append(exportBlock.apply(client.id()));
        }
        return yaml.toString();
    }

    /** The configuration model of {@link #yaml()}. */
    public static BakeryConfig model() {
        return BakeryConfig.parse(yaml(), Map.of());
    }

    /** Writes YAML to {@code bakery.yaml} in a folder, for a command run in a child JVM. */
    public static Path write(final Path dir, final String yaml) throws IOException {
        return Files.writeString(Files.createDirectories(dir).resolve("bakery.yaml"), yaml);
    }
}
