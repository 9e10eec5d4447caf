#!/usr/bin/env bash
# CRM upload benchmark: a 5M-row hashed CSV (gzip) uploaded end to end to a gateway whose heap is capped at
# 512 MB; prints rows/s and the gateway's peak heap, for bench/RESULTS.md.
#
#   bench/upload-5m.sh                 5,000,000 rows
#   ROWS=100000 bench/upload-5m.sh     a quick run
#   WARMUP_ROWS=0 bench/upload-5m.sh   measure the gateway's first upload, with no warm-up upload before it
#   KEEP=1 bench/upload-5m.sh          keep the work folder (data, logs) afterwards
#   GATEWAY_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/upload.jfr" bench/upload-5m.sh   profile the gateway
#
# What runs: `bakery broker` (single-node KRaft, every topic) in its own JVM, as in pull-10m.sh (until 2026-12-04
# it was the whole dev stack, whose topology, exporter and second gateway were still starting up when the upload
# began); the measured gateway is a separate `bakery gateway` JVM with -Xmx512m and a GC log, so its heap is the
# gateway's alone. First an unmeasured warm-up upload (WARMUP_ROWS, default 1,000,000: the first rows of the same
# file, as another client, so no record id is shared), then the measured one: a gateway in service has long
# compiled its upload path, and on 2 cores the first upload shares them with both JVMs' C2 compilers (a cold
# 5M-row upload on 2026-12-05: C2 7.0 s of CPU in the gateway and 6.6 s in the fresh broker, of ~53 CPU-seconds in
# all; cold 151-187k rows/s, warm 229k and 288k in the same hour). The warm-up's own (cold) rate is printed too.
# The upload starts once the CPUs are at least 75% idle (at most 60 s of waiting; the busy share is printed). The
# data is synthetic plaintext hashed with `bakery hash` (also timed); the upload is one curl POST
# streaming the file (-T, not loaded into memory). The response comes only after every row is acknowledged
# and the upload's transaction is committed, so the time to the response is the end-to-end time.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${ROWS:-5000000}"
heap="${GATEWAY_HEAP:-512m}"
broker_port="${BROKER_PORT:-29092}"
gateway_port="${GATEWAY_PORT:-28081}"
. "$home/bench/lib.sh"
use_work_dir bakery-bench-upload

"$home/bakery" --version >/dev/null # builds the launcher when sources changed

echo "== data: $rows synthetic plaintext rows, hashed with bakery hash" >&2
synthetic_plaintext_csv "$rows" "$work/plain.csv"
hash_start=$(date +%s.%N)
"$home/bakery" hash --input "$work/plain.csv" --output "$work/hashed.csv.gz" --country NL \
  --report "$work/hash-report.json" > /dev/null
hash_end=$(date +%s.%N)
rm "$work/plain.csv"
written=$(grep -o '"written" : [0-9]*' "$work/hash-report.json" | grep -o '[0-9]*$')
gz_bytes=$(stat -c %s "$work/hashed.csv.gz")

echo "== broker on $broker_port" >&2
start_broker "$broker_port" "$work/broker" "$work/broker.log"
track "$broker_pid"

echo "== gateway with -Xmx$heap on $gateway_port" >&2
BAKERY_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc.log:uptime ${GATEWAY_JAVA_OPTS:-}" "$home/bakery" gateway \
  --config "$home/config/bakery.dev.yaml" --bootstrap-servers "127.0.0.1:$broker_port" \
  --data-dir "$work/gateway" --port "$gateway_port" > "$work/gateway.log" 2>&1 &
gateway_pid=$!
track "$gateway_pid"
await_ready "$gateway_port" || { echo "gateway not ready; see $work/gateway.log" >&2; exit 1; }

warmup_rows="${WARMUP_ROWS:-1000000}"
warmup_line="none (WARMUP_ROWS=0: the gateway's first upload is the measured one)"
if [ "$warmup_rows" -gt 0 ]; then
  echo "== warm-up upload: the first $warmup_rows rows, as client globex (not measured)" >&2
  # zcat stops on SIGPIPE once head has its rows: not a failure.
  { zcat "$work/hashed.csv.gz" || true; } | head -n "$((warmup_rows + 1))" | gzip -1 > "$work/warmup.csv.gz"
  warmup_start=$(date +%s.%N)
  warmup_status=$(curl -sS -o "$work/warmup-report.json" -w '%{http_code}' -X POST -T "$work/warmup.csv.gz" \
    -H 'Authorization: Bearer dev-globex-key' -H 'Content-Type: text/csv' -H 'Content-Encoding: gzip' \
    "http://127.0.0.1:$gateway_port/api/v1/clients/globex/uploads?mode=add")
  warmup_end=$(date +%s.%N)
  [ "$warmup_status" = 200 ] || { echo "warm-up upload failed: HTTP $warmup_status" >&2; exit 1; }
  warmup_line="$warmup_rows rows first (HTTP 200, $(printf '%.0f' "$(echo "$warmup_rows / ($warmup_end - $warmup_start)" | bc -l)") rows/s cold), not measured"
fi

busy_before=$(await_idle)
echo "== upload ($gz_bytes bytes gzip)" >&2
upload_start=$(date +%s.%N)
status=$(curl -sS -o "$work/upload-report.json" -w '%{http_code}' -X POST -T "$work/hashed.csv.gz" \
  -H 'Authorization: Bearer dev-acme-key' -H 'Content-Type: text/csv' -H 'Content-Encoding: gzip' \
  "http://127.0.0.1:$gateway_port/api/v1/clients/acme/uploads?mode=add")
upload_end=$(date +%s.%N)
heap_info=$(jcmd "$gateway_pid" GC.heap_info 2>/dev/null | head -3 || true)

accepted=$(grep -o '"accepted":[0-9]*' "$work/upload-report.json" | grep -o '[0-9]*$' || echo 0)
decoded=$(grep -o '"decodedBytes":[0-9]*' "$work/upload-report.json" | grep -o '[0-9]*$' || echo 0)
# G1 log lines end in "<before>M-><after>M(<committed>M) <pause>ms": the heap in use peaks right before a GC.
peak_mb=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$work/gc.log" | sed 's/M->.*//' | sort -n | tail -1)
committed_mb=$(grep -o '([0-9]*M)' "$work/gc.log" | tr -d '()M' | sort -n | tail -1)
gcs=$(grep -c 'Pause' "$work/gc.log" || true)

seconds=$(echo "$upload_end - $upload_start" | bc -l)
hash_seconds=$(echo "$hash_end - $hash_start" | bc -l)
cat <<EOF
date:            $(date -u +%Y-%m-%dT%H:%MZ)
machine:         $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load before upload: $(cut -d' ' -f1-3 /proc/loadavg), CPUs ${busy_before}% busy
java:            $(java -version 2>&1 | head -1)
rows:            $rows (hashed: $written written)
warm-up:         $warmup_line
bakery hash:     $(printf '%.1f' "$hash_seconds") s, $(printf '%.0f' "$(echo "$written / $hash_seconds" | bc -l)") rows/s
body:            $gz_bytes bytes gzip, $decoded bytes decoded
upload:          HTTP $status, accepted $accepted, $(printf '%.1f' "$seconds") s to the response (all acknowledged, committed)
upload rate:     $(printf '%.0f' "$(echo "$accepted / $seconds" | bc -l)") rows/s, $(printf '%.1f' "$(echo "$decoded / $seconds / 1048576" | bc -l)") MiB/s decoded
gateway heap:    -Xmx$heap; peak in use ${peak_mb:-?} MB (before a GC, $gcs GCs, warm-up included), committed at most ${committed_mb:-?} MB
EOF
[ -n "$heap_info" ] && echo "heap at end:     $(echo "$heap_info" | tr -s ' ' | head -2 | tr '\n' ' ')"
[ "$status" = 200 ] && [ "$accepted" = "$written" ]
