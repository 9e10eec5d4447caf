package io.bakery.gateway.crm.hash;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which column of a plaintext CSV holds which {@link PlaintextField}: recognized from the header names, or as the
 * caller says for a field ({@code --column email="E-mail adres"}). Other columns are ignored and never read.
 */
public final class PlaintextColumns {

    private final Map<PlaintextField, Integer> columns;
    private final List<Integer> ignored;
    private final int width;

    private PlaintextColumns(final Map<PlaintextField, Integer> columns, final List<Integer> ignored,
                             final int width) {
        this.columns = columns;
        this.ignored = ignored;
        this.width = width;
    }

    /**
     * Maps a header row. Needs a record id and at least one identifier column; an address needs its postcode and
     * house number columns. Errors name fields and column numbers only, never a header cell.
     *
     * @param header the header row's cells
     * @param named header names given by the caller for some fields (exact, case-insensitive)
     */
    public static PlaintextColumns of(final List<String> header, final Map<PlaintextField, String> named) {
        final Map<PlaintextField, Integer> columns = new EnumMap<>(PlaintextField.class);
        final List<Integer> ignored = new ArrayList<>();
        for (final Map.Entry<PlaintextField, String> entry : named.entrySet()) {
            final int column = indexOf(header, entry.getValue());
            if (column < 0) {
                throw new UnusableInputException("no column is named '" + entry.getValue() + "' (given for "
                        + entry.getKey().key() + ")");
            }
            columns.put(entry.getKey(), column);
        }
        for (int i = 0; i < header.size(); i++) {
            if (columns.containsValue(i)) {
                continue;
            }
            PlaintextField match = null;
            for (final PlaintextField field : PlaintextField.values()) {
                if (!named.containsKey(field) && field.recognizes(header.get(i))) {
                    match = field;
                }
            }
            if (match == null) {
                ignored.add(i);
            } else if (columns.containsKey(match)) {
                throw new UnusableInputException("columns " + (columns.get(match) + 1) + " and " + (i + 1)
                        + " both look like " + match.key() + "; name the one to use with --column "
                        + match.key() + "=<header>");
            } else {
                columns.put(match, i);
            }
        }
        final PlaintextColumns mapped = new PlaintextColumns(columns, List.copyOf(ignored), header.size());
        mapped.check();
        return mapped;
    }

    private void check() {
        if (!has(PlaintextField.RECORD_ID)) {
            throw new UnusableInputException("no record id column: name one record_id (or id, customer_id, "
                    + "contact_id), or use --column record_id=<header>; the first row must be a header row");
        }
        final boolean address = has(PlaintextField.POSTCODE) || has(PlaintextField.HOUSE_NUMBER)
                || has(PlaintextField.ADDITION);
        if (address && !(has(PlaintextField.POSTCODE) && has(PlaintextField.HOUSE_NUMBER))) {
            throw new UnusableInputException("an address needs both a postcode and a house_number column");
        }
        if (!has(PlaintextField.EMAIL) && !has(PlaintextField.PHONE) && !address) {
            throw new UnusableInputException("no identifier column: need email, phone, or postcode and "
                    + "house_number");
        }
    }

    /** Whether the input has a column for {@code field}. */
    public boolean has(final PlaintextField field) {
        return columns.containsKey(field);
    }

    /** Whether the input has address columns (postcode and house number at least). */
    public boolean hasAddress() {
        return has(PlaintextField.POSTCODE);
    }

    /** The cell of {@code field} in a row, or null when the input has no such column. */
    public String cell(final List<String> row, final PlaintextField field) {
        final Integer column = columns.get(field);
        return column == null ? null : row.get(column);
    }

    /** The 0-based column of each mapped field. */
    public Map<PlaintextField, Integer> mapped() {
        return Map.copyOf(columns);
    }

    /** The 0-based columns that are not read. */
    public List<Integer> ignored() {
        return ignored;
    }

    /** How many columns the header has; every row must have as many. */
    public int width() {
        return width;
    }

    private static int indexOf(final List<String> header, final String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equalsIgnoreCase(name.strip())) {
                return i;
            }
        }
        return -1;
    }
}
