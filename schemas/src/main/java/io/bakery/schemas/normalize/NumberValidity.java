package io.bakery.schemas.normalize;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * libphonenumber's {@code isValidNumber(number)} (version 9.0.43) for the numbers of one country calling code, on the
 * same metadata with every pattern compiled once, without the steps that only find their way to it (a synchronized
 * pattern cache, boxed length lists, the metadata looked up again for each question). libphonenumber takes these steps:
 * <ol>
 * <li>the region of the number: none for a calling code it does not know (invalid); the only region of the code (the
 * non-geographical entity "001" for 800, 808, 870, ...); else, of the regions sharing the code (+1, +7, +44, ...) in
 * its order, the first whose leading digits the national significant number starts with, or that has none and finds a
 * type for the number (none found: invalid);</li>
 * <li>that region's metadata (the entity's for "001"), whose calling code must be the number's, except for "001";</li>
 * <li>valid when the region finds a type for the number ({@link RegionNumberTypes#hasType}).</li>
 * </ol>
 * A region picked because it found a type is valid without asking again. Where this class cannot read the metadata the
 * same way it leaves the number to libphonenumber.
 */
final class NumberValidity {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** The metadata {@code PhoneNumberUtil.getInstance()} reads (see {@link NumberingPlan#METADATA}). */
    private static final MetadataSource METADATA = NumberingPlan.METADATA;
    private static final String NON_GEOGRAPHICAL = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY;
    /** Empty for a calling code whose metadata this class cannot read the same way. */
    private static final ConcurrentMap<Integer, Optional<NumberValidity>> BY_CALLING_CODE = new ConcurrentHashMap<>();

    private final int countryCode;
    /** The code's regions in libphonenumber's order; empty for an unknown code. */
    private final RegionNumberTypes[] regions;
    /** False for the non-geographical entity, whose metadata libphonenumber looks up by the number's calling code. */
    private final boolean checksCountryCode;

    private NumberValidity(final int countryCode, final RegionNumberTypes[] regions,
            final boolean checksCountryCode) {
        this.countryCode = countryCode;
        this.regions = regions;
        this.checksCountryCode = checksCountryCode;
    }

    /**
     * Whether libphonenumber's {@code isValidNumber} finds {@code number} valid; {@code nsn} is its national
     * significant number ({@code getNationalSignificantNumber}).
     */
    static boolean isValid(final PhoneNumber number, final String nsn) {
        final Optional<NumberValidity> validity = forCallingCode(number.getCountryCode());
        return validity.isPresent() && nsn.length() <= NumberDescription.MAX_LENGTH ? validity.get().isValid(nsn)
                : PHONES.isValidNumber(number);
    }

    /** Whether this class answers for every number of {@code countryCode} without libphonenumber. */
    static boolean answersFor(final int countryCode) {
        return forCallingCode(countryCode).isPresent();
    }

    private static Optional<NumberValidity> forCallingCode(final int countryCode) {
        final Optional<NumberValidity> known = BY_CALLING_CODE.get(countryCode);
        return known != null ? known : BY_CALLING_CODE.computeIfAbsent(countryCode, NumberValidity::of);
    }

    private boolean isValid(final String nsn) {
        if (regions.length == 1) {
            return countryCodeMatches(regions[0]) && regions[0].hasType(nsn);
        }
        for (final RegionNumberTypes region : regions) {
            if (region.hasLeadingDigits()) {
                if (region.startsWithLeadingDigits(nsn)) {
                    return countryCodeMatches(region) && region.hasType(nsn);
                }
            } else if (region.hasType(nsn)) {
                return countryCodeMatches(region);
            }
        }
        return false;
    }

    private boolean countryCodeMatches(final RegionNumberTypes region) {
        return !checksCountryCode || region.countryCode() == countryCode;
    }

    private static Optional<NumberValidity> of(final int countryCode) {
        final List<String> regionCodes = PHONES.getRegionCodesForCountryCode(countryCode);
        if (regionCodes.size() == 1 && NON_GEOGRAPHICAL.equals(regionCodes.get(0))) {
            // libphonenumber has no metadata for such a code: every number of it is invalid.
            if (!PHONES.getSupportedGlobalNetworkCallingCodes().contains(countryCode)) {
                return Optional.of(new NumberValidity(countryCode, new RegionNumberTypes[0], false));
            }
            final PhoneMetadata entity = METADATA.getMetadataForNonGeographicalRegion(countryCode);
            return forRegions(countryCode, Arrays.asList(entity), false);
        }
        final PhoneMetadata[] metadata = new PhoneMetadata[regionCodes.size()];
        for (int i = 0; i < metadata.length; i++) {
            // A region without metadata makes libphonenumber fail or answer in ways not worth copying.
            if (!PHONES.getSupportedRegions().contains(regionCodes.get(i))) {
                return Optional.empty();
            }
            metadata[i] = METADATA.getMetadataForRegion(regionCodes.get(i));
        }
        return forRegions(countryCode, Arrays.asList(metadata), true);
    }

    private static Optional<NumberValidity> forRegions(final int countryCode, final List<PhoneMetadata> metadata,
            final boolean checksCountryCode) {
        final RegionNumberTypes[] regions = new RegionNumberTypes[metadata.size()];
        for (int i = 0; i < regions.length; i++) {
            regions[i] = metadata.get(i) == null ? null : RegionNumberTypes.of(metadata.get(i));
            if (regions[i] == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new NumberValidity(countryCode, regions, checksCountryCode));
    }
}
