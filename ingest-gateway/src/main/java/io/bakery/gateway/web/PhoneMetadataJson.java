package io.bakery.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.metadata.init.MetadataParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The phone metadata the web page's normalizer parses and validates with, taken from the very libphonenumber jar
 * the server normalizes with: page and server cannot drift to different metadata releases, and no JavaScript
 * phone library is needed at build or run time. Holds, per region (and per non-geographic calling code), exactly
 * the fields {@code PhoneNumberUtil.parse} and {@code isValidNumber} read.
 */
public final class PhoneMetadataJson {

    private static final String DATA = "/com/google/i18n/phonenumbers/data/PhoneNumberMetadataProto_";
    private static final String POM = "/META-INF/maven/com.googlecode.libphonenumber/libphonenumber/pom.properties";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PhoneMetadataJson() {}

    /** The metadata document (UTF-8 JSON). */
    public static byte[] build() {
        final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        final ObjectNode root = JSON.createObjectNode();
        root.put("library", "libphonenumber " + libraryVersion());
        final ObjectNode codes = root.putObject("countryCodes");
        final TreeSet<Integer> callingCodes = new TreeSet<>();
        final ObjectNode regions = root.putObject("regions");
        for (final String region : new TreeSet<>(phones.getSupportedRegions())) {
            final PhoneMetadata metadata = load(region);
            regions.set(region, describe(metadata));
            callingCodes.add(metadata.getCountryCode());
        }
        final ObjectNode nonGeographic = root.putObject("nonGeographic");
        for (final int code : new TreeSet<>(phones.getSupportedGlobalNetworkCallingCodes())) {
            nonGeographic.set(Integer.toString(code), describe(load(Integer.toString(code))));
            callingCodes.add(code);
        }
        for (final int code : callingCodes) {
            // In libphonenumber's order: the main country of a shared code first.
            final ArrayNode list = codes.putArray(Integer.toString(code));
            phones.getRegionCodesForCountryCode(code).forEach(list::add);
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode describe(final PhoneMetadata metadata) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("cc", metadata.getCountryCode());
        node.put("idd", metadata.getInternationalPrefix());
        node.put("npp", metadata.getNationalPrefixForParsing());
        node.put("npt", metadata.getNationalPrefixTransformRule());
        node.put("ld", metadata.getLeadingDigits());
        node.put("same", metadata.getSameMobileAndFixedLinePattern());
        node.set("general", desc(metadata.getGeneralDesc(), true));
        // The types isValidNumber tries, in getNumberTypeHelper's order.
        final ArrayNode types = node.putArray("types");
        for (final PhoneNumberDesc desc : List.of(metadata.getPremiumRate(), metadata.getTollFree(),
                metadata.getSharedCost(), metadata.getVoip(), metadata.getPersonalNumber(), metadata.getPager(),
                metadata.getUan(), metadata.getVoicemail(), metadata.getFixedLine(), metadata.getMobile())) {
            types.add(desc(desc, false));
        }
        return node;
    }

    /** [pattern, possible lengths] and, for the general description, the local-only lengths. */
    private static ArrayNode desc(final PhoneNumberDesc desc, final boolean withLocalOnly) {
        final ArrayNode node = JSON.createArrayNode();
        node.add(desc.getNationalNumberPattern());
        final ArrayNode lengths = node.addArray();
        desc.getPossibleLengthList().forEach(lengths::add);
        if (withLocalOnly) {
            final ArrayNode local = node.addArray();
            desc.getPossibleLengthLocalOnlyList().forEach(local::add);
        }
        return node;
    }

    private static PhoneMetadata load(final String key) {
        try (InputStream in = PhoneNumberUtil.class.getResourceAsStream(DATA + key)) {
            if (in == null) {
                throw new IllegalStateException("libphonenumber has no metadata for " + key);
            }
            final Collection<PhoneMetadata> parsed = MetadataParser.newStrictParser().parse(in);
            return parsed.iterator().next();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String libraryVersion() {
        try (InputStream in = PhoneNumberUtil.class.getResourceAsStream(POM)) {
            if (in == null) {
                return "unknown";
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (final IOException e) {
            return "unknown";
        }
    }
}
