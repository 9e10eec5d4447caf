#!/usr/bin/env bash
# The onboarding page's hashing pass in headless Chromium: a CSV of ROWS rows with three identifiers (email, phone,
# NL address) streamed, normalized (spec v1) and SHA-256 hashed by the page's Web Worker; prints the worker's time
# and rows/s (HashInBrowserBench in ingest-gateway's test sources). Needs Debian's chromium and chromium-driver.
#   bench/hash-in-browser-1m.sh               1M rows
#   ROWS=100000 bench/hash-in-browser-1m.sh   a quick run
# Target (issue 7): 1M rows in <= 15 s.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${RUN_DIR:-/tmp/bakery-bench-hash}"
mkdir -p "$work"
cd "$home"
mvn -B -q -o install -DskipTests -DskipITs -pl ingest-gateway -am
mvn -B -q -o dependency:build-classpath -pl ingest-gateway -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt"
cp="ingest-gateway/target/test-classes:ingest-gateway/target/classes:$(cat "$work/classpath.txt")"
# No broker runs: the gateway's dashboard reader logs its reconnects, which are filtered out here.
java -Xmx1g -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.bakery.schemas.avro \
  -Dbench.rows="${ROWS:-1000000}" -Dbench.dir="$work" -cp "$cp" io.bakery.gateway.web.bench.HashInBrowserBench \
  2>&1 | grep -v -e NetworkClient -e 'INFO '
