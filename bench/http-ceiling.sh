#!/usr/bin/env bash
# The HTTP ceiling under the sync pixel, on this machine, in one run: nginx's empty_gif, a bare Jetty 12 core
# handler (default thread pool, and one sized for the machine), a bare Javalin route and a bare Netty 4.1 handler
# (bench/HttpCeiling.java: a pixel-shaped answer, no Bakery logic, no Kafka), and both again answering later from
# another thread as the gateway does (jetty-async, netty-async), each
# measured with the same wrk settings as bench/pixel-wrk.sh after the same kind of JIT warm-up (20 s rounds until
# two in a row fail to beat the best by 3 %, at least 3, at most WARMUP_MAX_ROUNDS). The sync pixel cannot be
# faster than the framework it is served by: this shows how much of nginx's rate each serving layer leaves.
#   bench/http-ceiling.sh         (from the repository root; needs wrk and nginx-light)
# Env: DURATION (20s), CONNECTIONS (256), THREADS (2), PORT (18090), WARMUP_MAX_ROUNDS (15), SERVERS (all six).
# Netty is not a dependency of Bakery: its jars are fetched into the local Maven repository (Maven Central) here.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
duration=${DURATION:-20s}; conns=${CONNECTIONS:-256}; threads=${THREADS:-2}; port=${PORT:-18090}
max_rounds=${WARMUP_MAX_ROUNDS:-15}
use_work_dir bakery-bench-ceiling
"$home/bakery" --version >/dev/null # builds the launcher when sources changed
url_path="/bakery/sync/dmpsyncendpoint?site=acme&partner=tealium&cookieid=0123456789abcdef0123456789abcdef0123456789a&read=false"
nginx_script="$home/../shared/bench/nginx-empty-gif.sh"

rate() { wrk -t"$threads" -c"$conns" -d"$duration" "$1" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }

# warm_then_measure NAME URL: warm-up rounds, then one measured round; prints the rounds and the result.
warm_then_measure() {
  local best=0 misses=0 round=0 r
  while [ "$round" -lt "$max_rounds" ]; do
    round=$((round + 1)); r=$(rate "$2"); echo "  $1 warm-up round $round: $r req/s" >&2
    if [ "$r" -gt $((best + best * 3 / 100)) ]; then best=$r; misses=0; else misses=$((misses + 1)); fi
    [ "$round" -ge 3 ] && [ "$misses" -ge 2 ] && break
  done
  echo "$1: $(rate "$2") req/s"
}

"$nginx_script" start "$port" "$work/nginx" >/dev/null
warm_then_measure "nginx empty_gif" "http://127.0.0.1:$port/px${url_path#/bakery/sync/dmpsyncendpoint}"
"$nginx_script" stop "$work/nginx" >/dev/null

netty_version=4.1.118.Final
netty_cp=""
for artifact in netty-common netty-buffer netty-resolver netty-transport netty-codec netty-handler netty-codec-http \
    netty-transport-native-unix-common netty-transport-classes-epoll netty-transport-native-epoll; do
  classifier=""; [ "$artifact" = netty-transport-native-epoll ] && classifier="-linux-x86_64"
  file="${MAVEN_REPO:-$HOME/.m2/repository}/io/netty/$artifact/$netty_version/$artifact-$netty_version$classifier.jar"
  [ -f "$file" ] || mvn -B -q dependency:get -Dtransitive=false \
    -Dartifact="io.netty:$artifact:$netty_version${classifier:+:jar:${classifier#-}}" >&2
  netty_cp="$netty_cp:$file"
done

for server in ${SERVERS:-jetty jetty-sized javalin netty jetty-async netty-async}; do
  java -cp "$jar$netty_cp" "$home/bench/HttpCeiling.java" "$server" "$port" > "$work/$server.log" 2>&1 &
  pid=$!; track "$pid"
  await_line "$work/$server.log" "serving on" 60
  warm_then_measure "bare $server" "http://127.0.0.1:$port$url_path"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
