package io.bakery.schemas.partners;

import io.bakery.schemas.config.Dmp;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The partner profile's cookie-id rules of one DMP: which DMP cookie ids the sync pixel accepts.
 *
 * <pre>{@code
 * Optional<CookieIdRejection> problem = CookieIdRules.forDmp(Dmp.TEALIUM).validate(cookieId);
 * }</pre>
 *
 * <p>Every DMP gets the same common checks first (present, at most {@value #MAX_LENGTH} characters, printable
 * ASCII, no unresolved tag-manager macro, no sentinel such as {@code 0}, {@code null} or an all-zero id), then
 * its own format. Each DMP has two formats (research/dmp-partners.md, "Proposed partner profiles"): a
 * <em>strict</em> one, the shape the DMP documents or that was observed, and a <em>lenient</em> one that also
 * admits the variants the DMP says may occur. {@link #validate} rejects what fails the lenient format; {@link
 * #matchesStrict} tells the caller whether an accepted id also has the strict shape, so it can count drift
 * without losing data. Where a DMP's format is unknown both are the same generic token rule.
 */
public final class CookieIdRules {

    /** The longest cookie id any DMP may send. */
    public static final int MAX_LENGTH = 256;

    /** Placeholders of tag managers and ad servers that reach us when the DMP did not fill them in. */
    private static final List<Pattern> MACROS = List.of(
            Pattern.compile("\\$\\{[^}]*}"),          // ${UID}, ${SP_NUID}
            Pattern.compile("\\[[^\\]]*]"),           // [UID]
            Pattern.compile("%%[^%]*%%"),             // %%USER_ID%%
            Pattern.compile("@@[^@]*@@"),             // @@tealium_visitor_id@@
            Pattern.compile("\\{\\{[^}]*}}"),         // {{uid}}
            Pattern.compile("__[A-Za-z0-9_.]+__"),    // __UID__
            Pattern.compile("\\$\\$[^$]*\\$\\$"),     // $$visitor_cookie$$
            Pattern.compile("\\$[A-Z][A-Z0-9_]*"));   // $UID, $AUID
    /** Every macro above starts with one of these; an id without any of them cannot hold a macro. */
    private static final String MACRO_OPENERS = "${[%@_";
    private static final Set<String> SENTINELS = Set.of("0", "null", "undefined", "none", "nil", "nan", "false");
    /** Longer ids cannot be a sentinel word, so they skip the lower-casing. */
    private static final int LONGEST_SENTINEL = SENTINELS.stream().mapToInt(String::length).max().orElse(0);

    private static final String UUID_ANY_CASE =
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";
    private static final String GENERIC_TOKEN = "[A-Za-z0-9._~:@-]{6,128}";

    private static final Map<Dmp, CookieIdRules> RULES = new EnumMap<>(Dmp.class);

    static {
        // Tealium: web ids are 45 lowercase hex, mobile ids 32 hex; the docs say "40+" so up to 64 is let in.
        rules(Dmp.TEALIUM, "[0-9a-f]{45}|[0-9A-Fa-f]{32}", "[0-9A-Fa-f]{32,64}",
                "32 to 64 hex characters (web: 45 lower-case hex, mobile: 32 hex)");
        // Snowplow: domain_userid is a lower-case v4 UUID, network_userid any UUID; the nil UUID is a sentinel.
        rules(Dmp.SNOWPLOW, UUID_ANY_CASE, UUID_ANY_CASE, "a UUID (36 characters with dashes)");
        rules(Dmp.PERMUTIVE, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", UUID_ANY_CASE,
                "a UUID (36 characters with dashes)");
        // Mediarithmics: vector ids are "vec:" + digits; the raw mics_vid may lack the prefix.
        rules(Dmp.MEDIARITHMICS, "vec:[0-9]{1,20}", "(vec:)?[0-9]{1,20}", "'vec:' followed by 1 to 20 digits");
        // Piano: 16 lower-case base-36 characters observed, but Piano says the format may change.
        rules(Dmp.PIANO, "[a-z0-9]{16}", "[A-Za-z0-9_-]{8,64}", "8 to 64 letters, digits, '_' or '-'");
        rules(Dmp.SPOTLER, "sqzl[0-9a-f]{20}", "sqzl[0-9a-f]{16,32}", "'sqzl' followed by 16 to 32 hex characters");
        // Supermetrics relays the client's analytics id; a GA client id is the expected shape.
        rules(Dmp.SUPERMETRICS, "[0-9]{1,10}\\.[0-9]{9,10}", GENERIC_TOKEN,
                "6 to 128 letters, digits or . _ ~ : @ -");
        // Weborama and Selligent do not document their id format: a generic safe token until samples tighten it.
        rules(Dmp.WEBORAMA, GENERIC_TOKEN, GENERIC_TOKEN, "6 to 128 letters, digits or . _ ~ : @ -");
        rules(Dmp.SELLIGENT, GENERIC_TOKEN, GENERIC_TOKEN, "6 to 128 letters, digits or . _ ~ : @ -");
    }

    private final Dmp dmp;
    private final Pattern strict;
    private final Pattern lenient;
    private final String expected;

    private CookieIdRules(final Dmp dmp, final Pattern strict, final Pattern lenient, final String expected) {
        this.dmp = dmp;
        this.strict = strict;
        this.lenient = lenient;
        this.expected = expected;
    }

    private static void rules(final Dmp dmp, final String strict, final String lenient, final String expected) {
        RULES.put(dmp, new CookieIdRules(dmp, Pattern.compile(strict), Pattern.compile(lenient), expected));
    }

    /** The rules of {@code dmp}'s partner profile. */
    public static CookieIdRules forDmp(final Dmp dmp) {
        final CookieIdRules rules = RULES.get(dmp);
        if (rules == null) {
            throw new IllegalArgumentException("no cookie-id rules for DMP " + dmp);
        }
        return rules;
    }

    /** The DMP these rules belong to. */
    public Dmp dmp() {
        return dmp;
    }

    /** The problem with {@code cookieId}, or empty when the sync pixel may store it. */
    public Optional<CookieIdRejection> validate(final String cookieId) {
        final Optional<CookieIdRejection> common = commonProblem(cookieId);
        if (common.isPresent()) {
            return common;
        }
        if (!lenient.matcher(cookieId).matches()) {
            return reject(CookieIdRejection.Code.FORMAT,
                    "not a " + dmp.configName() + " cookie id: expected " + expected);
        }
        return Optional.empty();
    }

    /** Whether {@code cookieId} passes {@link #validate} and also has the DMP's strict, documented shape. */
    public boolean matchesStrict(final String cookieId) {
        return validate(cookieId).isEmpty() && hasStrictShape(cookieId);
    }

    /**
     * Whether an id that {@link #validate} already accepted has the DMP's strict shape: the pixel's hot path asks
     * this after validating, so the common checks do not run twice.
     */
    public boolean hasStrictShape(final String validatedCookieId) {
        return strict.matcher(validatedCookieId).matches();
    }

    private static Optional<CookieIdRejection> commonProblem(final String cookieId) {
        if (cookieId == null || cookieId.isEmpty()) {
            return reject(CookieIdRejection.Code.MISSING, "is required and must not be empty");
        }
        if (cookieId.length() > MAX_LENGTH) {
            return reject(CookieIdRejection.Code.TOO_LONG,
                    "is " + cookieId.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        if (holdsMacro(cookieId)) {
            return reject(CookieIdRejection.Code.UNRESOLVED_MACRO,
                    "holds an unresolved macro; the DMP's tag did not fill in its cookie id");
        }
        if (!isPrintableAscii(cookieId)) {
            return reject(CookieIdRejection.Code.NOT_PRINTABLE, "must be printable ASCII without spaces");
        }
        if (isSentinel(cookieId)) {
            return reject(CookieIdRejection.Code.SENTINEL,
                    "is a placeholder value (0, null, undefined or all zeros), not a real cookie id");
        }
        return Optional.empty();
    }

    // The common checks run on every pixel hit, so they scan characters instead of running regular expressions
    // (the pixel bench's profile had them at a sixth of the gateway's request CPU).

    private static boolean holdsMacro(final String cookieId) {
        for (int i = 0; i < cookieId.length(); i++) {
            if (MACRO_OPENERS.indexOf(cookieId.charAt(i)) >= 0) {
                return MACROS.stream().anyMatch(macro -> macro.matcher(cookieId).find());
            }
        }
        return false;
    }

    private static boolean isPrintableAscii(final String cookieId) {
        for (int i = 0; i < cookieId.length(); i++) {
            final char c = cookieId.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSentinel(final String cookieId) {
        if (cookieId.length() <= LONGEST_SENTINEL && SENTINELS.contains(cookieId.toLowerCase(Locale.ROOT))) {
            return true;
        }
        // An all-zero id with separators or a type prefix: the nil UUID, "vec:0000", "0.0". Only the letters and
        // digits after the last ':' count; there must be at least one, and all of them must be '0'.
        boolean anyZero = false;
        for (int i = cookieId.lastIndexOf(':') + 1; i < cookieId.length(); i++) {
            final char c = cookieId.charAt(i);
            if (c == '0') {
                anyZero = true;
            } else if (c >= '1' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                return false;
            }
        }
        return anyZero;
    }

    private static Optional<CookieIdRejection> reject(final CookieIdRejection.Code code, final String reason) {
        return Optional.of(new CookieIdRejection(code, reason));
    }
}
