package io.bakery.exporter.profile;

/** When CSV values are double-quoted. Quotes inside a quoted value are doubled either way. */
public enum Quoting {
    /** Only values containing the delimiter, a quote or a line break. */
    MINIMAL,
    /** Every data value (Tealium recommends it). Header names stay bare. */
    ALL
}
