package io.bakery.schemas.normalize;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Email normalization of spec v1: the basic form (trimmed, lower-cased, NFC) and the canonical variant, which for
 * Gmail mailboxes also drops the dots and the {@code +tag} of the local part and writes the domain as gmail.com.
 */
public final class EmailNormalizer {

    private static final Set<String> GMAIL_DOMAINS = Set.of("gmail.com", "googlemail.com");
    private static final String CANONICAL_GMAIL_DOMAIN = "gmail.com";

    private EmailNormalizer() {}

    /** The basic form: what {@code email_sha256} hashes. */
    public static Normalized normalize(final String raw) {
        return forms(raw).basic();
    }

    /**
     * Both forms of one address, parsed once.
     *
     * @param basic what {@code email_sha256} hashes
     * @param canonical what {@code email_canonical_sha256} hashes: the very same object as {@code basic} when the
     *     two are the same text (every domain but Gmail's), so a caller can hash it once
     */
    public record Forms(Normalized basic, Normalized canonical) {}

    /** The basic form and the canonical variant, from one parse; both rejected, for the same reason, or neither. */
    public static Forms forms(final String raw) {
        final Parsed parsed = parse(raw);
        if (parsed.rejection != null) {
            final Normalized rejected = Normalized.rejected(parsed.rejection);
            return new Forms(rejected, rejected);
        }
        final Normalized basic = Normalized.of(parsed.local + '@' + parsed.domain);
        if (parsed.canonicalLocal.equals(parsed.local) && parsed.canonicalDomain.equals(parsed.domain)) {
            return new Forms(basic, basic);
        }
        return new Forms(basic, Normalized.of(parsed.canonicalLocal + '@' + parsed.canonicalDomain));
    }

    /** The canonical variant: what {@code email_canonical_sha256} hashes; the basic form for non-Gmail domains. */
    public static Normalized canonical(final String raw) {
        return forms(raw).canonical();
    }

    private static Parsed parse(final String raw) {
        final String trimmed = raw == null ? "" : Whitespace.trim(raw);
        if (trimmed.isEmpty()) {
            return Parsed.rejected(Rejection.EMPTY);
        }
        // Lower-case first, then compose: lower-casing can leave decomposed sequences behind (and JS does the same).
        final String text = Normalizer.normalize(trimmed.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        final int at = text.indexOf('@');
        if (Whitespace.containsAny(text) || at <= 0 || at != text.lastIndexOf('@')) {
            return Parsed.rejected(Rejection.INVALID_EMAIL);
        }
        final String local = text.substring(0, at);
        String domain = text.substring(at + 1);
        // One trailing dot is the absolute form of the same domain name (example.com. = example.com).
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (!hasTwoOrMoreLabels(domain)) {
            return Parsed.rejected(Rejection.INVALID_EMAIL);
        }
        if (!GMAIL_DOMAINS.contains(domain)) {
            return new Parsed(local, domain, local, domain, null);
        }
        final int plus = local.indexOf('+');
        final String canonicalLocal = (plus < 0 ? local : local.substring(0, plus)).replace(".", "");
        if (canonicalLocal.isEmpty()) {
            // "+tag@gmail.com" names no mailbox at all.
            return Parsed.rejected(Rejection.INVALID_EMAIL);
        }
        return new Parsed(local, domain, canonicalLocal, CANONICAL_GMAIL_DOMAIN, null);
    }

    private static boolean hasTwoOrMoreLabels(final String domain) {
        if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            return false;
        }
        return domain.indexOf('.') > 0;
    }

    private record Parsed(String local, String domain, String canonicalLocal, String canonicalDomain,
                          Rejection rejection) {
        static Parsed rejected(final Rejection rejection) {
            return new Parsed(null, null, null, null, rejection);
        }
    }
}
