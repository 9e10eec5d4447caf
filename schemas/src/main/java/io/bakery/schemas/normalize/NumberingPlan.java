package io.bakery.schemas.normalize;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What libphonenumber's parser reads from one region's metadata (country calling code, international and national
 * prefixes, the general national number pattern and possible lengths), with the patterns compiled once, for
 * {@link DigitsPhoneParser}. Each method answers the question one step of libphonenumber's parsing asks, the way
 * that step answers it, for a number that is digits only.
 */
final class NumberingPlan {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /**
     * The metadata {@code PhoneNumberUtil.getInstance()} reads (its getters for it are not public): the same files,
     * through the same loader and parser, from libphonenumber's default provider. {@link NumberValidity} reads it too.
     */
    static final MetadataSource METADATA =
            DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    /** libphonenumber's region code of the non-geographical calling codes (800, 808, 870, ...). */
    private static final String NON_GEOGRAPHICAL = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY;
    private static final ConcurrentMap<String, NumberingPlan> BY_REGION = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Integer, NumberingPlan> BY_CALLING_CODE = new ConcurrentHashMap<>();

    private final int countryCode;
    private final String countryCodeDigits;
    private final LeadingDigits internationalPrefix;
    /** Null when the region has no national prefix for parsing. */
    private final LeadingDigits nationalPrefix;
    private final String nationalPrefixTransformRule;
    /** Null when the general pattern is empty, which libphonenumber's matcher treats as matching nothing. */
    private final Pattern nationalNumber;
    private final int[] possibleLengths;
    private final int[] localOnlyLengths;

    private NumberingPlan(final PhoneMetadata metadata) {
        this.countryCode = metadata.getCountryCode();
        this.countryCodeDigits = String.valueOf(countryCode);
        this.internationalPrefix = new LeadingDigits(metadata.getInternationalPrefix());
        final String nationalPrefixForParsing = metadata.getNationalPrefixForParsing();
        this.nationalPrefix = nationalPrefixForParsing.isEmpty() ? null : new LeadingDigits(nationalPrefixForParsing);
        final String transformRule = metadata.getNationalPrefixTransformRule();
        this.nationalPrefixTransformRule = transformRule == null ? "" : transformRule;
        final String generalPattern = metadata.getGeneralDesc().getNationalNumberPattern();
        this.nationalNumber = generalPattern.isEmpty() ? null : Pattern.compile(generalPattern);
        this.possibleLengths = toArray(metadata.getGeneralDesc().getPossibleLengthList());
        this.localOnlyLengths = toArray(metadata.getGeneralDesc().getPossibleLengthLocalOnlyList());
    }

    /**
     * The plan of a region libphonenumber supports, or null when there is none this class can be sure of: the region
     * is not supported, has no metadata, or no possible lengths (libphonenumber would fail on reading the first).
     */
    static NumberingPlan ofRegion(final String region) {
        if (!PHONES.getSupportedRegions().contains(region)) {
            return null;
        }
        return BY_REGION.computeIfAbsent(region, r -> of(METADATA.getMetadataForRegion(r)));
    }

    /**
     * The plan parsing uses for a number with this calling code: its main region's, or the non-geographical entity's;
     * null as for {@link #ofRegion}.
     */
    static NumberingPlan ofCallingCode(final int callingCode) {
        return BY_CALLING_CODE.computeIfAbsent(callingCode, code -> {
            final String region = PHONES.getRegionCodeForCountryCode(code);
            if (NON_GEOGRAPHICAL.equals(region)) {
                return of(METADATA.getMetadataForNonGeographicalRegion(code));
            }
            return PHONES.getSupportedRegions().contains(region) ? of(METADATA.getMetadataForRegion(region)) : null;
        });
    }

    private static NumberingPlan of(final PhoneMetadata metadata) {
        return metadata == null || metadata.getGeneralDesc().getPossibleLengthCount() == 0 ? null
                : new NumberingPlan(metadata);
    }

    int countryCode() {
        return countryCode;
    }

    /** Whether {@code digits} start with this region's country calling code. */
    boolean startsWithCountryCode(final String digits) {
        return digits.startsWith(countryCodeDigits);
    }

    /** {@code digits} after this region's country calling code; only when they start with it. */
    String afterCountryCode(final String digits) {
        return digits.substring(countryCodeDigits.length());
    }

    /**
     * Where the number starts after this region's international (IDD) prefix, or -1 when {@code digits} do not start
     * with one. As in libphonenumber, a prefix followed by a 0 is no prefix: calling codes never start with 0.
     */
    int afterInternationalPrefix(final String digits) {
        final int end = internationalPrefix.end(digits);
        return end < 0 || (end < digits.length() && digits.charAt(end) == '0') ? -1 : end;
    }

    /**
     * {@code digits} without the national prefix (and carrier code) this region's rule finds at their start, or
     * {@code digits} unchanged when there is none, or when taking it off would turn a number that matches the
     * general pattern into one that does not. A transform rule, where the region has one and the prefix captured
     * something, rewrites the start instead of dropping it.
     */
    String withoutNationalPrefix(final String digits) {
        if (nationalPrefix == null || digits.isEmpty()) {
            return digits;
        }
        final String candidate = nationalPrefix.strip(digits, nationalPrefixTransformRule);
        if (candidate == null) {
            return digits;
        }
        return !isNationalNumber(candidate) && isNationalNumber(digits) ? digits : candidate;
    }

    /** Whether the whole of {@code digits} matches the region's general national number pattern. */
    boolean isNationalNumber(final CharSequence digits) {
        return nationalNumber != null && nationalNumber.matcher(digits).matches();
    }

    /**
     * libphonenumber's length test of a national number against the region's general possible lengths: the local-only
     * lengths first, then the shortest, the longest and the others. It reads the lengths as the metadata lists them
     * (shortest first), so this does too.
     */
    ValidationResult testLength(final int length) {
        if (possibleLengths[0] == -1) {
            return ValidationResult.INVALID_LENGTH;
        }
        if (contains(localOnlyLengths, 0, length)) {
            return ValidationResult.IS_POSSIBLE_LOCAL_ONLY;
        }
        final int shortest = possibleLengths[0];
        if (shortest == length) {
            return ValidationResult.IS_POSSIBLE;
        }
        if (shortest > length) {
            return ValidationResult.TOO_SHORT;
        }
        if (possibleLengths[possibleLengths.length - 1] < length) {
            return ValidationResult.TOO_LONG;
        }
        return contains(possibleLengths, 1, length) ? ValidationResult.IS_POSSIBLE : ValidationResult.INVALID_LENGTH;
    }

    private static boolean contains(final int[] values, final int from, final int value) {
        for (int i = from; i < values.length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static int[] toArray(final List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A metadata pattern that libphonenumber matches at the start of a number (an IDD or national prefix). Most are
     * plain digits ("00", "0"), for which a prefix comparison is exactly the regular expression's answer and much
     * cheaper; the others are matched as libphonenumber matches them.
     */
    private static final class LeadingDigits {

        /** The prefix when the pattern is plain digits, else null. */
        private final String literal;
        private final Pattern pattern;

        LeadingDigits(final String regex) {
            this.literal = !regex.isEmpty() && regex.chars().allMatch(c -> c >= '0' && c <= '9') ? regex : null;
            this.pattern = Pattern.compile(regex);
        }

        /** The end of the pattern's match at the start of {@code digits}, or -1 when it does not match there. */
        int end(final String digits) {
            if (literal != null) {
                return digits.startsWith(literal) ? literal.length() : -1;
            }
            final Matcher matcher = pattern.matcher(digits);
            return matcher.lookingAt() ? matcher.end() : -1;
        }

        /**
         * {@code digits} with the match at their start taken off, or rewritten by {@code transformRule} when there is
         * one and the pattern's last group captured something (libphonenumber's rule: it then replaces the first
         * match); null when the pattern does not match at the start.
         */
        String strip(final String digits, final String transformRule) {
            if (literal != null && transformRule.isEmpty()) {
                return digits.startsWith(literal) ? digits.substring(literal.length()) : null;
            }
            final Matcher matcher = pattern.matcher(digits);
            if (!matcher.lookingAt()) {
                return null;
            }
            if (transformRule.isEmpty() || matcher.group(matcher.groupCount()) == null) {
                return digits.substring(matcher.end());
            }
            return matcher.replaceFirst(transformRule);
        }
    }
}
