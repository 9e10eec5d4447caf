package io.bakery.testsupport.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaintextScannerTest {

    private static final String EMAIL = "anna.bakker12@example.com";
    private final PlaintextScanner scanner = new PlaintextScanner(List.of(EMAIL, "+31612345678", "1234AB"));

    @Test
    void shouldFindANeedleWhenItIsAmongBinaryBytes() {
        final byte[] bytes = concat(new byte[] {0, 1, 2, (byte) 0xff}, EMAIL.getBytes(StandardCharsets.UTF_8),
                new byte[] {7});
        final ScanReport.Builder report = new ScanReport.Builder("bytes");

        scanner.scan(bytes, "record 1", report);

        assertThat(report.build().findings()).containsExactly(new ScanReport.Finding(EMAIL, "record 1"));
    }

    @Test
    void shouldFindEveryNeedleWhenTheyShareAPrefixOrOverlap() {
        final PlaintextScanner sharing = new PlaintextScanner(List.of("31612345678", "+31612345678", "3161"));
        final ScanReport.Builder report = new ScanReport.Builder("bytes");

        sharing.scan("tel:+31612345678".getBytes(StandardCharsets.UTF_8), "line", report);

        assertThat(report.build().findings()).extracting(ScanReport.Finding::needle)
                .containsExactlyInAnyOrder("31612345678", "+31612345678", "3161");
    }

    @Test
    void shouldFindNothingAndCountTheBytesWhenNoNeedleIsThere() {
        final ScanReport.Builder report = new ScanReport.Builder("bytes");

        scanner.scan("anna.bakker12@example.co 1234A 3161234567".getBytes(StandardCharsets.UTF_8), "line", report);

        final ScanReport result = report.build();
        assertThat(result.findingCount()).isZero();
        assertThat(result.bytes()).isEqualTo(41);
    }

    @Test
    void shouldFindANeedleExactlyOnceWhenItSpansTwoChunksOfAStream() throws Exception {
        final byte[] bytes = new byte[3 << 20];
        Arrays.fill(bytes, (byte) 'x');
        final byte[] needle = EMAIL.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(needle, 0, bytes, (1 << 20) - 5, needle.length);
        final ScanReport.Builder report = new ScanReport.Builder("stream");

        scanner.scan(new ByteArrayInputStream(bytes), "big file", report);

        final ScanReport result = report.build();
        assertThat(result.findingCount()).isEqualTo(1);
        assertThat(result.bytes()).isEqualTo(bytes.length);
    }

    @Test
    void shouldRefuseANeedleWhenItIsTooShortToMeanAnything() {
        assertThatThrownBy(() -> new PlaintextScanner(List.of("12")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 4 bytes");
    }

    private static byte[] concat(final byte[]... parts) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
