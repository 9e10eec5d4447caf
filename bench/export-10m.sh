#!/usr/bin/env bash
# A 10M-row client-day delta written and compressed the exporter's way (spill -> Permutive profile, CSV + gzip,
# SHA-256, fsync; ExportBench in exporter's test sources), against `gzip -c` of the same CSV bytes in the same run.
# Target (issue 6): the exporter's time <= 1.5x gzip's. Also checks that the exporter's file inflates to exactly
# the CSV bytes gzip compressed, and reports the exporter JVM's peak heap (run with -Xmx256m).
#   bench/export-10m.sh              10,000,000 rows
#   ROWS=1000000 bench/export-10m.sh a quick run
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${ROWS:-10000000}"
work="${RUN_DIR:-/tmp/bakery-bench-export}"
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$home"
mvn -B -q -o install -DskipTests -DskipITs -pl exporter -am
mvn -B -q -o dependency:build-classpath -pl exporter -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
cp="exporter/target/test-classes:exporter/target/classes:$(cat "$work/classpath.txt")"

java -Xmx256m -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.bakery.schemas.avro -Dbench.rows="$rows" \
  -Dbench.dir="$work" -cp "$cp" io.bakery.exporter.bench.ExportBench | tee "$work/export.out"
export_s=$(sed -n 's/^export_seconds=//p' "$work/export.out")

start=$(date +%s.%N)
gzip -c "$work/bench.csv" > "$work/gzip.csv.gz"
sync "$work/gzip.csv.gz"
end=$(date +%s.%N)
gzip_s=$(echo "$end - $start" | bc -l)

gunzip -c "$work/bench.csv.gz" | cmp - "$work/bench.csv" && same="yes" || same="NO"
printf 'rows=%s csv_bytes=%s\n' "$rows" "$(stat -c %s "$work/bench.csv")"
printf 'exporter: %.2f s (%s bytes)\ngzip -c:  %.2f s (%s bytes)\nratio:    %.2f x gzip (target <= 1.5)\n' \
  "$export_s" "$(stat -c %s "$work/bench.csv.gz")" "$gzip_s" "$(stat -c %s "$work/gzip.csv.gz")" \
  "$(echo "$export_s / $gzip_s" | bc -l)"
echo "exporter file inflates to the same CSV bytes: $same"
