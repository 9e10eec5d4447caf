package io.bakery.schemas.normalize;

import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One description of a region's metadata (the general one, or a number type's such as mobile or fixed line) with its
 * pattern compiled once, answering libphonenumber's {@code isNumberMatchingDesc} (version 9.0.43): a number whose
 * length the description lists no possible length for does not match, whatever the pattern says; a description that
 * lists none leaves it to the pattern; an empty pattern matches nothing; else the whole number must match the pattern.
 * libphonenumber asks its matcher for a match at the start and then for a whole match; a whole match is a match at the
 * start, so the whole match alone gives the same answer.
 */
final class NumberDescription {

    /** Lengths of national significant numbers fit in a long: at most 10 leading zeros and a 19-digit long. */
    static final int MAX_LENGTH = Long.SIZE - 1;

    /** Whether the description lists possible lengths at all (the list may hold only -1, "no number has this type"). */
    private final boolean lengthsListed;
    /** Bit n set when n is a listed possible length (in 0..63; a listed -1 no length can equal). */
    private final long lengths;
    /** Null when the pattern is empty. */
    private final Pattern pattern;

    private NumberDescription(final boolean lengthsListed, final long lengths, final Pattern pattern) {
        this.lengthsListed = lengthsListed;
        this.lengths = lengths;
        this.pattern = pattern;
    }

    /** The description as libphonenumber reads it, or null when it lists a length this class cannot hold. */
    static NumberDescription of(final PhoneNumberDesc description) {
        final List<Integer> listed = description.getPossibleLengthList();
        long lengths = 0;
        for (final int length : listed) {
            if (length > MAX_LENGTH) {
                return null;
            }
            if (length >= 0) {
                lengths |= 1L << length;
            }
        }
        final String regex = description.getNationalNumberPattern();
        return new NumberDescription(!listed.isEmpty(), lengths, regex.isEmpty() ? null : Pattern.compile(regex));
    }

    /** Whether no number can match: an empty pattern, or lengths listed that no number has. */
    boolean matchesNothing() {
        return pattern == null || (lengthsListed && lengths == 0);
    }

    /** A matcher of this description's pattern for {@link #matches}, to be used by one thread; null for no pattern. */
    Matcher newMatcher() {
        return pattern == null ? null : pattern.matcher("");
    }

    /**
     * Whether the national significant number {@code nsn} (at most {@link #MAX_LENGTH} digits) matches;
     * {@code matcher} is one of this description's {@link #newMatcher}.
     */
    boolean matches(final String nsn, final Matcher matcher) {
        if (lengthsListed && (lengths & (1L << nsn.length())) == 0) {
            return false;
        }
        return matcher != null && matcher.reset(nsn).matches();
    }

    /** Whether {@code other} answers as this for every number: same listed lengths, same pattern. */
    boolean sameAs(final NumberDescription other) {
        return lengthsListed == other.lengthsListed && lengths == other.lengths
                && (pattern == null ? other.pattern == null
                        : other.pattern != null && pattern.pattern().equals(other.pattern.pattern()));
    }
}
