package io.bakery.gateway.crm.hash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bakery.schemas.normalize.NormalizationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code bakery hash} did with a file: rows read, rows written, rejected rows per reason with their first
 * row numbers. Counts, row and column numbers only: never a value of the input.
 */
public final class HashReport {

    /** How many row numbers are listed per reason (the upload API lists as many). */
    public static final int SAMPLE_ROWS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> rejectedCounts = new TreeMap<>();
    private final Map<String, List<Long>> rejectedRows = new TreeMap<>();
    private final Map<String, Integer> columns = new TreeMap<>();
    private final List<Integer> ignoredColumns = new ArrayList<>();
    private String defaultCountry;
    private long rows;
    private long written;

    void columns(final PlaintextColumns mapped, final String country) {
        mapped.mapped().forEach((field, column) -> columns.put(field.key(), column + 1));
        mapped.ignored().forEach(column -> ignoredColumns.add(column + 1));
        this.defaultCountry = country;
    }

    void wrote() {
        rows++;
        written++;
    }

    void rejected(final long rowNumber, final Enum<?> reason) {
        rows++;
        rejectedCounts.merge(reason.name(), 1L, Long::sum);
        final List<Long> sample = rejectedRows.computeIfAbsent(reason.name(), r -> new ArrayList<>());
        if (sample.size() < SAMPLE_ROWS) {
            sample.add(rowNumber);
        }
    }

    /** Data rows read (the header not counted). */
    public long rows() {
        return rows;
    }

    /** Rows written to the hashed file. */
    public long written() {
        return written;
    }

    /** Rows not written. */
    public long rejected() {
        return rows - written;
    }

    /** Rejected rows per reason. */
    public Map<String, Long> rejectedCounts() {
        return Map.copyOf(rejectedCounts);
    }

    /** The first {@link #SAMPLE_ROWS} row numbers (header = row 1) rejected for {@code reason}. */
    public List<Long> rejectedRows(final String reason) {
        return List.copyOf(rejectedRows.getOrDefault(reason, List.of()));
    }

    /** The report as indented JSON text, for people and files. */
    public String toJsonText() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson());
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers and names always serializes", e);
        }
    }

    /** The report as JSON. */
    public ObjectNode toJson() {
        final ObjectNode node = JSON.createObjectNode();
        node.put("specVersion", NormalizationSpec.VERSION);
        if (defaultCountry != null) {
            node.put("defaultCountry", defaultCountry);
        }
        final ObjectNode mapped = node.putObject("columns");
        columns.forEach(mapped::put);
        ignoredColumns.forEach(node.putArray("ignoredColumns")::add);
        node.put("rows", rows);
        node.put("written", written);
        node.put("rejected", rows - written);
        final ObjectNode byReason = node.putObject("rejectedByReason");
        rejectedCounts.forEach((reason, count) -> {
            final ObjectNode entry = byReason.putObject(reason);
            entry.put("count", count);
            rejectedRows.get(reason).forEach(entry.putArray("rows")::add);
        });
        return node;
    }
}
