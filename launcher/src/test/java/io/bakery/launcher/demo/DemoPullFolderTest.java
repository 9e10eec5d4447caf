package io.bakery.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.CorsConfig;
import io.bakery.schemas.config.RateLimitConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo points one client's pull at its own folder and leaves the rest of the configuration as it was. */
class DemoPullFolderTest {

    private static final Path DEV_CONFIG = Path.of("..", "config", "bakery.dev.yaml");

    @Test
    void shouldKeepTheCorsOriginsAndThePixelRateLimitWhenThePullFolderIsReplaced() {
        final BakeryConfig dev = BakeryConfig.load(DEV_CONFIG, Map.of());
        final BakeryConfig configured = new BakeryConfig(dev.cookie(), dev.consent(), dev.clients(), dev.adminKeys(),
                new CorsConfig(List.of("https://onboarding.example")),
                new RateLimitConfig(50.0, 100, 1_000, List.of()));

        final BakeryConfig demo = DemoRunner.withPullFolder(configured, Path.of("/tmp/demo-pull"));

        assertThat(demo.cors()).isEqualTo(configured.cors());
        assertThat(demo.pixelRateLimit()).contains(configured.rateLimit());
        final var pulling = demo.clients().stream().filter(c -> c.pull() != null).findFirst().orElseThrow();
        assertThat(pulling.pull().source().path()).isEqualTo(Path.of("/tmp/demo-pull", pulling.id()).toString());
    }
}
