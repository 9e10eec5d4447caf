package io.bakery.schemas.normalize;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/**
 * A rough ns/phone figure for {@link PhoneNormalizer#normalize} on the two phone forms the CRM pull carries (the
 * bench's national {@code 06-1xxxxxxx} and the international {@code +316xxxxxxxx}), one thread, default country NL,
 * with the digits parser and {@link NumberValidity} ("fast") and with every number parsed and validated by
 * libphonenumber ("libphonenumber", as before them),
 * in the same JVM so that both see the same machine. A main class, not a test: timings are measured by hand and
 * written down, never asserted. Run after
 * {@code mvn -q test-compile -pl schemas} with the test classpath, e.g. {@code java -cp
 * schemas/target/classes:schemas/target/test-classes:<deps> io.bakery.schemas.normalize.PhoneNormalizerTiming}.
 */
public final class PhoneNormalizerTiming {

    private static final int PHONES = 10_000;
    private static final int ROUNDS = 20;

    private PhoneNormalizerTiming() {
    }

    public static void main(final String[] args) {
        final Random random = new Random(7);
        final String[] national = new String[PHONES];
        final String[] international = new String[PHONES];
        for (int i = 0; i < PHONES; i++) {
            national[i] = "06-1" + digits(random, 7);
            international[i] = "+316" + digits(random, 8);
        }
        final PhoneNormalizer normalizer = new PhoneNormalizer("NL");
        for (final String[] phones : new String[][] {national, international}) {
            final String form = phones == national ? "06-1xxxxxxx " : "+316xxxxxxxx";
            System.out.printf("%s NL  libphonenumber: %6.0f ns/phone%n", form,
                    nanosPerPhone(normalizer::normalizeWithLibphonenumber, phones));
            System.out.printf("%s NL  fast:           %6.0f ns/phone%n", form,
                    nanosPerPhone(normalizer::normalize, phones));
        }
    }

    /** The median over rounds after as many rounds of warm-up, so that the JIT has compiled the path. */
    private static double nanosPerPhone(final Function<String, Normalized> normalize, final String[] phones) {
        final double[] perRound = new double[ROUNDS];
        long valid = 0;
        for (int round = -ROUNDS; round < ROUNDS; round++) {
            final long start = System.nanoTime();
            for (final String phone : phones) {
                if (normalize.apply(phone).isValid()) {
                    valid++;
                }
            }
            if (round >= 0) {
                perRound[round] = (System.nanoTime() - start) / (double) phones.length;
            }
        }
        // Printed so that the JIT cannot drop the work, and as a check of how many numbers are valid ones.
        System.out.printf("  (%d valid of %d)%n", valid, 2L * ROUNDS * phones.length);
        Arrays.sort(perRound);
        return perRound[ROUNDS / 2];
    }

    private static String digits(final Random random, final int count) {
        final StringBuilder text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        return text.toString();
    }
}
