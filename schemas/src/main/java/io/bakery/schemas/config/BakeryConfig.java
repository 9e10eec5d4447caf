package io.bakery.schemas.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one configuration file every component reads: clients, their partners and keys, cookie and consent rules.
 * Secrets are written as {@code ${ENV_VAR}} and taken from the environment, so the file itself can be committed.
 * Parsed and validated once at start; a problem names the field, e.g. {@code clients[2].timeZone}.
 */
public record BakeryConfig(
        CookieConfig cookie,
        ConsentConfig consent,
        List<ClientConfig> clients,
        List<ApiKeyConfig> adminKeys,
        CorsConfig cors,
        RateLimitConfig rateLimit) {

    /** {@code ${NAME}}, except {@code ${BAKERY_ID}}: the callback URL's placeholder for the gateway to fill in. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(?!BAKERY_ID})([A-Z0-9_]+)}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    @com.fasterxml.jackson.annotation.JsonCreator
    public BakeryConfig {
        cookie = cookie == null ? new CookieConfig(null, List.of()) : cookie;
        consent = consent == null ? new ConsentConfig(null, null) : consent;
        clients = clients == null ? List.of() : List.copyOf(clients);
        adminKeys = adminKeys == null ? List.of() : List.copyOf(adminKeys);
        cors = cors == null ? CorsConfig.none() : cors;
        // rateLimit stays null when absent: the pixel endpoints are not limited.
    }

    /** A configuration without CORS origins and without a pixel rate limit (the shape before those existed). */
    public BakeryConfig(final CookieConfig cookie, final ConsentConfig consent, final List<ClientConfig> clients,
                        final List<ApiKeyConfig> adminKeys) {
        this(cookie, consent, clients, adminKeys, null, null);
    }

    /** The pixel endpoints' per-IP rate limit, if configured. */
    public Optional<RateLimitConfig> pixelRateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** Reads, substitutes and validates the file at {@code path}. */
    public static BakeryConfig load(final Path path, final Map<String, String> environment) {
        final String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage(), e);
        }
        try {
            return parse(text, environment);
        } catch (final ConfigException e) {
            throw new ConfigException(path + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates YAML text; {@code ${NAME}} in a value is taken from {@code environment}. */
    public static BakeryConfig parse(final String yaml, final Map<String, String> environment) {
        final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        final BakeryConfig config;
        try {
            final JsonNode tree = mapper.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ConfigException("the configuration is empty");
            }
            // Substituted in parsed values only, so comments may mention ${...} freely.
            config = mapper.treeToValue(substitute(tree, "", environment), BakeryConfig.class);
        } catch (final JsonMappingException e) {
            throw new ConfigException(fieldPath(e) + ": " + e.getOriginalMessage(), e);
        } catch (final JsonProcessingException e) {
            throw new ConfigException("not valid YAML: " + e.getOriginalMessage(), e);
        }
        config.validate();
        return config;
    }

    /** The client whose pixels send {@code partner}, if any. */
    public Optional<ClientConfig> clientForPartner(final String partner) {
        for (final ClientConfig client : clients) {
            if (client.partners().contains(partner)) {
                return Optional.of(client);
            }
        }
        return Optional.empty();
    }

    /** The client with id {@code clientId}, if configured. */
    public Optional<ClientConfig> client(final String clientId) {
        return clients.stream().filter(c -> c.id().equals(clientId)).findFirst();
    }

    private static JsonNode substitute(final JsonNode node, final String path, final Map<String, String> environment) {
        if (node.isTextual()) {
            final Matcher matcher = ENV_REFERENCE.matcher(node.textValue());
            final StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                final String value = environment.get(matcher.group(1));
                if (value == null) {
                    throw new ConfigException(path + ": environment variable " + matcher.group(1)
                            + " is referenced but not set");
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isObject()) {
            final ObjectNode object = (ObjectNode) node;
            final List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (final String name : names) {
                object.set(name, substitute(object.get(name), path.isEmpty() ? name : path + "." + name, environment));
            }
        } else if (node.isArray()) {
            final ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), path + "[" + i + "]", environment));
            }
        }
        return node;
    }

    private static String fieldPath(final JsonMappingException e) {
        final StringBuilder path = new StringBuilder();
        for (final JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "configuration" : path.toString();
    }

    private void validate() {
        final List<CookieConfig.SigningKey> keys = cookie.signingKeys();
        final Set<String> keyIds = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            final CookieConfig.SigningKey key = keys.get(i);
            final String field = "cookie.signingKeys[" + i + "]";
            require(key.id() != null && key.id().matches("[A-Za-z0-9]{1,8}"), field + ".id",
                    "must be 1-8 letters or digits");
            require(keyIds.add(key.id()), field + ".id", "duplicate key id '" + key.id() + "'");
            require(key.secret() != null && key.secret().getBytes(StandardCharsets.UTF_8).length >= 32,
                    field + ".secret", "must be at least 32 bytes");
        }
        final Map<String, String> partnerOwners = new HashMap<>();
        final Set<String> clientIds = new HashSet<>();
        final Set<String> apiKeyIds = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            final ClientConfig client = clients.get(i);
            final String field = "clients[" + i + "]";
            require(client.id() != null && CLIENT_ID.matcher(client.id()).matches(), field + ".id",
                    "must be 1-64 lower-case letters, digits, '-' or '_'");
            require(clientIds.add(client.id()), field + ".id", "duplicate client id '" + client.id() + "'");
            require(client.dmp() != null, field + ".dmp", "is required");
            require(!client.partners().isEmpty(), field + ".partners", "needs at least one partner value");
            for (final String partner : client.partners()) {
                final String owner = partnerOwners.putIfAbsent(partner, client.id());
                require(owner == null, field + ".partners",
                        "partner '" + partner + "' already belongs to client '" + owner + "'");
            }
            try {
                ZoneId.of(client.timeZone());
            } catch (final DateTimeException e) {
                throw new ConfigException(field + ".timeZone: unknown time zone '" + client.timeZone() + "'");
            }
            require(client.phoneCountry() == null || client.phoneCountry().matches("[A-Z]{2}"),
                    field + ".phoneCountry", "must be an ISO 3166 alpha-2 code such as NL");
            require(client.callbackUrl() == null || client.callbackUrl().startsWith("https://"),
                    field + ".callbackUrl", "must be an https URL");
            validateKeys(client.apiKeys(), field + ".apiKeys", apiKeyIds);
            if (client.export() != null) {
                client.export().validate(field + ".export");
            }
            if (client.pull() != null) {
                client.pull().validate(field + ".pull");
            }
        }
        validateKeys(adminKeys, "adminKeys", apiKeyIds);
        cors.validate("cors");
        if (rateLimit != null) {
            rateLimit.validate("rateLimit");
        }
    }

    private static void validateKeys(final List<ApiKeyConfig> keys, final String field, final Set<String> ids) {
        for (int i = 0; i < keys.size(); i++) {
            final ApiKeyConfig key = keys.get(i);
            final String keyField = field + "[" + i + "]";
            require(key.id() != null && !key.id().isBlank(), keyField + ".id", "is required");
            require(ids.add(key.id()), keyField + ".id", "duplicate API key id '" + key.id() + "'");
            require(key.sha256() != null && SHA256_HEX.matcher(key.sha256()).matches(), keyField + ".sha256",
                    "must be the key's SHA-256 as 64 lower-case hex characters");
            require(!key.scopes().isEmpty(), keyField + ".scopes", "needs at least one scope");
        }
    }

    private static void require(final boolean condition, final String field, final String problem) {
        if (!condition) {
            throw new ConfigException(field + ": " + problem);
        }
    }
}
