package io.bakery.schemas.partners;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.config.Dmp;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CookieIdRulesTest {

    private static Optional<CookieIdRejection.Code> problem(final Dmp dmp, final String id) {
        return CookieIdRules.forDmp(dmp).validate(id).map(CookieIdRejection::code);
    }

    @ParameterizedTest
    @CsvSource({
            "TEALIUM, 0162974812345abcdef0123456789abcdef0123456789",
            "TEALIUM, 0123456789ABCDEF0123456789abcdef",
            "SNOWPLOW, 3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "SNOWPLOW, 3F2504E0-4F89-11D3-9A0C-0305E82C3301",
            "PERMUTIVE, 3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "MEDIARITHMICS, vec:12345678901",
            "MEDIARITHMICS, 12345678901",
            "PIANO, kx3b9zq1m2n4p5r6",
            "SPOTLER, sqzl0123456789abcdef0123",
            "SUPERMETRICS, 1234567890.1700000000",
            "WEBORAMA, AbC-123_x.y",
            "SELLIGENT, Sb_123456:abc"
    })
    void shouldAcceptWhenIdHasTheDmpsShape(final Dmp dmp, final String id) {
        assertThat(problem(dmp, id)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "TEALIUM, xyz0123456789abcdef0123456789abcdef0123456789",
            "SNOWPLOW, 3f2504e04f8941d39a0c0305e82c3301",
            "PERMUTIVE, not-a-uuid-at-all",
            "MEDIARITHMICS, vec:abc",
            "PIANO, short",
            "SPOTLER, sqzl0123",
            "WEBORAMA, has space",
            "SELLIGENT, abc"
    })
    void shouldRejectFormatWhenIdDoesNotHaveTheDmpsShape(final Dmp dmp, final String id) {
        assertThat(problem(dmp, id)).isPresent();
    }

    @Test
    void shouldNameTheExpectedFormatWhenRejectingTheShape() {
        final Optional<CookieIdRejection> rejection = CookieIdRules.forDmp(Dmp.MEDIARITHMICS).validate("vec:abc");

        assertThat(rejection).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(CookieIdRejection.Code.FORMAT);
            assertThat(r.reason()).contains("mediarithmics").contains("'vec:'");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"${UID}", "${SP_NUID}", "[UID]", "%%USER_ID%%", "@@tealium_visitor_id@@", "{{uid}}",
            "__UID__", "$UID", "$AUID", "$$visitor_cookie$$", "abc${UID}def"})
    void shouldRejectUnresolvedMacroWhenTheTagDidNotFillItIn(final String id) {
        assertThat(problem(Dmp.WEBORAMA, id)).contains(CookieIdRejection.Code.UNRESOLVED_MACRO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "null", "NULL", "undefined", "000000", "00000000-0000-0000-0000-000000000000",
            "vec:0000", "0.0", "0-0_0.000", "a:b:00.00"})
    void shouldRejectSentinelWhenIdIsAPlaceholderValue(final String id) {
        assertThat(problem(Dmp.WEBORAMA, id)).contains(CookieIdRejection.Code.SENTINEL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vec:0001", "000000a", "0.0.0.1", "00:abcdef", "nullable", "a_b_c_d", "x@y.example"})
    void shouldAcceptIdsThatOnlyResembleSentinelsOrMacros(final String id) {
        assertThat(problem(Dmp.WEBORAMA, id)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dmp.class)
    void shouldRejectTheNilUuidAndEmptyForEveryDmp(final Dmp dmp) {
        assertThat(problem(dmp, "00000000-0000-0000-0000-000000000000")).contains(CookieIdRejection.Code.SENTINEL);
        assertThat(problem(dmp, "")).contains(CookieIdRejection.Code.MISSING);
        assertThat(problem(dmp, null)).contains(CookieIdRejection.Code.MISSING);
    }

    @Test
    void shouldRejectTooLongWhenIdExceedsTheLimit() {
        assertThat(problem(Dmp.WEBORAMA, "a".repeat(CookieIdRules.MAX_LENGTH + 1)))
                .contains(CookieIdRejection.Code.TOO_LONG);
    }

    @Test
    void shouldRejectNotPrintableWhenIdHasControlCharacters() {
        assertThat(problem(Dmp.WEBORAMA, "abc\ndefgh")).contains(CookieIdRejection.Code.NOT_PRINTABLE);
    }

    @Test
    void shouldTellStrictFromLenientWhenIdOnlyHasTheLenientShape() {
        final CookieIdRules piano = CookieIdRules.forDmp(Dmp.PIANO);

        assertThat(piano.matchesStrict("kx3b9zq1m2n4p5r6")).isTrue();
        assertThat(piano.matchesStrict("Kx3b9zq1m2n4p5r6-long")).isFalse();
        assertThat(piano.validate("Kx3b9zq1m2n4p5r6-long")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dmp.class)
    void shouldHaveRulesForEveryDmp(final Dmp dmp) {
        assertThat(CookieIdRules.forDmp(dmp).dmp()).isEqualTo(dmp);
    }
}
