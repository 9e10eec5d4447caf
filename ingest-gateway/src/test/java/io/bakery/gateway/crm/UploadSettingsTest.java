package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bakery.gateway.GatewaySettings;
import io.bakery.schemas.config.BakeryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadSettingsTest {

    @Test
    void shouldNameTheLimitWhenTheBodyLimitIsNotPositive() {
        assertThatThrownBy(() -> UploadSettings.defaults().withMaxBodyBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBodyBytes");
    }

    @Test
    void shouldNameTheLimitWhenNoUploadMayRun() {
        assertThatThrownBy(() -> UploadSettings.defaults().withConcurrentUploads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrentUploads");
    }

    @Test
    void shouldRefuseATransactionTimeoutTheBrokerWouldRefuseByDefault() {
        assertThatThrownBy(() -> UploadSettings.defaults().withTransactionTimeout(Duration.ofMinutes(16)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transactionTimeout");
    }

    @Test
    void shouldRefuseARowLimitThatCannotHoldOneHashWhenBuilt() {
        assertThatThrownBy(() -> new UploadSettings(1000, 64, 128, 1, Duration.ofMinutes(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRowChars");
    }

    @Test
    void shouldUseTheDefaultLimitsWhenGatewaySettingsGiveNone() {
        final GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, "127.0.0.1:1", Path.of("data"),
                BakeryConfig.parse("clients: []", Map.of()));

        assertThat(settings.uploads()).isEqualTo(UploadSettings.defaults());
    }
}
