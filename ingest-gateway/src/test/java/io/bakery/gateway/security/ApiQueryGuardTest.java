package io.bakery.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.gateway.http.ApiQueryGuard;
import org.junit.jupiter.api.Test;

class ApiQueryGuardTest {

    @Test
    void shouldAcceptAQueryWhenItIsValidPercentEncodedUtf8() {
        assertThat(ApiQueryGuard.decodable("mode=replace-all&session=ab%2Dcd&name=caf%C3%A9+x")).isTrue();
    }

    @Test
    void shouldRefuseAQueryWhenAPercentIsNotFollowedByTwoHexDigits() {
        assertThat(ApiQueryGuard.decodable("mode=%zz")).isFalse();
        assertThat(ApiQueryGuard.decodable("mode=add%")).isFalse();
        assertThat(ApiQueryGuard.decodable("mode=add%4")).isFalse();
    }

    @Test
    void shouldRefuseAQueryWhenTheDecodedBytesAreNotUtf8() {
        assertThat(ApiQueryGuard.decodable("mode=%c3%28")).isFalse();
        assertThat(ApiQueryGuard.decodable("mode=%ff")).isFalse();
    }
}
