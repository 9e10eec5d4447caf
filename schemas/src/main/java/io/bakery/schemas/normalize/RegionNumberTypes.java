package io.bakery.schemas.normalize;

import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What libphonenumber's validation reads from one region's (or non-geographical entity's) metadata: its country
 * calling code, its leading digits, and its general and number type descriptions, compiled once.
 *
 * <p>{@link #hasType} is libphonenumber's {@code getNumberTypeHelper(nsn, metadata) != UNKNOWN} (version 9.0.43).
 * That method tests the general description, then premium rate, toll free, shared cost, VoIP, personal number, pager,
 * UAN, voicemail, fixed line and mobile in turn and names the first that matches; a number has a type when the general
 * description and any one of those match, so the order does not change the yes or no, and this class tests the
 * common types (mobile, fixed line) first. One exception is kept: where the metadata marks mobile and fixed line as the
 * same pattern, libphonenumber never tests mobile on its own, so neither does this class.
 */
final class RegionNumberTypes {

    private final int countryCode;
    /** Null when the metadata has no leading digits. */
    private final Pattern leadingDigits;
    private final NumberDescription general;
    private final NumberDescription[] types;
    /**
     * Each thread's matchers of the general description (first) and the types (in order): a new matcher per test
     * cost as much as the test of a short number itself.
     */
    private final ThreadLocal<Matcher[]> matchers = ThreadLocal.withInitial(this::newMatchers);

    private RegionNumberTypes(final int countryCode, final Pattern leadingDigits, final NumberDescription general,
            final NumberDescription[] types) {
        this.countryCode = countryCode;
        this.leadingDigits = leadingDigits;
        this.general = general;
        this.types = types;
    }

    /** The region's types, or null when a description lists a length {@link NumberDescription} cannot hold. */
    static RegionNumberTypes of(final PhoneMetadata metadata) {
        final NumberDescription general = NumberDescription.of(metadata.getGeneralDesc());
        if (general == null) {
            return null;
        }
        final List<PhoneNumberDesc> descriptions = new ArrayList<>();
        if (!metadata.getSameMobileAndFixedLinePattern()) {
            descriptions.add(metadata.getMobile());
        }
        descriptions.addAll(List.of(metadata.getFixedLine(), metadata.getPremiumRate(), metadata.getTollFree(),
                metadata.getSharedCost(), metadata.getVoip(), metadata.getPersonalNumber(), metadata.getPager(),
                metadata.getUan(), metadata.getVoicemail()));
        final List<NumberDescription> types = new ArrayList<>();
        for (final PhoneNumberDesc description : descriptions) {
            final NumberDescription type = NumberDescription.of(description);
            if (type == null) {
                return null;
            }
            // A type no number can match, or one that answers as a type already listed, adds only a test.
            if (!type.matchesNothing() && types.stream().noneMatch(type::sameAs)) {
                types.add(type);
            }
        }
        final Pattern leadingDigits = metadata.hasLeadingDigits() ? Pattern.compile(metadata.getLeadingDigits()) : null;
        return new RegionNumberTypes(metadata.getCountryCode(), leadingDigits, general,
                types.toArray(new NumberDescription[0]));
    }

    int countryCode() {
        return countryCode;
    }

    boolean hasLeadingDigits() {
        return leadingDigits != null;
    }

    /** Whether {@code nsn} starts with the region's leading digits; only when it has some. */
    boolean startsWithLeadingDigits(final String nsn) {
        return leadingDigits.matcher(nsn).lookingAt();
    }

    /** Whether libphonenumber finds a type for the national significant number {@code nsn} in this region. */
    boolean hasType(final String nsn) {
        final Matcher[] matchers = this.matchers.get();
        if (!general.matches(nsn, matchers[0])) {
            return false;
        }
        for (int i = 0; i < types.length; i++) {
            if (types[i].matches(nsn, matchers[i + 1])) {
                return true;
            }
        }
        return false;
    }

    private Matcher[] newMatchers() {
        final Matcher[] matchers = new Matcher[types.length + 1];
        matchers[0] = general.newMatcher();
        for (int i = 0; i < types.length; i++) {
            matchers[i + 1] = types[i].newMatcher();
        }
        return matchers;
    }
}
