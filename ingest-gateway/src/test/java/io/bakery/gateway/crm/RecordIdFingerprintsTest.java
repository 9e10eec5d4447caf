package io.bakery.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordIdFingerprintsTest {

    @Test
    void shouldRecognizeEveryRepeatedIdWhenHoldingManyIds() {
        final RecordIdFingerprints ids = new RecordIdFingerprints();
        int firstTimeAdds = 0;
        for (int i = 0; i < 300_000; i++) {
            if (ids.add("record-" + i)) {
                firstTimeAdds++;
            }
        }
        int repeatedAdds = 0;
        for (int i = 0; i < 300_000; i += 7) {
            if (ids.add("record-" + i)) {
                repeatedAdds++;
            }
        }

        assertThat(firstTimeAdds).isEqualTo(300_000);
        assertThat(repeatedAdds).isZero();
        assertThat(ids.size()).isEqualTo(300_000);
    }
}
