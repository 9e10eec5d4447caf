#!/usr/bin/env bash
# Soak (issue 10): sync pixel hits at a constant half of the measured maximum rate for 10 minutes, against the
# gateway in its own JVM on the dev broker (as bench/pixel-wrk.sh, whose pieces are in bench/lib.sh).
#   bench/soak.sh                          (from the repository root; 10 minutes)
#   DURATION=1m INTERVAL=10s bench/soak.sh (a short check of the script)
# Load: bench/PixelLoad.java, a constant-rate (open model) generator: request i is due at i / RATE and its latency
# counts from then, so a stall is charged in full (wrk paces each connection only after its answer; wrk2 is not
# installed). Every hit is a Tealium sync with a unique cookie id and a valid signed Bakery id cookie: all stored.
# Per interval: offered rate, 2xx / non-2xx / errors, p50 / p99 / max latency, gateway RSS (/proc) and heap after
# its latest GC (the gateway's GC log). At the end:
#   - zero loss: records added to bakery.sync-events == 2xx answers == the gateway's "stored" count, no errors;
#   - p99 stable: the first and the last interval's p99 within 1.5 x (or 5 ms) of each other, either way;
#   - memory stable: live heap (after a full GC, taken before and after the measured run, outside it)
#     at the end <= 1.2 x the start's + 8 MB, and RSS grows by at most 10% over the second half of the run (the JVM
#     commits heap during the first minutes; a leak keeps growing).
# A JIT warm-up at the same rate (WARMUP) comes first and is not measured.
# Env: DURATION (10m), RATE (1775/s: half of 3550.62 req/s, the idle full-speed pixel figure in bench/RESULTS.md,
#      2026-11-23 13:55), INTERVAL (1m), WARMUP (20s), CONNECTIONS (64), GATEWAY_JAVA_OPTS, GW_PORT (18090),
#      BROKER_PORT (19292), RUN_DIR (/tmp/bakery-soak); QUICK=1 sets DURATION=1m INTERVAL=10s WARMUP=10s.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ -n "${QUICK:-}" ]; then DURATION=${DURATION:-1m}; INTERVAL=${INTERVAL:-10s}; WARMUP=${WARMUP:-10s}; fi
duration=${DURATION:-10m}; rate=${RATE:-1775}; interval=${INTERVAL:-1m}; warmup=${WARMUP:-20s}
conns=${CONNECTIONS:-64}; gw_port=${GW_PORT:-18090}; broker_port=${BROKER_PORT:-19292}
run=${RUN_DIR:-/tmp/bakery-soak}
topic=bakery.sync-events

seconds() { # 10m, 90s, 1h, 600 -> seconds
  case "$1" in *h) echo $(( ${1%h} * 3600 )) ;; *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac
}
rss_mb() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$gw_pid/status"; }
heap_after_gc_mb() { # the heap after the latest GC in the gateway's GC log, in MB
  grep -o '[0-9]*[KMG]->[0-9]*[KMG]([0-9]*[KMG])' "$run/gc.log" 2>/dev/null | tail -1 \
    | sed 's/.*->\([0-9]*\)\([KMG]\)(.*/\1 \2/' \
    | awk '{ v = $1; if ($2 == "K") v /= 1024; if ($2 == "G") v *= 1024; printf "%d", v } END { if (NR == 0) printf "-" }'
}
live_heap_mb() { # a full GC, then the heap in use: what the gateway really keeps
  jcmd "$gw_pid" GC.run >/dev/null
  jcmd "$gw_pid" GC.heap_info | awk '/ total .* used / { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%d", v / 1024; exit } }'
}

rm -rf "$run"; mkdir -p "$run"
trap stop_started EXIT
start_broker "$broker_port" "$run/data" "$run/broker.log"
start_gateway "$gw_port" "$broker_port" "$run/data" "$run/gateway.log" \
  "-Xlog:gc:file=$run/gc.log:uptime ${GATEWAY_JAVA_OPTS:-}"
BAKERY_COOKIE="$(signed_bakery_cookie)"
export BAKERY_COOKIE
load() { java "$home/bench/PixelLoad.java" "$gw_port" "$rate" "$(seconds "$1")" "$(seconds "$2")" "$conns"; }

echo "warm-up (JIT) at $rate/s: $warmup" >&2
load "$warmup" "$warmup" >"$run/warmup.txt"
gateway_drained "$gw_port"
live_start=$(live_heap_mb)
before=$(topic_records "$broker_port" "$topic"); stored_before=$(gateway_stored "$gw_port")

echo "soak at $rate/s: $duration, one line per $interval, after one unjudged interval" >&2
# The measured run is a new load-generator JVM that compiles PixelLoad.java and opens fresh connections: its
# first interval (idle-machine runs showed p99 127-210 ms there and 4-8 ms after, even after a 60 s gateway
# warm-up) measures the generator's own start as much as the gateway. It runs one extra interval first, shown
# as "generator warm-up", counted for loss, not for p99 stability.
# Memory is read as each interval's line arrives, i.e. right after the interval's last answer.
load "$(( $(seconds "$duration") + $(seconds "$interval") ))s" "$interval" | while IFS= read -r line; do
  case "$line" in
    "interval 1:"*) echo "generator warm-up:${line#interval 1:}" ;;
    interval*) n=${line#interval }; n=${n%%:*}
      echo "interval $((n - 1)):${line#interval $n:}, RSS $(rss_mb) MB, heap after GC $(heap_after_gc_mb) MB" ;;
    *) echo "$line" ;;
  esac
done | tee "$run/soak.txt" >&2

gateway_drained "$gw_port"; sleep 1
after=$(topic_records "$broker_port" "$topic"); stored_after=$(gateway_stored "$gw_port")
live_end=$(live_heap_mb)

num() { awk -v k="$1" '{ gsub(/,/, ""); for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'; }
first=$(grep -m1 '^interval' "$run/soak.txt"); last=$(grep '^interval' "$run/soak.txt" | tail -1)
ok=$(grep '^total:' "$run/soak.txt" | num '2xx'); non2xx=$(grep '^total:' "$run/soak.txt" | num 'non-2xx')
errors=$(grep '^total:' "$run/soak.txt" | num 'errors')
added=$((after - before)); stored=$((stored_after - stored_before))
p99_first=$(echo "$first" | num 'p99'); p99_last=$(echo "$last" | num 'p99')
rss_last=$(echo "$last" | num 'RSS')
intervals=$(grep -c '^interval' "$run/soak.txt")
middle=$(grep '^interval' "$run/soak.txt" | sed -n "$(( (intervals + 1) / 2 ))p"); rss_middle=$(echo "$middle" | num 'RSS')

echo "| interval | sent | 2xx | non-2xx | errors | rate | p50 | p99 | max | gateway RSS | heap after GC |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
grep '^interval' "$run/soak.txt" | awk '{ gsub(/,/, ""); sub(/:$/, "", $2)
  printf "| %s | %s | %s | %s | %s | %s | %s ms | %s ms | %s ms | %s MB | %s MB |\n", $2, $4, $6, $8, $10, $12, $14, $17, $20, $23, $28 }'
echo
loss=$([ "$added" = "$ok" ] && [ "$stored" = "$ok" ] && [ "$errors" = 0 ] && echo yes || echo no)
p99_ok=$(awk -v a="$p99_first" -v b="$p99_last" 'function near(x, y) { return x <= 1.5 * y || x <= y + 5 }
  BEGIN { print (near(a, b) && near(b, a) ? "yes" : "no") }')
mem_ok=$(awk -v s="$live_start" -v e="$live_end" -v m="$rss_middle" -v l="$rss_last" \
  'BEGIN { print (e <= 1.2 * s + 8 && l <= 1.1 * m ? "yes" : "no") }')
echo "- zero loss: 2xx $ok, non-2xx $non2xx, errors $errors; records added to $topic $added; gateway stored $stored: $loss"
echo "- p99 stable: first interval $p99_first ms, last $p99_last ms: $p99_ok"
echo "- memory stable: live heap after full GC $live_start MB before, $live_end MB after; RSS middle interval $rss_middle MB, last $rss_last MB: $mem_ok"
echo "- rate $rate/s for $duration (intervals of $interval) after a $warmup warm-up, $conns connections, $(nproc) cores, $(java -version 2>&1 | head -1)"
[ "$loss" = yes ] && [ "$p99_ok" = yes ] && [ "$mem_ok" = yes ] && echo "soak: all met" || echo "soak: not met"
