package io.bakery.schemas;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Random, schema-valid instances of generated record types, for round-trip tests of every wire type. */
public final class RandomRecords {

    private final Random random;

    public RandomRecords(final long seed) {
        this.random = new Random(seed);
    }

    /** A random instance of {@code type}, with every union branch and collection size chosen at random. */
    public <T extends SpecificRecord> T next(final Class<T> type) {
        final SpecificData model = SpecificData.getForClass(type);
        final Schema schema = model.getSchema(type);
        return type.cast(model.deepCopy(schema, generate(schema, model)));
    }

    private Object generate(final Schema schema, final GenericData model) {
        switch (schema.getType()) {
            case RECORD:
                final GenericData.Record record = new GenericData.Record(schema);
                for (final Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), generate(field.schema(), model));
                }
                return record;
            case ENUM:
                final List<String> symbols = schema.getEnumSymbols();
                return new GenericData.EnumSymbol(schema, symbols.get(random.nextInt(symbols.size())));
            case ARRAY:
                final List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(generate(schema.getElementType(), model));
                }
                return items;
            case MAP:
                final Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(text(), generate(schema.getValueType(), model));
                }
                return map;
            case UNION:
                final List<Schema> branches = schema.getTypes();
                return generate(branches.get(random.nextInt(branches.size())), model);
            case STRING:
                return text();
            case BYTES:
                final byte[] bytes = new byte[random.nextInt(16)];
                random.nextBytes(bytes);
                return ByteBuffer.wrap(bytes);
            case INT:
                return random.nextInt();
            case LONG:
                final long millis = random.nextLong() >>> 24;
                return schema.getLogicalType() == null ? (Object) millis : java.time.Instant.ofEpochMilli(millis);
            case FLOAT:
                return random.nextFloat();
            case DOUBLE:
                return random.nextDouble();
            case BOOLEAN:
                return random.nextBoolean();
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException("no generator for " + schema.getType());
        }
    }

    private String text() {
        final StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(24); i > 0; i--) {
            // Mostly ASCII, sometimes outside the BMP, to exercise UTF-8 encoding.
            text.appendCodePoint(random.nextInt(10) == 0 ? 0x1F36A : 'a' + random.nextInt(26));
        }
        return text.toString();
    }
}
