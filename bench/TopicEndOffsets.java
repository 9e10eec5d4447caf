import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Bench helper: prints the sum of a topic's end offsets, i.e. how many records it holds (no compaction, no
 * transactions on the sync-events topic). Run with the launcher jar on the class path:
 * {@code java -cp launcher/target/bakery.jar bench/TopicEndOffsets.java BOOTSTRAP TOPIC}.
 */
public final class TopicEndOffsets {
    public static void main(final String[] args) throws Exception {
        final Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        try (Admin admin = Admin.create(props)) {
            final int partitions = admin.describeTopics(List.of(args[1])).allTopicNames().get()
                    .get(args[1]).partitions().size();
            final Map<TopicPartition, OffsetSpec> latest = java.util.stream.IntStream.range(0, partitions)
                    .boxed().collect(Collectors.toMap(p -> new TopicPartition(args[1], p), p -> OffsetSpec.latest()));
            long sum = 0;
            for (final var info : admin.listOffsets(latest).all().get().values()) {
                sum += info.offset();
            }
            System.out.println(sum);
        }
    }
}
