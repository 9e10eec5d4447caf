package io.bakery.schemas.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a client's delta files are delivered: a local folder, an SFTP server, or an S3-compatible bucket.
 * Secrets (password, secret access key) are written as {@code ${ENV_VAR}} in the file; {@link #toString()}
 * never prints them.
 *
 * @param type folder, sftp or s3
 * @param path folder: the directory files are published into
 * @param host sftp: the server's host name
 * @param port sftp: the server's port, 22 when absent
 * @param user sftp: the login
 * @param password sftp: the password, when no key is used
 * @param privateKeyPath sftp: an OpenSSH private key file, when no password is used
 * @param remoteDir sftp: the directory files are published into; the login directory when absent
 * @param hostKey sftp: the server's pinned host key fingerprint, {@code SHA256:<base64>} as ssh-keygen -l prints
 * @param endpoint s3: the endpoint URL for S3-compatible stores; AWS's regional endpoint when absent
 * @param bucket s3: the bucket
 * @param prefix s3: a key prefix, e.g. {@code exports/piano/}
 * @param region s3: the region, e.g. eu-central-1
 * @param accessKeyId s3: the access key id
 * @param secretAccessKey s3: the secret access key
 */
public record DestinationConfig(
        Type type,
        String path,
        String host,
        Integer port,
        String user,
        String password,
        String privateKeyPath,
        String remoteDir,
        String hostKey,
        String endpoint,
        String bucket,
        String prefix,
        String region,
        String accessKeyId,
        String secretAccessKey) {

    private static final Pattern HOST_KEY = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** The kinds of destination. */
    public enum Type {
        FOLDER,
        SFTP,
        S3;

        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type fromConfigName(final String name) {
            for (final Type type : values()) {
                if (type.name().equalsIgnoreCase(name)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown destination type '" + name + "'; expected folder, sftp or s3");
        }
    }

    public DestinationConfig {
        port = port == null ? Integer.valueOf(22) : port;
    }

    /** A folder destination. */
    public static DestinationConfig folder(final String path) {
        return new DestinationConfig(Type.FOLDER, path, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    void validate(final String field) {
        require(type != null, field + ".type", "is required (folder, sftp or s3)");
        switch (type) {
            case FOLDER -> require(present(path), field + ".path", "is required for a folder destination");
            case SFTP -> {
                require(present(host), field + ".host", "is required for an sftp destination");
                require(port >= 1 && port <= 65535, field + ".port", "must be 1-65535");
                require(present(user), field + ".user", "is required for an sftp destination");
                require(present(password) != present(privateKeyPath), field + ".password",
                        "give exactly one of password and privateKeyPath");
                require(hostKey != null && HOST_KEY.matcher(hostKey).matches(), field + ".hostKey",
                        "must pin the server's key as SHA256:<base64> (ssh-keygen -lf shows it)");
            }
            case S3 -> {
                require(bucket != null && BUCKET.matcher(bucket).matches(), field + ".bucket",
                        "must be a valid bucket name (3-63 lower-case letters, digits, '.' or '-')");
                require(present(region), field + ".region", "is required for an s3 destination");
                require(endpoint == null || endpoint.startsWith("https://") || endpoint.startsWith("http://"),
                        field + ".endpoint", "must be an http(s) URL");
                require(present(accessKeyId) == present(secretAccessKey), field + ".secretAccessKey",
                        "give both accessKeyId and secretAccessKey, or neither (then the AWS default chain)");
                require(prefix == null || !prefix.startsWith("/"), field + ".prefix", "must not start with '/'");
            }
            default -> throw new IllegalStateException("unhandled destination type " + type);
        }
    }

    /** Where files go, without any secret: for logs, audit events and the ledger. */
    public String describe() {
        return switch (type) {
            case FOLDER -> path;
            case SFTP -> "sftp://" + user + "@" + host + ":" + port + "/" + (remoteDir == null ? "" : remoteDir);
            case S3 -> "s3://" + bucket + "/" + (prefix == null ? "" : prefix);
        };
    }

    @Override
    public String toString() {
        return "DestinationConfig[" + (type == null ? "?" : describe())
                + (password == null ? "" : ", password=***")
                + (secretAccessKey == null ? "" : ", secretAccessKey=***") + "]";
    }

    private static boolean present(final String value) {
        return value != null && !value.isBlank();
    }

    private static void require(final boolean condition, final String field, final String problem) {
        if (!condition) {
            throw new ConfigException(field + ": " + problem);
        }
    }
}
