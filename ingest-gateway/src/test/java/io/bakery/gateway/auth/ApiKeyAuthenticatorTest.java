package io.bakery.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.config.ApiKeyConfig.Scope;
import io.bakery.schemas.config.BakeryConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(BakeryConfig.parse(TestApiKeys.CONFIG_TEXT, Map.of()));

    @Test
    void shouldFindTheClientOfAKeyWhenItIsConfigured() {
        assertThat(auth.authenticate("Bearer acme-key")).get().extracting(Caller::clientId).isEqualTo("acme");
    }

    @Test
    void shouldFindNobodyWhenTheKeyIsUnknownOrTheSchemeIsNotBearer() {
        assertThat(auth.authenticate("Bearer nope")).isEmpty();
        assertThat(auth.authenticate("Basic acme-key")).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
    }

    @Test
    void shouldLetAClientKeyActOnlyForItsOwnClientWithItsScopes() {
        final Caller acme = auth.authenticate("Bearer acme-key").orElseThrow();
        final Caller readOnly = auth.authenticate("Bearer acme-read-key").orElseThrow();

        assertThat(acme.mayActFor("acme", Scope.UPLOAD)).isTrue();
        assertThat(acme.mayActFor("globex", Scope.UPLOAD)).isFalse();
        assertThat(readOnly.mayActFor("acme", Scope.UPLOAD)).isFalse();
    }
}
