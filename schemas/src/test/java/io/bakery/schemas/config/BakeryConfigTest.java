package io.bakery.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BakeryConfigTest {

    private static final String KEY_HASH = "a".repeat(64);

    private static final String VALID = """
            cookie:
              domain: bakery.example
              signingKeys:
                - id: k2
                  secret: ${COOKIE_KEY}
            consent:
              vendorId: 1234
            clients:
              - id: acme
                dmp: tealium
                partners: [acme-tealium, acme-tealium-eu]
                timeZone: Europe/Amsterdam
                phoneCountry: NL
                apiKeys:
                  - id: acme-upload
                    sha256: %s
                    scopes: [upload, read]
              - id: globex
                dmp: PIANO
                partners: [globex-piano]
            """.formatted(KEY_HASH);

    private static final Map<String, String> ENV = Map.of("COOKIE_KEY", "0123456789abcdef0123456789abcdef");

    @Test
    void shouldParseClientsPartnersAndKeysWhenFileIsValid() {
        final BakeryConfig config = BakeryConfig.parse(VALID, ENV);

        assertThat(config.clientForPartner("acme-tealium-eu")).get().extracting(ClientConfig::id).isEqualTo("acme");
        assertThat(config.client("globex")).get().extracting(ClientConfig::dmp).isEqualTo(Dmp.PIANO);
        assertThat(config.client("globex").orElseThrow().timeZone()).isEqualTo("UTC");
        assertThat(config.client("globex").orElseThrow().cookieBounce()).isTrue();
        assertThat(config.client("acme").orElseThrow().apiKeys().get(0).scopes())
                .containsExactlyInAnyOrder(ApiKeyConfig.Scope.UPLOAD, ApiKeyConfig.Scope.READ);
        assertThat(config.cookie().signingKeys().get(0).secret()).isEqualTo(ENV.get("COOKIE_KEY"));
    }

    @Test
    void shouldNotPrintSecretWhenSigningKeyIsLogged() {
        final BakeryConfig config = BakeryConfig.parse(VALID, ENV);

        assertThat(config.cookie().toString()).doesNotContain(ENV.get("COOKIE_KEY"));
    }

    @Test
    void shouldNameEnvironmentVariableAndFieldWhenVariableIsMissing() {
        assertThatThrownBy(() -> BakeryConfig.parse(VALID, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COOKIE_KEY")
                .hasMessageContaining("cookie.signingKeys[0].secret");
    }

    @Test
    void shouldIgnoreEnvironmentReferencesWhenTheyAreInComments() {
        final BakeryConfig config = BakeryConfig.parse("# secret: ${NOT_SET}\n" + VALID, ENV);

        assertThat(config.clients()).hasSize(2);
    }

    @Test
    void shouldNameFieldWhenTimeZoneIsUnknown() {
        final String bad = VALID.replace("Europe/Amsterdam", "Europe/Amsterdm");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].timeZone");
    }

    @Test
    void shouldNameFieldWhenDmpIsUnknown() {
        final String bad = VALID.replace("dmp: PIANO", "dmp: nielsen");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[1].dmp")
                .hasMessageContaining("nielsen");
    }

    @Test
    void shouldRejectPartnerValueWhenTwoClientsClaimIt() {
        final String bad = VALID.replace("[globex-piano]", "[acme-tealium]");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[1].partners")
                .hasMessageContaining("acme");
    }

    @Test
    void shouldRejectKeyWhenHashIsNotSha256Hex() {
        final String bad = VALID.replace(KEY_HASH, "plaintext-key");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].apiKeys[0].sha256");
    }

    @Test
    void shouldRejectSigningKeyWhenSecretIsShort() {
        assertThatThrownBy(() -> BakeryConfig.parse(VALID, Map.of("COOKIE_KEY", "short")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cookie.signingKeys[0].secret");
    }

    @Test
    void shouldNameFieldWhenPropertyIsUnknown() {
        final String bad = VALID.replace("phoneCountry: NL", "phoneCountry: NL\n    colour: blue");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("colour");
    }
}
