package io.bakery.schemas.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Where and how the gateway fetches a client's CRM exports from the client's own storage: the source (a folder,
 * an SFTP server or an S3-compatible bucket, with the same settings as an export destination), when to look,
 * which files to take, what they hold, and what to do with a file once it is in Kafka.
 *
 * @param source where the files are: folder {@code path}, sftp {@code remoteDir}, s3 {@code prefix}
 * @param schedule when to look, see {@link PullSchedule}; every 10 minutes when absent
 * @param filePattern a glob on the file name, e.g. {@code crm_*.csv.gz}; every file when absent. Reports
 *     ({@code *.report.json}) and hidden files (a leading dot, as uploads in progress often are) never match
 * @param content {@code hashed} (the upload API's CSV of SHA-256 columns; the default) or {@code plaintext}
 *     (hashed on read with normalization spec v1, never stored)
 * @param columns plaintext only: the header name of a field the header does not name in a recognized way, by
 *     field ({@code record_id}, {@code email}, {@code phone}, {@code country}, {@code postcode},
 *     {@code house_number}, {@code addition})
 * @param mode {@code add} (the default), {@code remove}, {@code replace-all}, or {@code by-file-name}: the name
 *     starts with the mode and {@code _}, e.g. {@code replace-all_2024-03-12.csv}
 * @param pgpKeys secret keys for files encrypted with OpenPGP (names ending in {@code .pgp}, {@code .gpg} or
 *     {@code .asc}); several for key rotation
 * @param afterSuccess {@code keep} (the default; the ledger remembers it), {@code delete}, or {@code move} to a
 *     {@code processed/} folder next to it
 */
public record PullConfig(
        DestinationConfig source,
        String schedule,
        String filePattern,
        Content content,
        Map<String, String> columns,
        String mode,
        List<PgpKeyConfig> pgpKeys,
        AfterSuccess afterSuccess) {

    /** The modes a pull can have; the first three are the upload API's {@code mode} values. */
    public static final Set<String> MODES = Set.of("add", "remove", "replace-all", "by-file-name");
    /** The mode that takes the upload mode from the start of the file name. */
    public static final String MODE_BY_FILE_NAME = "by-file-name";
    /** The plaintext fields a column may be named for. */
    public static final Set<String> COLUMN_FIELDS =
            Set.of("record_id", "email", "phone", "country", "postcode", "house_number", "addition");

    /** What the files hold. */
    public enum Content {
        HASHED,
        PLAINTEXT;

        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Content fromConfigName(final String name) {
            for (final Content content : values()) {
                if (content.name().equalsIgnoreCase(name)) {
                    return content;
                }
            }
            throw new IllegalArgumentException("unknown content '" + name + "'; expected hashed or plaintext");
        }
    }

    /** What happens to a source file once its rows are committed. */
    public enum AfterSuccess {
        KEEP,
        DELETE,
        MOVE;

        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static AfterSuccess fromConfigName(final String name) {
            for (final AfterSuccess action : values()) {
                if (action.name().equalsIgnoreCase(name)) {
                    return action;
                }
            }
            throw new IllegalArgumentException("unknown afterSuccess '" + name + "'; expected keep, delete or move");
        }
    }

    public PullConfig {
        filePattern = filePattern == null || filePattern.isBlank() ? "*" : filePattern;
        content = content == null ? Content.HASHED : content;
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        mode = mode == null ? "add" : mode;
        pgpKeys = pgpKeys == null ? List.of() : List.copyOf(pgpKeys);
        afterSuccess = afterSuccess == null ? AfterSuccess.KEEP : afterSuccess;
    }

    /** The parsed schedule (valid once the configuration is validated). */
    public PullSchedule parsedSchedule() {
        return PullSchedule.parse(schedule);
    }

    void validate(final String field) {
        require(source != null, field + ".source", "is required (a folder, sftp or s3 source)");
        source.validate(field + ".source");
        try {
            PullSchedule.parse(schedule);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(field + ".schedule: " + e.getMessage());
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + filePattern);
        } catch (final PatternSyntaxException e) {
            throw new ConfigException(field + ".filePattern: not a valid glob: " + e.getDescription());
        }
        require(!filePattern.contains("/"), field + ".filePattern", "matches file names only, without '/'");
        require(MODES.contains(mode), field + ".mode", "must be one of add, remove, replace-all, by-file-name");
        for (final Map.Entry<String, String> column : columns.entrySet()) {
            require(COLUMN_FIELDS.contains(column.getKey()), field + ".columns." + column.getKey(),
                    "is not a plaintext field; expected one of " + COLUMN_FIELDS);
            require(column.getValue() != null && !column.getValue().isBlank(), field + ".columns." + column.getKey(),
                    "must name a header");
        }
        require(columns.isEmpty() || content == Content.PLAINTEXT, field + ".columns",
                "only applies to plaintext content");
        for (int i = 0; i < pgpKeys.size(); i++) {
            final PgpKeyConfig key = pgpKeys.get(i);
            require(key != null && key.path() != null && !key.path().isBlank(), field + ".pgpKeys[" + i + "].path",
                    "is required: the secret key file");
        }
    }

    private static void require(final boolean condition, final String field, final String problem) {
        if (!condition) {
            throw new ConfigException(field + ": " + problem);
        }
    }
}
