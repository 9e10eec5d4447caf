package io.bakery.schemas.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the Java implementation of spec v1 over every case of the shared vector file the web page also runs. */
class NormalizationVectorsTest {

    private static final List<JsonNode> CASES = load();

    static Stream<Arguments> cases() {
        return CASES.stream().map(vector -> Arguments.of(vector.get("id").asText(), vector));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldProduceTheExpectedValueAndHashWhenRunningAVector(final String id, final JsonNode vector) {
        final Normalized result = run(vector);

        if (vector.has("rejected")) {
            assertThat(result.rejection()).as(vector.get("id").asText())
                    .isEqualTo(Rejection.valueOf(vector.get("rejected").asText()));
        } else {
            assertThat(result.value()).as(vector.get("id").asText()).isEqualTo(vector.get("expected").asText());
            if (vector.has("sha256")) {
                assertThat(result.sha256()).as(vector.get("id").asText()).isEqualTo(vector.get("sha256").asText());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emailCases")
    void shouldGiveOneObjectForBothEmailFormsExactlyWhenTheirTextsAreTheSame(final String id, final JsonNode vector) {
        final EmailNormalizer.Forms forms = EmailNormalizer.forms(vector.get("input").asText());

        // normalize() and canonical() are forms()'s two halves, which the vectors above pin; here: one object when
        // the texts are the same, so that a caller hashes it once, and two when they differ (Gmail).
        assertThat(forms.canonical() == forms.basic()).as(id)
                .isEqualTo(forms.basic().equals(forms.canonical()));
    }

    static Stream<Arguments> emailCases() {
        return cases().filter(arguments -> ((JsonNode) arguments.get()[1]).get("kind").asText().startsWith("email"));
    }

    @Test
    void shouldHoldAtLeastEightyCasesCoveringEveryKindAndEveryRejectionWhenLoaded() {
        final Set<Rejection> reasons = EnumSet.noneOf(Rejection.class);
        final Set<String> kinds = new java.util.HashSet<>();
        for (final JsonNode vector : CASES) {
            kinds.add(vector.get("kind").asText());
            if (vector.has("rejected")) {
                reasons.add(Rejection.valueOf(vector.get("rejected").asText()));
            }
        }

        assertThat(CASES).hasSizeGreaterThanOrEqualTo(80);
        assertThat(kinds).containsExactlyInAnyOrder("email", "email_canonical", "phone", "address", "hash");
        assertThat(reasons).containsExactlyInAnyOrder(Rejection.values());
    }

    private static Normalized run(final JsonNode vector) {
        final String country = vector.hasNonNull("country") ? vector.get("country").asText() : null;
        final JsonNode input = vector.get("input");
        return switch (vector.get("kind").asText()) {
            case "email" -> EmailNormalizer.normalize(input.asText());
            case "email_canonical" -> EmailNormalizer.canonical(input.asText());
            case "phone" -> new PhoneNormalizer(country).normalize(input.asText());
            case "address" -> new AddressKeyNormalizer(country).normalize(new AddressFields(
                    input.get("country").asText(), input.get("postcode").asText(),
                    input.get("houseNumber").asText(), input.get("addition").asText()));
            case "hash" -> HashCanonicalizer.canonicalize(input.asText());
            default -> throw new IllegalArgumentException("unknown kind in " + vector);
        };
    }

    private static List<JsonNode> load() {
        try (InputStream in = NormalizationVectorsTest.class.getResourceAsStream(NormalizationSpec.VECTORS_RESOURCE)) {
            final JsonNode root = new ObjectMapper().readTree(in);
            assertThat(root.get("specVersion").asInt()).isEqualTo(NormalizationSpec.VERSION);
            final List<JsonNode> cases = new ArrayList<>();
            root.get("cases").forEach(cases::add);
            return cases;
        } catch (final IOException e) {
            throw new IllegalStateException("cannot read the vector file", e);
        }
    }
}
