#!/usr/bin/env bash
# The gateway's CPU time per stored sync hit at a paced load: a steadier way than req/s against nginx to tell
# whether a change to the pixel path helps (nginx's own rate moves by a third within an hour on this machine).
#   bench/pixel-cpu.sh [CHECKOUT]      the gateway of CHECKOUT (default: this one; build it first with
#                                      `mvn -B -o -q package -DskipTests -DskipITs` there)
# To compare two builds, run it alternately, several times each, e.g. with a worktree of the older commit:
#   git worktree add /tmp/base <commit> && (cd /tmp/base && mvn -B -o -q package -DskipTests -DskipITs)
#   for i in 1 2; do bench/pixel-cpu.sh /tmp/base; bench/pixel-cpu.sh; done
# Starts `bakery broker` and `bakery gateway` of CHECKOUT, runs WARMUP_ROUNDS (5) rounds of 20 s at full load
# (wrk -t2 -c256, as pixel-wrk.sh), then PACED (30s) at WRK_DELAY_MS (32) per request per connection (about 6k
# req/s here) and prints one line: the warm-up rates, the paced rate and p99, and the CPU time (user + system,
# /proc/<pid>/stat) of the gateway JVM and of the broker JVM divided by the hits the gateway stored meanwhile.
# The hits go to the dedicated pixel listener (PIXEL_PORT, 18082); LISTENER=main sends them to the main port (the
# only choice for a CHECKOUT before 633e479, which has no pixel listener).
set -euo pipefail
checkout="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
. "$checkout/bench/lib.sh"   # sets home to CHECKOUT: its bakery script and jar run
gw_port=${GW_PORT:-18080}; broker_port=${BROKER_PORT:-19192}; export PIXEL_PORT=${PIXEL_PORT:-18082}
run=${RUN_DIR:-/tmp/bakery-bench-cpu}
rm -rf "$run"; mkdir -p "$run"
trap stop_started EXIT

start_broker "$broker_port" "$run/data" "$run/broker.log"
start_gateway "$gw_port" "$broker_port" "$run/data" "$run/gateway.log" "${GATEWAY_JAVA_OPTS:-}"
BAKERY_COOKIE="$(signed_bakery_cookie)"
export BAKERY_COOKIE
url="http://127.0.0.1:$PIXEL_PORT/"
[ "${LISTENER:-pixel}" = main ] && url="http://127.0.0.1:$gw_port/"

# cpu_ticks PATTERN: user + system clock ticks of the processes whose command line matches PATTERN.
cpu_ticks() {
  local ticks=0 pid stat
  for pid in $(pgrep -f "$1"); do
    read -r -a stat < "/proc/$pid/stat"
    ticks=$((ticks + stat[13] + stat[14]))
  done
  echo "$ticks"
}

rates=""
for round in $(seq 1 "${WARMUP_ROUNDS:-5}"); do
  WRK_DELAY_MS=0 wrk -t2 -c256 -d20s -s "$checkout/bench/pixel-wrk.lua" "$url" >"$run/warmup-$round.txt"
  rates="$rates $(awk '/^Requests\/sec/ {printf "%.1fk", $2 / 1000}' "$run/warmup-$round.txt")"
done
gateway_drained "$gw_port"

gateway0=$(cpu_ticks "bakery.jar gateway"); broker0=$(cpu_ticks "BrokerMain"); stored0=$(gateway_stored "$gw_port")
WRK_DELAY_MS=${WRK_DELAY_MS:-32} wrk -t2 -c256 -d"${PACED:-30s}" --latency -s "$checkout/bench/pixel-wrk.lua" "$url" \
  >"$run/paced.txt"
gateway_drained "$gw_port"
gateway1=$(cpu_ticks "bakery.jar gateway"); broker1=$(cpu_ticks "BrokerMain"); stored1=$(gateway_stored "$gw_port")

hits=$((stored1 - stored0))
tick_us=$((1000000 / $(getconf CLK_TCK)))
echo "$(git -C "$checkout" rev-parse --short HEAD) $(date +%H:%M) | warm-up:$rates" \
  "| paced $(awk '/^Requests\/sec/ {printf "%d", $2}' "$run/paced.txt") req/s," \
  "p99 $(awk '$1=="99%" {print $2}' "$run/paced.txt")" \
  "| gateway $(( (gateway1 - gateway0) * tick_us / hits )) us/hit, broker $(( (broker1 - broker0) * tick_us / hits )) us/hit" \
  "($hits hits)"
