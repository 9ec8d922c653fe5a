#!/bin/bash
# Memory of many streams held on one node, with more streams than one process may open (each process
# is capped at `ulimit -n` files): the simulated RPC, the product started as a user starts it
# (`java -jar soroban-bridge.jar`, plus BRIDGE_JVM_OPTS when given), and DRIVERS load-driver processes that
# share STREAMS between them. Every 10 s the product's RSS goes to rss.csv; with all streams open,
# and at the end, heap after a full GC, a class histogram and (with -XX:NativeMemoryTracking) the
# native memory summary go to the run directory. Everything listens on 127.0.0.1.
#
#   CP=bench/target/classes:$(cat bench/target/classpath.txt) \
#   bench/hold-streams.sh STREAMS DRIVERS RAMP DURATION [LEDGER_INTERVAL] [EVENTS_PER_LEDGER]
#
# e.g. `bench/hold-streams.sh 18000 2 180s 10m` (idle: 5 s ledgers of 3 events) or
# `bench/hold-streams.sh 5000 1 60s 10m 1s 20` (20 events/s). Prints the run directory.
set -euo pipefail

streams=$1 drivers=$2 ramp=$3 duration=$4 interval=${5:-5s} per_ledger=${6:-3}
: "${CP:?set CP to the bench classpath (see bench/README.md)}"
java=${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java
jcmd=$JAVA_HOME/bin/jcmd
jar=$(realpath "${BRIDGE_JAR:-app/target/soroban-bridge.jar}")  # the product runs from its own directory
dir=$(mktemp -d /tmp/hold-XXXXXX)
echo "run directory $dir" >&2

# Below Linux's ephemeral range (32768+), which the drivers' thousands of client sockets use.
sim_port=$(shuf -i 20000-24999 -n 1)
port=$(shuf -i 25000-29999 -n 1)
secret=$(head -c 36 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
issuer=http://127.0.0.1/bench
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$java" -cp "$CP" dev.sorobanbridge.simulator.SimulatorMain --port "$sim_port" --ledger-interval "$interval" \
    --events-per-ledger "$per_ledger" --history-ledgers 20 >"$dir/simulator.out" 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q CONTRACTS_POOL "$dir/simulator.out" && break; sleep 1; done
set -a
# shellcheck disable=SC1090 # RPC_URL, CONTRACTS_*, RPC_NETWORK_PASSPHRASE as the simulator prints them
. <(grep -E '^(RPC_URL|CONTRACTS_INVOICE|CONTRACTS_POOL|RPC_NETWORK_PASSPHRASE)=' "$dir/simulator.out" \
    | sed -E 's/=(.*)$/="\1"/')
set +a
# shellcheck disable=SC2086 # BRIDGE_JVM_OPTS is a list of options
(cd "$dir" && AUTH_JWT_HS256_SECRET=$secret AUTH_JWT_ISSUER=$issuer AUTH_JWT_AUDIENCE=$issuer STORAGE_SQLITE_PATH=$dir/events.db \
    SERVER_HOST=127.0.0.1 SERVER_PORT=$port SERVER_SHUTDOWN_DRAIN=1s \
    LIMITS_CONNECTS_PER_MINUTE_PER_IP=$((streams * 10)) LIMITS_MAX_STREAMS_PER_NODE=$((streams + 1000)) \
    LIMITS_MAX_STREAMS_PER_IP=$((streams + 1000)) \
    exec "$java" ${BRIDGE_JVM_OPTS:-} -jar "$jar" >"$dir/bridge.log" 2>&1) &
launcher=$!
pids+=($launcher)
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
# The product's own JVM: the launcher's child when the jar re-ran itself with its JVM defaults.
server=$(pgrep -P "$launcher" java | head -1 || true)
server=${server:-$launcher}
echo "$server" >"$dir/server.pid"
echo "$launcher" >"$dir/launcher.pid"
ps -o args= -p "$server" >"$dir/server.args"

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
snapshot() { # heap after a full GC, class histogram, native memory
    "$jcmd" "$server" GC.run >/dev/null
    "$jcmd" "$server" GC.heap_info >"$dir/heap-$1.txt"
    "$jcmd" "$server" GC.class_histogram >"$dir/histogram-$1.txt"
    "$jcmd" "$server" VM.native_memory summary >"$dir/nmt-$1.txt" 2>&1 || true
    # every generation's "total …K, used …K" line (serial: DefNew and Tenured), summed
    echo "$1 rss_kib $(rss) heap_used_kib $(awk 'match($0, /total [0-9]+K, used [0-9]+K/) { s = substr($0, RSTART, RLENGTH); sub(/.*used /, "", s); sum += s + 0 } END { print sum }' "$dir/heap-$1.txt")" >>"$dir/snapshots.txt"
}
sleep 5
snapshot empty

per=$((streams / drivers))
for i in $(seq "$drivers"); do
    "$java" -cp "$CP" dev.sorobanbridge.bench.driver.LoadDriver --url "http://127.0.0.1:$port" --streams "$per" \
        --ramp "$ramp" --duration "$duration" --settle 20s --login "secret:$secret" --issuer "$issuer" --audience "$issuer" \
        >"$dir/driver-$i.out" 2>"$dir/driver-$i.err" &
    pids+=($!)
done
start=$(date +%s)
echo "t_s,rss_kib" >"$dir/rss.csv"
secs() { case $1 in *m) echo $(( ${1%m} * 60 ));; *s) echo "${1%s}";; *) echo "$1";; esac; }
held_at=$(( $(secs "$ramp") + 20 ))
late_at=$(( $(secs "$ramp") + $(secs "$duration") - 40 ))
snapped=no
while pgrep -f "LoadDriver --url http://127.0.0.1:$port" >/dev/null; do
    t=$(( $(date +%s) - start ))
    echo "$t,$(rss)" >>"$dir/rss.csv"
    if [ "$snapped" = no ] && [ "$t" -ge "$held_at" ]; then snapshot held; snapped=held; fi
    if [ "$snapped" = held ] && [ "$t" -ge "$late_at" ]; then snapshot late; snapped=late; fi
    sleep 10
done
wait_end=$(date +%s)
echo "window ended $((wait_end - start)) s after the first stream" >>"$dir/snapshots.txt"
cat "$dir"/driver-*.out
cat "$dir/snapshots.txt"
echo "$dir"
