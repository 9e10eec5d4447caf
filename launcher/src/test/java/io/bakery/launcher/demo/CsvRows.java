package io.bakery.launcher.demo;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads a CSV file (gzipped when its name ends {@code .gz}) into rows keyed by the header's column names. */
final class CsvRows {

    private CsvRows() {}

    static List<Map<String, String>> read(final Path file, final char separator) throws IOException {
        final CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(separator);
        try (InputStream in = open(file);
                MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                        .with(schema).readValues(in)) {
            return rows.readAll();
        }
    }

    /** The file's bytes, gunzipped when its name says it is gzip. */
    static InputStream open(final Path file) throws IOException {
        final InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }
}
