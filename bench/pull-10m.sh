#!/usr/bin/env bash
# CRM pull benchmark (issue 8): a 10M-row plaintext CSV (record id + three identifiers: email, phone, postal address
# as postcode + house number) pulled from an SFTP server on loopback, hashed on read with spec v1 and produced in one
# Kafka transaction by a gateway whose heap is capped at 512 MB; prints rows/s and the gateway's peak heap.
# Target: >= 150k rows/s, heap under 512 MB.
#
#   bench/pull-10m.sh                  10,000,000 rows
#   ROWS=200000 bench/pull-10m.sh      a quick run (QUICK=1 does the same, for bench/run-all)
#   KEEP=1 bench/pull-10m.sh           keep the work folder (data, logs) afterwards
#   GATEWAY_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/pull.jfr" bench/pull-10m.sh   profile the gateway
#
# What runs, each in its own JVM: `bakery broker` (single-node KRaft, every topic), bench/SftpBenchServer.java
# (Apache MINA SSHD serving the client's folder, password login, host key pinned by the gateway), and the measured
# `bakery gateway` (-Xmx512m, GC log) whose only pull client polls the SFTP folder every second. The CSV is written
# under a hidden name (ignored by the pull), the gateway is started, and the file is renamed to add_bench.csv: the
# time runs from that rename to the moment NAME.report.json is written back, which the gateway does after the
# file's transaction is committed. It includes the file's one read (read + SHA-256 of the file as stored + hash +
# produce; before 35467fa a first pass took the SHA-256 alone) and up to one second of poll interval.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${QUICK:-}" ]; then rows="${ROWS:-200000}"; else rows="${ROWS:-10000000}"; fi
heap="${GATEWAY_HEAP:-512m}"
broker_port="${BROKER_PORT:-29192}"
gateway_port="${GATEWAY_PORT:-28181}"
jar="$home/launcher/target/bakery.jar"
sftp_user="bench-client"
sftp_password="bench-only-password-$RANDOM$RANDOM"
. "$home/bench/lib.sh"
use_work_dir bakery-bench-pull

"$home/bakery" --version >/dev/null # builds the launcher when sources changed

inbox="$work/sftp-root/acme"
mkdir -p "$inbox"
echo "== data: $rows synthetic plaintext rows (record id, email, phone, postcode, house number)" >&2
synthetic_plaintext_csv "$rows" "$inbox/.incoming.csv"
csv_bytes=$(stat -c %s "$inbox/.incoming.csv")

echo "== broker on $broker_port" >&2
start_broker "$broker_port" "$work/broker" "$work/broker.log"
track "$broker_pid"

echo "== SFTP server (MINA SSHD) serving $work/sftp-root" >&2
java -Xmx256m -cp "$jar" "$home/bench/SftpBenchServer.java" "$work/sftp-root" "$sftp_user" "$sftp_password" \
  "$work/sftp.info" > "$work/sftp.log" 2>&1 &
track $!
for _ in $(seq 1 60); do [ -f "$work/sftp.info" ] && break; sleep 1; done
sftp_port=$(sed -n 's/^port=//p' "$work/sftp.info")
host_key=$(sed -n 's/^hostKey=//p' "$work/sftp.info")

# One client, pulling plaintext from its SFTP folder every second; the cookie section is the dev one (unused).
cat > "$work/bakery.yaml" <<EOF
cookie:
  domain: null
  signingKeys:
    - id: bench1
      secret: bench-only-cookie-signing-secret-0123456789
clients:
  - id: acme
    dmp: tealium
    partners: [acme-tealium]
    timeZone: Europe/Amsterdam
    phoneCountry: NL
    pull:
      source:
        type: sftp
        host: 127.0.0.1
        port: $sftp_port
        user: $sftp_user
        password: $sftp_password
        remoteDir: acme
        hostKey: "$host_key"
      schedule: every 1s
      filePattern: "*.csv"
      content: plaintext
      mode: add
EOF

echo "== gateway with -Xmx$heap on $gateway_port" >&2
BAKERY_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc.log:uptime ${GATEWAY_JAVA_OPTS:-}" "$home/bakery" gateway \
  --config "$work/bakery.yaml" --bootstrap-servers "127.0.0.1:$broker_port" \
  --data-dir "$work/gateway" --port "$gateway_port" > "$work/gateway.log" 2>&1 &
gateway_pid=$!
track "$gateway_pid"
await_line "$work/gateway.log" "pull for client acme scheduled" 180
for _ in $(seq 1 180); do curl -fsS -o /dev/null "http://127.0.0.1:$gateway_port/readyz" 2>/dev/null && break; sleep 1; done

echo "== pull of add_bench.csv ($csv_bytes bytes) over SFTP" >&2
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
mv "$inbox/.incoming.csv" "$inbox/add_bench.csv"
report="$inbox/add_bench.csv.report.json"
until [ -f "$report" ]; do
  if ! kill -0 "$gateway_pid" 2>/dev/null; then echo "the gateway died; see $work/gateway.log" >&2; exit 1; fi
  sleep 0.2
done
end=$(stat -c %.9Y "$report")
heap_info=$(jcmd "$gateway_pid" GC.heap_info 2>/dev/null | head -3 || true)

accepted=$(grep -o '"accepted" : [0-9]*' "$report" | grep -o '[0-9]*$' || echo 0)
status=$(grep -o '"status" : "[a-z]*"' "$report" | sed 's/.*: "//; s/"//' || echo '?')
# G1 log lines end in "<before>M-><after>M(<committed>M) <pause>ms": the heap in use peaks right before a GC.
peak_mb=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$work/gc.log" | sed 's/M->.*//' | sort -n | tail -1)
committed_mb=$(grep -o '([0-9]*M)' "$work/gc.log" | tr -d '()M' | sort -n | tail -1)
gcs=$(grep -c 'Pause' "$work/gc.log" || true)
seconds=$(echo "$end - $start" | bc -l)

cat <<EOF
date:            $(date -u +%Y-%m-%dT%H:%MZ)
machine:         $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load before the pull: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)
java:            $(java -version 2>&1 | head -1)
rows:            $rows plaintext rows, $csv_bytes bytes (record id, email, phone, postcode + house number)
pull:            report status $status, accepted $accepted, $(printf '%.1f' "$seconds") s from the rename to the report (committed)
pull rate:       $(printf '%.0f' "$(echo "$accepted / $seconds" | bc -l)") rows/s, $(printf '%.1f' "$(echo "$csv_bytes / $seconds / 1048576" | bc -l)") MiB/s of plaintext
gateway heap:    -Xmx$heap; peak in use ${peak_mb:-?} MB (before a GC, $gcs GCs), committed at most ${committed_mb:-?} MB
EOF
[ -n "$heap_info" ] && echo "heap at end:     $(echo "$heap_info" | tr -s ' ' | head -2 | tr '\n' ' ')"
[ "$status" = complete ] && [ "$accepted" = "$rows" ]
