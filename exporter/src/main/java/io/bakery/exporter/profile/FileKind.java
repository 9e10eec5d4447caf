package io.bakery.exporter.profile;

/** The file syntax of a delta file. */
public enum FileKind {
    /** Delimited text, RFC 4180 quoting, LF line ends, UTF-8 without BOM. */
    CSV,
    /** One JSON object per line (Mediarithmics' user identifiers association declarations). */
    NDJSON
}
