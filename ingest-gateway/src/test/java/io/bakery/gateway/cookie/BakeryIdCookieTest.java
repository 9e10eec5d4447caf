package io.bakery.gateway.cookie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bakery.schemas.config.CookieConfig;
import io.bakery.schemas.config.CookieConfig.SigningKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BakeryIdCookieTest {

    private static final SigningKey OLD = new SigningKey("k1", "old-secret-0123456789-0123456789-0123");
    private static final SigningKey NEW = new SigningKey("k2", "new-secret-0123456789-0123456789-0123");
    private static final String ID = "00112233445566778899aabbccddeeff";

    private final BakeryIdCookie cookies = new BakeryIdCookie(new CookieConfig("bakery.example", List.of(OLD)));

    @Test
    void shouldIssue128BitHexIdsThatDoNotRepeat() {
        final Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(cookies.newBakeryId());
        }

        assertThat(ids).hasSize(1000).allMatch(id -> id.matches("[0-9a-f]{32}"));
    }

    @Test
    void shouldVerifyACookieItSigned() {
        assertThat(cookies.verify(cookies.encode(ID))).contains(ID);
    }

    @Test
    void shouldTreatAnEditedIdAsAbsent() {
        final String edited = cookies.encode(ID).replace(ID, "f" + ID.substring(1));

        assertThat(cookies.verify(edited)).isEmpty();
    }

    @Test
    void shouldTreatAForgedTagAsAbsent() {
        final String value = cookies.encode(ID);
        final String forged = value.substring(0, value.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAA";

        assertThat(cookies.verify(forged)).isEmpty();
    }

    @Test
    void shouldTreatACookieSignedWithAnUnknownKeyAsAbsent() {
        final BakeryIdCookie stranger = new BakeryIdCookie(new CookieConfig(null,
                List.of(new SigningKey("k1", "some-other-secret-0123456789-01234567"))));

        assertThat(cookies.verify(stranger.encode(ID))).isEmpty();
    }

    @Test
    void shouldTreatGarbageAsAbsent() {
        assertThat(cookies.verify(null)).isEmpty();
        assertThat(cookies.verify("")).isEmpty();
        assertThat(cookies.verify(ID)).isEmpty();
        assertThat(cookies.verify("1.k1." + ID)).isEmpty();
        assertThat(cookies.verify("2.k1." + ID + ".x")).isEmpty();
    }

    @Test
    void shouldSignWithTheFirstKeyAndVerifyWithEveryKeyWhenKeysRotate() {
        final BakeryIdCookie rotated = new BakeryIdCookie(new CookieConfig(null, List.of(NEW, OLD)));

        assertThat(rotated.verify(cookies.encode(ID))).contains(ID);
        assertThat(rotated.encode(ID)).startsWith("1.k2.");
    }

    @Test
    void shouldSetTheCookieThirdPartyUsableAndHiddenFromScripts() {
        assertThat(cookies.setCookie(ID)).startsWith("bkry=1.k1." + ID + ".")
                .endsWith("; Max-Age=34214400; Path=/; Domain=bakery.example; Secure; HttpOnly; SameSite=None");
    }

    @Test
    void shouldExpireTheCookieWithMaxAgeZero() {
        assertThat(cookies.expireCookie()).startsWith("bkry=;").contains("Max-Age=0;");
    }

    @Test
    void shouldRefuseToStartWithoutSigningKeys() {
        assertThatThrownBy(() -> new BakeryIdCookie(new CookieConfig(null, List.of())))
                .hasMessageContaining("cookie.signingKeys");
    }
}
