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
    void shouldKeepTheBakeryIdPlaceholderOfACallbackUrlWhenSubstitutingTheEnvironment() {
        final String yaml = VALID.replace("    dmp: PIANO\n",
                "    dmp: PIANO\n    callbackUrl: https://dmp.example/sync?da=${BAKERY_ID}\n");

        final BakeryConfig config = BakeryConfig.parse(yaml, ENV);

        assertThat(config.client("globex").orElseThrow().callbackUrl())
                .isEqualTo("https://dmp.example/sync?da=${BAKERY_ID}");
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

    private static final String EXPORTS = """
            clients:
              - id: acme
                dmp: tealium
                partners: [acme-tealium]
                export:
                  gzip: true
                  destination:
                    type: sftp
                    host: sftp.partner.example
                    user: bakery
                    password: ${SFTP_PASSWORD}
                    remoteDir: inbox
                    hostKey: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
              - id: globex
                dmp: piano
                partners: [globex-piano]
                export:
                  destination:
                    type: s3
                    endpoint: https://s3.eu-central-1.amazonaws.com
                    bucket: da-production-transfer-globex
                    prefix: exports/piano/
                    region: eu-central-1
                    accessKeyId: ${S3_KEY_ID}
                    secretAccessKey: ${S3_SECRET}
              - id: initech
                dmp: snowplow
                partners: [initech-snowplow]
                export:
                  idType: domain_userid
                  destination:
                    type: folder
                    path: /srv/exports/initech
            """;

    private static final Map<String, String> EXPORT_ENV =
            Map.of("SFTP_PASSWORD", "sftp-secret", "S3_KEY_ID", "AKIDEXAMPLE", "S3_SECRET", "s3-secret");

    @Test
    void shouldParseFolderSftpAndS3DestinationsWhenExportIsConfigured() {
        final BakeryConfig config = BakeryConfig.parse(EXPORTS, EXPORT_ENV);

        final ExportConfig acme = config.client("acme").orElseThrow().export();
        assertThat(acme.gzip()).isTrue();
        assertThat(acme.destination().type()).isEqualTo(DestinationConfig.Type.SFTP);
        assertThat(acme.destination().port()).isEqualTo(22);
        assertThat(acme.destination().password()).isEqualTo("sftp-secret");
        assertThat(config.client("globex").orElseThrow().export().destination().describe())
                .isEqualTo("s3://da-production-transfer-globex/exports/piano/");
        assertThat(config.client("initech").orElseThrow().export().idType()).isEqualTo("domain_userid");
    }

    @Test
    void shouldDefaultToNoExportSectionWhenClientHasNone() {
        assertThat(BakeryConfig.parse(VALID, ENV).client("acme").orElseThrow().export()).isNull();
    }

    @Test
    void shouldNotPrintSecretsWhenDestinationIsLogged() {
        final BakeryConfig config = BakeryConfig.parse(EXPORTS, EXPORT_ENV);

        assertThat(config.client("acme").orElseThrow().export().destination().toString()).doesNotContain("sftp-secret");
        assertThat(config.client("globex").orElseThrow().export().destination().toString()).doesNotContain("s3-secret");
    }

    @Test
    void shouldNameFieldWhenSftpHostKeyIsNotPinned() {
        final String bad = EXPORTS.replace("hostKey: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", "hostKey: any");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, EXPORT_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].export.destination.hostKey");
    }

    @Test
    void shouldNameFieldWhenSftpHasBothPasswordAndKey() {
        final String bad = EXPORTS.replace("remoteDir: inbox", "remoteDir: inbox\n        privateKeyPath: /keys/id_ed25519");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, EXPORT_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].export.destination.password");
    }

    @Test
    void shouldNameFieldWhenS3BucketIsInvalid() {
        final String bad = EXPORTS.replace("da-production-transfer-globex", "Bad_Bucket");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, EXPORT_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[1].export.destination.bucket");
    }

    @Test
    void shouldNameFieldWhenFolderHasNoPath() {
        final String bad = EXPORTS.replace("path: /srv/exports/initech", "region: x");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, EXPORT_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[2].export.destination.path");
    }

    @Test
    void shouldNameFieldWhenDestinationTypeIsUnknown() {
        final String bad = EXPORTS.replace("type: folder", "type: ftp");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, EXPORT_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[2].export.destination.type");
    }

    @Test
    void shouldNameFieldWhenSnowplowIdTypeIsUnknown() {
        final String bad = EXPORTS.replace("idType: domain_userid", "idType: user_id");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, EXPORT_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[2].export.idType");
    }

    @Test
    void shouldNameFieldWhenDelimiterIsLongerThanOneCharacter() {
        final String bad = EXPORTS.replace("gzip: true", "gzip: true\n      delimiter: ';;'");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, EXPORT_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].export.delimiter");
    }

    private static final String PULLS = """
            clients:
              - id: acme
                dmp: tealium
                partners: [acme-tealium]
                phoneCountry: NL
                pull:
                  source:
                    type: sftp
                    host: sftp.acme.example
                    user: bakery
                    password: ${PULL_PASSWORD}
                    remoteDir: crm-exports
                    hostKey: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
                  schedule: daily 02:30
                  filePattern: "crm_*.csv*"
                  content: plaintext
                  columns:
                    email: E-mail adres
                  mode: by-file-name
                  pgpKeys:
                    - path: /etc/bakery/pgp/acme-2024.asc
                      passphrase: ${PGP_PASSPHRASE}
                    - path: /etc/bakery/pgp/acme-2025.asc
                  afterSuccess: move
              - id: globex
                dmp: piano
                partners: [globex-piano]
                pull:
                  source:
                    type: folder
                    path: /srv/pull/globex
            """;

    private static final Map<String, String> PULL_ENV =
            Map.of("PULL_PASSWORD", "pull-secret", "PGP_PASSPHRASE", "pgp-secret");

    @Test
    void shouldParseEveryPullSettingWhenPullIsConfigured() {
        final PullConfig pull = BakeryConfig.parse(PULLS, PULL_ENV).client("acme").orElseThrow().pull();

        assertThat(pull.source().describe()).isEqualTo("sftp://bakery@sftp.acme.example:22/crm-exports");
        assertThat(pull.parsedSchedule().kind()).isEqualTo(PullSchedule.Kind.DAILY);
        assertThat(pull.filePattern()).isEqualTo("crm_*.csv*");
        assertThat(pull.content()).isEqualTo(PullConfig.Content.PLAINTEXT);
        assertThat(pull.columns()).containsEntry("email", "E-mail adres");
        assertThat(pull.mode()).isEqualTo(PullConfig.MODE_BY_FILE_NAME);
        assertThat(pull.pgpKeys()).extracting(PgpKeyConfig::passphrase).containsExactly("pgp-secret", null);
        assertThat(pull.afterSuccess()).isEqualTo(PullConfig.AfterSuccess.MOVE);
    }

    @Test
    void shouldDefaultToHashedAddEveryTenMinutesWhenPullSaysOnlyWhere() {
        final PullConfig pull = BakeryConfig.parse(PULLS, PULL_ENV).client("globex").orElseThrow().pull();

        assertThat(pull.parsedSchedule()).isEqualTo(PullSchedule.DEFAULT);
        assertThat(pull.content()).isEqualTo(PullConfig.Content.HASHED);
        assertThat(pull.mode()).isEqualTo("add");
        assertThat(pull.filePattern()).isEqualTo("*");
        assertThat(pull.afterSuccess()).isEqualTo(PullConfig.AfterSuccess.KEEP);
    }

    @Test
    void shouldNotPrintPassphraseWhenPgpKeyIsLogged() {
        final PullConfig pull = BakeryConfig.parse(PULLS, PULL_ENV).client("acme").orElseThrow().pull();

        assertThat(pull.toString()).doesNotContain("pgp-secret").doesNotContain("pull-secret");
    }

    @Test
    void shouldNameFieldWhenPullScheduleIsNotAPhrase() {
        final String bad = PULLS.replace("schedule: daily 02:30", "schedule: nightly");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, PULL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].pull.schedule");
    }

    @Test
    void shouldNameFieldWhenPullModeIsUnknown() {
        final String bad = PULLS.replace("mode: by-file-name", "mode: upsert");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, PULL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].pull.mode");
    }

    @Test
    void shouldNameFieldWhenPullColumnIsNotAPlaintextField() {
        final String bad = PULLS.replace("email: E-mail adres", "mail: E-mail adres");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, PULL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].pull.columns.mail");
    }

    @Test
    void shouldNameFieldWhenPullSourceHostKeyIsNotPinned() {
        final String bad = PULLS.replace("hostKey: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", "");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, PULL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].pull.source.hostKey");
    }

    @Test
    void shouldNameFieldWhenPgpKeyHasNoPath() {
        final String bad = PULLS.replace("- path: /etc/bakery/pgp/acme-2025.asc", "- passphrase: x");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, PULL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].pull.pgpKeys[1].path");
    }

    @Test
    void shouldNameFieldWhenAfterSuccessIsUnknown() {
        final String bad = PULLS.replace("afterSuccess: move", "afterSuccess: archive");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, PULL_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients[0].pull.afterSuccess");
    }

    // CORS origins and the pixel rate limit (issue 10)

    private static final String HTTP_SECTIONS = VALID + """
            cors:
              allowedOrigins: [https://app.acme.example, "http://localhost:3000"]
            rateLimit:
              perSecond: 20
              burst: 100
              trustedProxies: [10.0.0.5, "::1"]
            """;

    @Test
    void shouldReadCorsOriginsAndRateLimitWhenConfigured() {
        final BakeryConfig config = BakeryConfig.parse(HTTP_SECTIONS, ENV);

        assertThat(config.cors().allowedOrigins()).containsExactly("https://app.acme.example", "http://localhost:3000");
        assertThat(config.pixelRateLimit()).hasValueSatisfying(limit -> {
            assertThat(limit.perSecond()).isEqualTo(20.0);
            assertThat(limit.burst()).isEqualTo(100);
            assertThat(limit.trackedIps()).isEqualTo(RateLimitConfig.DEFAULT_TRACKED_IPS);
            assertThat(limit.trustedProxies()).containsExactly("10.0.0.5", "::1");
        });
    }

    @Test
    void shouldAdmitNoOriginAndLimitNothingWhenTheSectionsAreAbsent() {
        final BakeryConfig config = BakeryConfig.parse(VALID, ENV);

        assertThat(config.cors().allowedOrigins()).isEmpty();
        assertThat(config.pixelRateLimit()).isEmpty();
    }

    @Test
    void shouldNameFieldWhenACorsOriginIsAWildcard() {
        final String bad = HTTP_SECTIONS.replace("https://app.acme.example", "\"*\"");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cors.allowedOrigins[0]");
    }

    @Test
    void shouldNameFieldWhenACorsOriginHasAPath() {
        final String bad = HTTP_SECTIONS.replace("https://app.acme.example", "https://app.acme.example/x");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cors.allowedOrigins[0]");
    }

    @Test
    void shouldNameFieldWhenTheRateIsNotPositive() {
        final String bad = HTTP_SECTIONS.replace("perSecond: 20", "perSecond: 0");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rateLimit.perSecond");
    }

    @Test
    void shouldNameFieldWhenTheBurstIsMissing() {
        final String bad = HTTP_SECTIONS.replace("burst: 100", "");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rateLimit.burst");
    }

    @Test
    void shouldNameFieldWhenATrustedProxyIsAHostName() {
        final String bad = HTTP_SECTIONS.replace("10.0.0.5", "lb.example.com");

        assertThatThrownBy(() -> BakeryConfig.parse(bad, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rateLimit.trustedProxies[0]");
    }
}
