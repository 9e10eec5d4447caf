package io.bakery.gateway.consent;

import com.iabtcf.decoder.TCString;
import io.bakery.schemas.avro.ConsentDecision;
import io.bakery.schemas.avro.ConsentSnapshot;
import io.bakery.schemas.config.ConsentConfig;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides from a request's consent signals whether the pixel may set a cookie and store anything. Checked in
 * order: Global Privacy Control, the US privacy string, then GDPR. With {@code gdpr=1} storing needs a consent
 * string that grants Purpose 1 and consent for our configured vendor id; an undecodable string counts as no
 * consent. Without a {@code gdpr} parameter the configured default decides.
 */
public final class ConsentPolicy {

    private static final int PURPOSE_STORE_AND_ACCESS = 1;
    /** Version 1, then notice / opt-out-of-sale / LSPA flags, each Y, N or '-'. */
    private static final Pattern US_PRIVACY = Pattern.compile("1[YNyn-][YNyn-][YNyn-]");

    private final Integer vendorId;
    private final boolean storeWhenGdprUnknown;

    public ConsentPolicy(final ConsentConfig config) {
        this.vendorId = config.vendorId();
        this.storeWhenGdprUnknown = config.storeWhenGdprUnknown();
    }

    /** The verdict for {@code signals}. */
    public ConsentVerdict decide(final ConsentSignals signals) {
        final ConsentSnapshot.Builder snapshot = ConsentSnapshot.newBuilder()
                .setGdprApplies(signals.gdprApplies())
                .setGlobalPrivacyControl(signals.globalPrivacyControl())
                .setUsPrivacy(signals.usPrivacy())
                .setTcfPurposeOneConsent(false)
                .setTcfVendorConsent(false);
        final TcfReading tcf = Boolean.TRUE.equals(signals.gdprApplies())
                ? readTcf(signals.tcString(), snapshot) : TcfReading.ABSENT;
        final Optional<ConsentBlock> block = block(signals, tcf, snapshot);
        final ConsentDecision decision = block.isPresent() ? ConsentDecision.DENIED
                : Boolean.TRUE.equals(signals.gdprApplies()) ? ConsentDecision.GRANTED
                : ConsentDecision.NOT_APPLICABLE;
        return new ConsentVerdict(snapshot.setDecision(decision).build(), block);
    }

    private enum TcfReading { ABSENT, INVALID, READ }

    private Optional<ConsentBlock> block(
            final ConsentSignals signals, final TcfReading tcf, final ConsentSnapshot.Builder snapshot) {
        if (signals.globalPrivacyControl()) {
            return Optional.of(ConsentBlock.GLOBAL_PRIVACY_CONTROL);
        }
        if (signals.usPrivacy() != null && usPrivacyOptedOut(signals.usPrivacy())) {
            return Optional.of(ConsentBlock.US_PRIVACY_OPT_OUT);
        }
        if (signals.gdprApplies() == null) {
            return storeWhenGdprUnknown ? Optional.empty() : Optional.of(ConsentBlock.GDPR_UNKNOWN);
        }
        if (!signals.gdprApplies()) {
            return Optional.empty();
        }
        switch (tcf) {
            case ABSENT:
                return Optional.of(ConsentBlock.TCF_MISSING);
            case INVALID:
                return Optional.of(ConsentBlock.TCF_INVALID);
            default:
                break;
        }
        if (!snapshot.getTcfPurposeOneConsent()) {
            return Optional.of(ConsentBlock.TCF_NO_PURPOSE_ONE);
        }
        return snapshot.getTcfVendorConsent() ? Optional.empty() : Optional.of(ConsentBlock.TCF_NO_VENDOR_CONSENT);
    }

    private TcfReading readTcf(final String tcString, final ConsentSnapshot.Builder snapshot) {
        if (tcString == null || tcString.isBlank()) {
            return TcfReading.ABSENT;
        }
        try {
            final TCString decoded = TCString.decode(tcString);
            final boolean purposeOne = decoded.getPurposesConsent().contains(PURPOSE_STORE_AND_ACCESS);
            final boolean vendor = vendorId != null && decoded.getVendorConsent().contains(vendorId);
            snapshot.setTcfPurposeOneConsent(purposeOne).setTcfVendorConsent(vendor);
            return TcfReading.READ;
        } catch (final RuntimeException e) {
            // The decoder throws plain IllegalArgumentException on bad base64 as well as its own exceptions.
            return TcfReading.INVALID;
        }
    }

    private static boolean usPrivacyOptedOut(final String usPrivacy) {
        // A malformed string is read as an opt-out: when in doubt, store nothing.
        return !US_PRIVACY.matcher(usPrivacy).matches() || Character.toUpperCase(usPrivacy.charAt(2)) == 'Y';
    }
}
