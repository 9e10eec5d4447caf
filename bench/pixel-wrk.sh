#!/usr/bin/env bash
# Sync pixel vs nginx empty_gif on this machine, in one run, with the loss check.
#   bench/pixel-wrk.sh            (from the repository root; needs wrk and nginx-light)
# Starts the dev broker (`bakery broker`: single-node KRaft in a child JVM, every topic) and the gateway alone
# (`bakery gateway`, its own JVM) on spare ports, and nginx's empty_gif, then runs wrk. The topology and exporter
# are not started: they are separate deployables and would compete with the gateway for the 2 cores.
#   1. nginx empty_gif, full speed                         -> the ceiling
#   2. the sync pixel, full speed (after a JIT warm-up)    -> req/s, p50, p99, target >= 0.35x nginx
#   3. the sync pixel paced at half of run 2's rate        -> p99 at half load, target <= 20 ms
#      (the pacing is calibrated by short runs first, so the measured rate is within 5 % of half)
# Each pixel hit is a realistic Tealium sync (unique 45-hex cookie id, site, read=false) with a valid signed
# Bakery id cookie, so every hit is stored. Loss check: the records added to bakery.sync-events (end offsets) must
# equal the gateway's own "stored" counter, and be at least the 2xx count wrk saw (wrk does not count requests
# it cuts off at the end of a run, which the gateway may still have stored).
# Warm-up: the gateway is measured at steady state, as it runs in production for days. On 2 cores the JIT takes
# minutes to compile the request path while it also serves (the rate climbs from ~2k to ~20k req/s over 3 minutes,
# not smoothly), so the warm-up repeats 20 s rounds of full load until two rounds in a row fail to beat the best
# rate so far by 3 % (at least 3 rounds, at most WARMUP_MAX_ROUNDS); the rounds are printed.
# Connections: 256 for nginx and the pixel alike. A pixel endpoint serves thousands of browsers at once, and each
# pixel answer waits for Kafka's acknowledgement (a few ms), so with few connections the rate is bounded by
# connections / latency, not by the machine (64 connections: ~12k req/s at ~5 ms). CONNECTIONS=64 shows that.
# Listener: the hits go to the gateway's dedicated pixel listener (Netty, PIXEL_PORT); LISTENER=main sends them to
# the main port instead (the pixel handler in front of Javalin), which serves the same endpoints.
# Env: DURATION (default 20s), CONNECTIONS (256), THREADS (2), GW_PORT (18080), PIXEL_PORT (18082), LISTENER
#      (pixel), BROKER_PORT (19192), NGINX_PORT (18081), RUN_DIR (/tmp/bakery-bench), WARMUP_MAX_ROUNDS (15).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
duration=${DURATION:-20s}; conns=${CONNECTIONS:-256}; threads=${THREADS:-2}
gw_port=${GW_PORT:-18080}; broker_port=${BROKER_PORT:-19192}; export PIXEL_PORT=${PIXEL_PORT:-18082}; nginx_port=${NGINX_PORT:-18081}
run=${RUN_DIR:-/tmp/bakery-bench}
topic=bakery.sync-events

rm -rf "$run"; mkdir -p "$run"
cleanup() {
  stop_started
  "$home/../shared/bench/nginx-empty-gif.sh" stop "$run/nginx" >/dev/null 2>&1 || \
    /work/shared/bench/nginx-empty-gif.sh stop "$run/nginx" >/dev/null 2>&1 || true
}
trap cleanup EXIT

start_broker "$broker_port" "$run/data" "$run/broker.log"
start_gateway "$gw_port" "$broker_port" "$run/data" "$run/gateway.log" "${GATEWAY_JAVA_OPTS:-}"
nginx_script=/work/shared/bench/nginx-empty-gif.sh
[ -x "$home/../shared/bench/nginx-empty-gif.sh" ] && nginx_script="$home/../shared/bench/nginx-empty-gif.sh"
"$nginx_script" start "$nginx_port" "$run/nginx" >/dev/null

BAKERY_COOKIE="$(signed_bakery_cookie)"
export BAKERY_COOKIE
pixel_url="http://127.0.0.1:$PIXEL_PORT/"
[ "${LISTENER:-pixel}" = main ] && pixel_url="http://127.0.0.1:$gw_port/"

offsets() { topic_records "$broker_port" "$topic"; }
stored() { gateway_stored "$gw_port"; }
drained() { gateway_drained "$gw_port"; }
field() { # field NAME FILE
  case "$1" in
    rps) awk '/^Requests\/sec/ {print $2}' "$2" ;;
    p50) awk '$1=="50%" {print $2}' "$2" ;;
    p99) awk '$1=="99%" {print $2}' "$2" ;;
    requests) awk '/requests in/ {print $1}' "$2" ;;
    non2xx) awk '/Non-2xx/ {print $5}' "$2" | grep . || echo 0 ;;
    errors) awk '/Socket errors/ {print}' "$2" | grep . || echo none ;;
  esac
}

warmup_rounds=0; best=0; flat_rounds=0; warmup_rates=""
while :; do
  warmup_rounds=$((warmup_rounds + 1))
  WRK_DELAY_MS=0 wrk -t"$threads" -c"$conns" -d20s -s "$home/bench/pixel-wrk.lua" "$pixel_url" \
    >"$run/warmup-$warmup_rounds.txt"
  rate=$(field rps "$run/warmup-$warmup_rounds.txt")
  echo "warm-up round $warmup_rounds (20s): $rate req/s" >&2
  warmup_rates="$warmup_rates ${rate%.*}"
  if awk -v r="$rate" -v b="$best" 'BEGIN {exit !(r >= b * 1.03)}'; then flat_rounds=0; else flat_rounds=$((flat_rounds + 1)); fi
  best=$(awk -v r="$rate" -v b="$best" 'BEGIN {print (r > b ? r : b)}')
  [ "$warmup_rounds" -ge "${WARMUP_MAX_ROUNDS:-15}" ] && break
  [ "$warmup_rounds" -ge 3 ] && [ "$flat_rounds" -ge 2 ] && break
done
drained

echo "nginx empty_gif: $duration" >&2
wrk -t"$threads" -c"$conns" -d"$duration" --latency "http://127.0.0.1:$nginx_port/px" >"$run/nginx.txt"

before=$(offsets); stored_before=$(stored)
echo "sync pixel, full speed: $duration" >&2
WRK_DELAY_MS=0 wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$home/bench/pixel-wrk.lua" "$pixel_url" \
  >"$run/pixel.txt"
drained; sleep 1
after=$(offsets); stored_after=$(stored)

full_rps=$(field rps "$run/pixel.txt")
half_rps=$(awk -v r="$full_rps" 'BEGIN {printf "%d", r / 2}')
# wrk's delay() is a pause per request per connection, added to the answer's own time: conns * 1000 / (delay +
# latency) is the rate. Start from no latency, then correct the delay from short paced runs (at most 4) until the
# rate is within 5 % of half the full rate, so the p99 is read at half load and not below it.
half_delay=$(awk -v c="$conns" -v r="$half_rps" 'BEGIN {printf "%d", c * 1000 / r}')
for calibration in 1 2 3 4; do
  WRK_DELAY_MS=$half_delay wrk -t"$threads" -c"$conns" -d10s -s "$home/bench/pixel-wrk.lua" "$pixel_url" \
    >"$run/half-calibration-$calibration.txt"
  got=$(field rps "$run/half-calibration-$calibration.txt")
  echo "half-load calibration $calibration: delay ${half_delay}ms -> $got req/s (aim $half_rps)" >&2
  awk -v g="$got" -v h="$half_rps" 'BEGIN {exit !(g > h * 0.95 && g < h * 1.05)}' && break
  half_delay=$(awk -v c="$conns" -v g="$got" -v h="$half_rps" -v d="$half_delay" \
    'BEGIN {latency = c * 1000 / g - d; next_delay = c * 1000 / h - latency; printf "%d", next_delay < 0 ? 0 : next_delay + 0.5}')
done
drained; sleep 1
before_half=$(offsets); stored_before_half=$(stored)
echo "sync pixel, half load (~$half_rps req/s, delay ${half_delay}ms/connection): $duration" >&2
WRK_DELAY_MS=$half_delay wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$home/bench/pixel-wrk.lua" \
  "$pixel_url" >"$run/pixel-half.txt"
drained; sleep 1
after_half=$(offsets); stored_after_half=$(stored)

nginx_rps=$(field rps "$run/nginx.txt")
ok_full=$(( $(field requests "$run/pixel.txt") - $(field non2xx "$run/pixel.txt") ))
ok_half=$(( $(field requests "$run/pixel-half.txt") - $(field non2xx "$run/pixel-half.txt") ))
cat <<REPORT
| run | req/s | p50 | p99 | 2xx seen by wrk | records added to $topic | gateway "stored" count |
|---|---|---|---|---|---|---|
| nginx empty_gif | $nginx_rps | $(field p50 "$run/nginx.txt") | $(field p99 "$run/nginx.txt") | - | - | - |
| sync pixel, full speed | $full_rps | $(field p50 "$run/pixel.txt") | $(field p99 "$run/pixel.txt") | $ok_full | $((after - before)) | $((stored_after - stored_before)) |
| sync pixel, half load | $(field rps "$run/pixel-half.txt") | $(field p50 "$run/pixel-half.txt") | $(field p99 "$run/pixel-half.txt") | $ok_half | $((after_half - before_half)) | $((stored_after_half - stored_before_half)) |

- half load: aimed at $half_rps req/s (half the full rate), wrk's pause ${half_delay} ms per request per connection
- pixel / nginx req/s: $(awk -v a="$full_rps" -v b="$nginx_rps" 'BEGIN {printf "%.2f", a / b}') (target >= 0.35)
- non-2xx: full $(field non2xx "$run/pixel.txt"), half $(field non2xx "$run/pixel-half.txt"); socket errors: full "$(field errors "$run/pixel.txt")", half "$(field errors "$run/pixel-half.txt")"
- warm-up: $warmup_rounds rounds of 20 s at full load before measuring, req/s per round:$warmup_rates
- wrk -t$threads -c$conns -d$duration, $(nproc) cores, $(java -version 2>&1 | head -1)
REPORT
