package io.bakery.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.iabtcf.encoder.TCStringEncoder;
import io.bakery.gateway.http.InvalidParameterException;
import io.bakery.schemas.avro.ConsentDecision;
import io.bakery.schemas.config.ConsentConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentPolicyTest {

    private static final int VENDOR = 1234;
    private static final ConsentPolicy STORE_WHEN_UNKNOWN = new ConsentPolicy(new ConsentConfig(VENDOR, true));
    private static final ConsentPolicy BLOCK_WHEN_UNKNOWN = new ConsentPolicy(new ConsentConfig(VENDOR, false));

    private static String tc(final int purpose, final int vendor) {
        final Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return TCStringEncoder.newBuilder().version(2).created(now).lastUpdated(now).cmpId(7).cmpVersion(1)
                .consentScreen(1).consentLanguage("EN").vendorListVersion(100).tcfPolicyVersion(4)
                .addPurposesConsent(purpose).addVendorConsent(vendor).encode();
    }

    private static ConsentSignals gdpr(final String tcString) {
        return new ConsentSignals(true, tcString, null, false);
    }

    @Test
    void shouldGrantWhenPurposeOneAndOurVendorAreConsented() {
        final ConsentVerdict verdict = STORE_WHEN_UNKNOWN.decide(gdpr(tc(1, VENDOR)));

        assertThat(verdict.allowsStoring()).isTrue();
        assertThat(verdict.snapshot().getDecision()).isEqualTo(ConsentDecision.GRANTED);
    }

    @Test
    void shouldBlockWhenPurposeOneIsNotConsented() {
        assertThat(STORE_WHEN_UNKNOWN.decide(gdpr(tc(2, VENDOR))).block()).contains(ConsentBlock.TCF_NO_PURPOSE_ONE);
    }

    @Test
    void shouldBlockWhenOurVendorIsNotConsented() {
        assertThat(STORE_WHEN_UNKNOWN.decide(gdpr(tc(1, VENDOR + 1))).block())
                .contains(ConsentBlock.TCF_NO_VENDOR_CONSENT);
    }

    @Test
    void shouldBlockWhenNoVendorIdIsConfigured() {
        final ConsentPolicy noVendor = new ConsentPolicy(new ConsentConfig(null, true));

        assertThat(noVendor.decide(gdpr(tc(1, VENDOR))).block()).contains(ConsentBlock.TCF_NO_VENDOR_CONSENT);
    }

    @Test
    void shouldCountAnUndecodableStringAsNoConsent() {
        final ConsentVerdict verdict = STORE_WHEN_UNKNOWN.decide(gdpr("not-a-consent"));

        assertThat(verdict.block()).contains(ConsentBlock.TCF_INVALID);
        assertThat(verdict.snapshot().getDecision()).isEqualTo(ConsentDecision.DENIED);
    }

    @Test
    void shouldBlockWhenGdprAppliesWithoutAConsentString() {
        assertThat(STORE_WHEN_UNKNOWN.decide(gdpr(null)).block()).contains(ConsentBlock.TCF_MISSING);
    }

    @Test
    void shouldAllowAsNotApplicableWhenGdprIsZero() {
        final ConsentVerdict verdict = BLOCK_WHEN_UNKNOWN.decide(new ConsentSignals(false, null, null, false));

        assertThat(verdict.allowsStoring()).isTrue();
        assertThat(verdict.snapshot().getDecision()).isEqualTo(ConsentDecision.NOT_APPLICABLE);
    }

    @Test
    void shouldFollowTheConfiguredDefaultWhenGdprIsUnknown() {
        final ConsentSignals unknown = new ConsentSignals(null, null, null, false);

        assertThat(STORE_WHEN_UNKNOWN.decide(unknown).allowsStoring()).isTrue();
        assertThat(BLOCK_WHEN_UNKNOWN.decide(unknown).block()).contains(ConsentBlock.GDPR_UNKNOWN);
    }

    @Test
    void shouldBlockWhenGlobalPrivacyControlIsSentEvenWithConsent() {
        final ConsentVerdict verdict = STORE_WHEN_UNKNOWN.decide(new ConsentSignals(true, tc(1, VENDOR), null, true));

        assertThat(verdict.block()).contains(ConsentBlock.GLOBAL_PRIVACY_CONTROL);
        assertThat(verdict.snapshot().getGlobalPrivacyControl()).isTrue();
    }

    @Test
    void shouldBlockWhenUsPrivacySaysOptedOutOrIsMalformed() {
        assertThat(STORE_WHEN_UNKNOWN.decide(new ConsentSignals(null, null, "1YYN", false)).block())
                .contains(ConsentBlock.US_PRIVACY_OPT_OUT);
        assertThat(STORE_WHEN_UNKNOWN.decide(new ConsentSignals(null, null, "bogus", false)).block())
                .contains(ConsentBlock.US_PRIVACY_OPT_OUT);
        assertThat(STORE_WHEN_UNKNOWN.decide(new ConsentSignals(null, null, "1YNN", false)).allowsStoring())
                .isTrue();
    }

    @Test
    void shouldKeepTheSignalsOnTheSnapshot() {
        final ConsentVerdict verdict = STORE_WHEN_UNKNOWN.decide(new ConsentSignals(true, tc(1, VENDOR), "1YNN", false));

        assertThat(verdict.snapshot().getGdprApplies()).isTrue();
        assertThat(verdict.snapshot().getUsPrivacy()).isEqualTo("1YNN");
        assertThat(verdict.snapshot().getTcfPurposeOneConsent()).isTrue();
        assertThat(verdict.snapshot().getTcfVendorConsent()).isTrue();
    }

    @Test
    void shouldRefuseAGdprValueOtherThanZeroOrOne() {
        assertThatThrownBy(() -> ConsentSignals.read(Map.of("gdpr", "yes")::get, null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("gdpr: must be 0 or 1");
    }
}
