package io.bakery.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class DiskSpoolTest {

    @TempDir
    Path dir;

    private static OutgoingEvent event(final String value) {
        return new OutgoingEvent("bakery.sync-events", "key".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> values(final List<DiskSpool.SpooledEvent> spooled) {
        return spooled.stream().map(s -> new String(s.event().value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void shouldReturnEventsInArrivalOrder() {
        try (DiskSpool spool = new DiskSpool(dir)) {
            for (int i = 0; i < 300; i++) {
                spool.append(List.of(event("e" + i)));
            }

            final List<String> oldest = values(spool.oldest(300));

            assertThat(oldest).hasSize(300);
            assertThat(oldest.get(0)).isEqualTo("e0");
            assertThat(oldest.get(299)).isEqualTo("e299");
            assertThat(oldest.get(10)).isEqualTo("e10");
        }
    }

    @Test
    void shouldForgetRemovedEventsAndTrackDepth() {
        try (DiskSpool spool = new DiskSpool(dir)) {
            spool.append(List.of(event("a"), event("b"), event("c")));

            spool.remove(List.of(spool.oldest(1).get(0).sequence()));

            assertThat(spool.depth()).isEqualTo(2);
            assertThat(values(spool.oldest(10))).containsExactly("b", "c");
        }
    }

    @Test
    void shouldKeepEventsAndTheirOrderAcrossARestart() {
        try (DiskSpool spool = new DiskSpool(dir)) {
            spool.append(List.of(event("before-1"), event("before-2")));
        }
        try (DiskSpool reopened = new DiskSpool(dir)) {
            reopened.append(List.of(event("after")));

            assertThat(reopened.depth()).isEqualTo(3);
            assertThat(values(reopened.oldest(10))).containsExactly("before-1", "before-2", "after");
        }
    }

    @Test
    void shouldKeepTopicKeyAndValueBytesExactly() {
        try (DiskSpool spool = new DiskSpool(dir)) {
            final OutgoingEvent event = new OutgoingEvent("bakery.erasures", new byte[] {0, 1, 2}, new byte[] {-1, 0});
            spool.append(List.of(event));

            final OutgoingEvent back = spool.oldest(1).get(0).event();

            assertThat(back.topic()).isEqualTo("bakery.erasures");
            assertThat(back.key()).containsExactly(0, 1, 2);
            assertThat(back.value()).containsExactly(-1, 0);
        }
    }

    @Test
    void shouldKeepWhetherAndWhenAProducerWasHandedAnEventAcrossARestart() {
        try (DiskSpool spool = new DiskSpool(dir)) {
            spool.append(List.of(event("never-sent")));
            spool.appendHandedOver(List.of(event("held")), List.of(1_700_000_000_123L));
        }
        try (DiskSpool reopened = new DiskSpool(dir)) {
            final List<DiskSpool.SpooledEvent> spooled = reopened.oldest(10);

            assertThat(values(spooled)).containsExactly("never-sent", "held");
            assertThat(spooled.get(0).handedOver()).isFalse();
            assertThat(spooled.get(1).handedOver()).isTrue();
            assertThat(spooled.get(1).handedOverAtMillis()).isEqualTo(1_700_000_000_123L);
            assertThat(values(reopened.handedOverBefore(reopened.nextSequence()))).containsExactly("held");
        }
    }

    @Test
    void shouldRememberThatReplayedEventsWereHandedOver() {
        try (DiskSpool spool = new DiskSpool(dir)) {
            spool.append(List.of(event("a"), event("b")));
            spool.markHandedOver(spool.oldest(1), 1_700_000_000_456L);
        }
        try (DiskSpool reopened = new DiskSpool(dir)) {
            final List<DiskSpool.SpooledEvent> handedOver = reopened.handedOverBefore(reopened.nextSequence());

            assertThat(values(handedOver)).containsExactly("a");
            assertThat(handedOver.get(0).handedOverAtMillis()).isEqualTo(1_700_000_000_456L);
            assertThat(reopened.depth()).isEqualTo(2);
        }
    }

    @Test
    void shouldReadAnEntryWrittenBeforeHandOversWereRecordedAsHandedOverAtAnUnknownTime() throws Exception {
        // The entry format before the hand-over byte: topic, key length, key, value length, value.
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("bakery.sync-events");
            out.writeInt(3);
            out.write("key".getBytes(StandardCharsets.UTF_8));
            out.writeInt(6);
            out.write("legacy".getBytes(StandardCharsets.UTF_8));
        }
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put(ByteBuffer.allocate(Long.BYTES).putLong(0).array(), bytes.toByteArray());
        }
        try (DiskSpool spool = new DiskSpool(dir)) {
            final List<DiskSpool.SpooledEvent> handedOver = spool.handedOverBefore(spool.nextSequence());

            assertThat(values(handedOver)).containsExactly("legacy");
            assertThat(handedOver.get(0).handedOverAtMillis()).isEqualTo(DiskSpool.HANDED_OVER_AT_UNKNOWN_TIME);
        }
    }
}
