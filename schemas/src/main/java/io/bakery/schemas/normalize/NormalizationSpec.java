package io.bakery.schemas.normalize;

/**
 * The version of the normalization spec this package implements ({@code schemas/NORMALIZATION.md}). Every stored
 * hash carries it: a rule change is a new version, never an edit of this one.
 */
public final class NormalizationSpec {

    /** The spec version implemented here. */
    public static final int VERSION = 1;

    /** The classpath resource holding the conformance vectors shared with the web page. */
    public static final String VECTORS_RESOURCE = "/normalization/vectors-v1.json";

    private NormalizationSpec() {}
}
