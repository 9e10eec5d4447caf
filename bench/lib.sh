# Shared pieces of the benches (pixel-wrk.sh, pixel-cpu.sh, soak.sh, upload-5m.sh, pull-10m.sh): source it, do not run it.
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Sets home (the checkout) and jar (the launcher). Every function works on the ports and folders it is given.
# The dev broker (`bakery broker`) and the gateway (`bakery gateway`) each run in their own JVM; the `bakery`
# script execs java, so the pids recorded here are the JVMs' own.

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$home/launcher/target/bakery.jar"

# start_broker PORT DATA_DIR LOG: starts the dev broker with every topic, sets broker_pid, waits until it runs.
start_broker() {
  "$home/bakery" --help >/dev/null   # builds the launcher when stale
  "$home/bakery" broker --broker-port "$1" --data-dir "$2" >"$3" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 120); do grep -q "broker is running" "$3" && return 0; sleep 1; done
  echo "broker not ready, see $3" >&2; return 1
}

# start_gateway PORT BROKER_PORT DATA_DIR LOG [JAVA_OPTS]: starts the gateway alone, sets gw_pid, waits until ready.
# With PIXEL_PORT set, the gateway also opens its dedicated pixel listener there.
start_gateway() {
  BAKERY_JAVA_OPTS="${5:-}" "$home/bakery" gateway --port "$1" ${PIXEL_PORT:+--pixel-port "$PIXEL_PORT"} \
    --bootstrap-servers "127.0.0.1:$2" --data-dir "$3" >"$4" 2>&1 &
  gw_pid=$!
  await_ready "$1" || { echo "gateway not ready, see $4" >&2; return 1; }
}

# stop_started: stops the gateway and the broker this shell started (by pid), if they still run.
stop_started() {
  [ -n "${gw_pid:-}" ] && kill "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null || true
  [ -n "${broker_pid:-}" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null || true
}

# await_idle: waits (up to 60 s) until the machine's CPUs are at least 75% idle over 2 s, so a measurement does not
# start while the JVMs just started are still compiling and settling; prints how busy the CPUs were at the end.
await_idle() {
  local busy=100
  for _ in $(seq 1 30); do
    local a b
    a=($(head -1 /proc/stat)); sleep 2; b=($(head -1 /proc/stat))
    local total=0 idle=$(( (b[4] + b[5]) - (a[4] + a[5]) ))
    for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
    busy=$(( total > 0 ? 100 * (total - idle) / total : 100 ))
    [ "$busy" -lt 25 ] && break
  done
  echo "$busy"
}

gateway_ready() { curl -fs "http://127.0.0.1:$1/readyz" 2>/dev/null | grep -q '"status":"ready"'; }

# await_ready PORT: waits (up to 3 min) until the gateway or dev stack on PORT says ready.
await_ready() {
  for _ in $(seq 1 180); do gateway_ready "$1" && return 0; sleep 1; done; return 1
}

# track PID: a process this bench started; stop_tracked (e.g. in an EXIT trap) stops them all and waits.
tracked_pids=()
track() { tracked_pids+=("$1"); }
stop_tracked() {
  local pid
  for pid in "${tracked_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${tracked_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# use_work_dir NAME: a fresh folder /tmp/NAME.XXXXXX in $work; on exit the tracked processes are stopped and the
# folder removed (KEEP=1 keeps it for a look at the data and logs).
use_work_dir() {
  work="$(mktemp -d "/tmp/$1.XXXXXX")"
  trap 'stop_tracked; if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work" >&2; fi' EXIT
}

# await_line FILE TEXT SECONDS: waits until FILE holds TEXT.
await_line() {
  for _ in $(seq 1 "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "'$2' not seen in $1 within $3 s" >&2; return 1
}

# synthetic_plaintext_csv ROWS FILE: a plaintext CRM export (record id, email, Dutch mobile, postcode, house
# number), every row valid and distinct.
synthetic_plaintext_csv() {
  awk -v rows="$1" 'BEGIN {
    print "customer_id,email,phone,postcode,house_number";
    for (i = 1; i <= rows; i++) {
      printf "c%d,Person.%d@Example.com,06-1%07d,%d%s,%d\n", i, i, i % 10000000, 1000 + i % 9000,
        (i % 2 ? "AB" : "XY"), 1 + i % 300;
    }
  }' > "$2"
}

# gateway_drained PORT: waits (up to 2 min) until the gateway is ready again, i.e. its disk spool is empty.
gateway_drained() {
  for _ in $(seq 1 120); do gateway_ready "$1" && return 0; sleep 1; done; return 1
}

# signed_bakery_cookie: a Cookie header with a fresh Bakery id signed with the dev config's key
# (config/bakery.dev.yaml: id dev1), so every pixel hit is stored without a bounce.
signed_bakery_cookie() {
  local bakery_id payload tag
  bakery_id=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  payload="1.dev1.$bakery_id"
  tag=$(printf %s "$payload" | openssl dgst -sha256 -hmac "dev-only-cookie-signing-secret-0123456789" -binary \
    | head -c 16 | base64 | tr '+/' '-_' | tr -d '=')
  echo "bkry=$payload.$tag"
}

# topic_records BROKER_PORT TOPIC: the sum of the topic's end offsets (records it holds; no compaction there).
topic_records() { java -cp "$jar" "$home/bench/TopicEndOffsets.java" "127.0.0.1:$1" "$2"; }

# gateway_stored PORT: the gateway's own count of stored sync hits (its /metrics).
gateway_stored() {
  curl -fs "http://127.0.0.1:$1/metrics" \
    | awk '/^bakery_gateway_hits_total\{.*endpoint="sync".*outcome="stored"/ {s+=$2} END {printf "%d\n", s}'
}
