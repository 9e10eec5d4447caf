#!/usr/bin/env bash
# Matching topology vs a pass-through Streams app on one embedded KRaft broker, the throughput at 1M and 10M sync
# pairs in state, and the sync-pair stores' bytes per pair (TopologyBench in streams-topology's test sources).
#   bench/topology-bench.sh                               1M / 10M pairs, 500k-event probes
#   SMALL=100000 LARGE=1000000 PROBE=100000 bench/topology-bench.sh   a quick run
#   ROCKSDB_CACHE_MIB=2048 bench/topology-bench.sh         the instance's RocksDB block cache (default 512 MiB,
#                                                          as `bakery topology --rocksdb-cache-mib`)
#   BENCH_JAVA_OPTS=-Dbench.streams.commit.interval.ms=1000 bench/topology-bench.sh   a Streams setting, both apps
# Targets (issue 5): >= 0.5x pass-through; <= 150 bytes per pair on disk; throughput at 10M within 25% of 1M.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${RUN_DIR:-/tmp/bakery-bench-topology}"
rm -rf "$work"; mkdir -p "$work"
cd "$home"
mvn -B -q -o install -DskipTests -DskipITs -pl streams-topology -am
mvn -B -q -o dependency:build-classpath -pl streams-topology -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt"
cp="streams-topology/target/test-classes:streams-topology/target/classes:$(cat "$work/classpath.txt")"
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.bakery.schemas.avro \
  -Dbench.small="${SMALL:-1000000}" -Dbench.large="${LARGE:-10000000}" -Dbench.probe="${PROBE:-500000}" \
  -Dbench.rocksdbCacheMib="${ROCKSDB_CACHE_MIB:-512}" \
  -Dbench.dir="$work" -cp "$cp" io.bakery.topology.bench.TopologyBench
