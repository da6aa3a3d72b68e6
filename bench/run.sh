#!/usr/bin/env bash
# Capture benchmark (issue 3, "Speed and footprint"). One command, as root:
#
#   bench/run.sh
#
# Builds a two-namespace veth lab, blasts 60-byte UDP frames at the "VM" end with trafgen at a ladder of
# rates and, at each rate, captures that end with the agent's CaptureSession, `tcpdump -w /dev/null` and
# `tcpdump -nn >/dev/null` at the same time. Then floods the agent alone with 10 million packets to read
# its peak memory. Then starts the agent a few times without and with a class archive (AppCDS) of its
# classes. Prints the table, the PASS/FAIL goal lines and the FIGURE lines (whole-capture CPU ratio, the
# agent's fixed CPU per diagnosis, start-up and CPU per diagnosis without / with the class archive;
# reported, not judged) and writes bench/results/latest.md.
# Exit status: 0 all goals met, 3 a goal failed (FIGURE lines never count), anything else the bench
# itself could not run.
#
# Knobs (environment): RATES ("25000 50000 100000 200000 max"), STEP_SECONDS (12), FLOOD_PACKETS (10000000),
# AGENT_JAVA_OPTS (the agent image's flags, below), SNAP (96), OUT (bench/results/latest.md), STARTUP_RUNS (3),
# STARTUP_PPS (25000), STARTUP_SECONDS (4).
set -uo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "$0")" && pwd)
ROOT_DIR=$(dirname -- "$BENCH_DIR")
RATES=${RATES:-"25000 50000 100000 200000 max"}
STEP_SECONDS=${STEP_SECONDS:-12}
FLOOD_PACKETS=${FLOOD_PACKETS:-10000000}
# The agent image's own JVM options (dist/src/main/jvm/agent.jvm, as the launcher passes them).
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-"@$ROOT_DIR/dist/src/main/jvm/agent.jvm"}
SNAP=${SNAP:-96}
# Start-up without and with the class archive: runs of each, their rate and seconds of traffic.
STARTUP_RUNS=${STARTUP_RUNS:-3}
STARTUP_PPS=${STARTUP_PPS:-25000}
STARTUP_SECONDS=${STARTUP_SECONDS:-4}
OUT=${OUT:-$BENCH_DIR/results/latest.md}
# The whole run must end by itself: a watchdog ends it (and the trap cleans up) after this long.
DEADLINE_SECONDS=${DEADLINE_SECONDS:-570}

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

[ "$(id -u)" = 0 ] || die "needs root (network namespaces, packet capture)"

# --- tools -------------------------------------------------------------------------------------------
missing=()
command -v trafgen >/dev/null || missing+=(netsniff-ng)
command -v tcpdump >/dev/null || missing+=(tcpdump)
command -v nft >/dev/null || missing+=(nftables)
command -v ip >/dev/null || missing+=(iproute2)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
fi
command -v java >/dev/null || die "java (17) is needed"
command -v mvn >/dev/null || die "mvn is needed"

# --- names (unique per run) and clean-up ----------------------------------------------------------------
SUFFIX=$(printf '%05x' $(( (RANDOM << 5 ^ RANDOM ^ $$) & 0xfffff )))
SND_NS=vdbench-snd-$SUFFIX
RCV_NS=vdbench-rcv-$SUFFIX
SND_IF=vbs$SUFFIX
RCV_IF=vbr$SUFFIX
SUBNET=10.$(( 200 + RANDOM % 50 )).$(( RANDOM % 250 ))
SND_IP=$SUBNET.1
RCV_IP=$SUBNET.2
SND_MAC=52:54:00:${SUFFIX:0:2}:${SUFFIX:2:2}:e${SUFFIX:4:1}
RCV_MAC=52:54:00:${SUFFIX:0:2}:${SUFFIX:2:2}:f${SUFFIX:4:1}
WORK=$(mktemp -d /tmp/vdbench.XXXXXX)
WATCHDOG_PID=
AGENT_PID=
tcpw_pid=
tcpnn_pid=

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # Every process in these namespaces was started by this script (agent, tcpdumps, trafgen).
  for ns in "$RCV_NS" "$SND_NS"; do
    if ip netns list 2>/dev/null | grep -qw "$ns"; then
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
      ip netns del "$ns" 2>/dev/null
    fi
  done
  if [ -n "$WATCHDOG_PID" ]; then
    pkill -P "$WATCHDOG_PID" 2>/dev/null # its sleep
    kill "$WATCHDOG_PID" 2>/dev/null
  fi
  # Reap what was killed, so no zombie outlives the run.
  for pid in ${AGENT_PID:-} ${tcpw_pid:-} ${tcpnn_pid:-}; do wait "$pid" 2>/dev/null; done
  log "namespaces removed; raw outputs kept in $WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# "&&": when the clean-up ends the sleep early, the watchdog must not fire.
# Its own stderr goes nowhere (a killed sleep makes bash say "Terminated"); its message goes to fd 3.
exec 3>&2
( exec 2>/dev/null; sleep "$DEADLINE_SECONDS" && echo "bench: deadline of ${DEADLINE_SECONDS}s reached, stopping" >&3 \
  && kill -TERM $$ ) &
WATCHDOG_PID=$!

# --- build ---------------------------------------------------------------------------------------------
cd "$ROOT_DIR" || die "cannot enter $ROOT_DIR"
log "building (capture + bench, offline, tests skipped)"
if mvn -q -o -Pbench-run -pl capture,bench package -Dmaven.test.skip=true >"$WORK/build.log" 2>&1; then
  CAPTURE_SOURCE="capture module of this work tree"
elif mvn -q -o -Pbench-run -pl bench package -Dmaven.test.skip=true >>"$WORK/build.log" 2>&1; then
  CAPTURE_SOURCE="vmnetdiag-capture installed in ~/.m2 (the work tree's capture module did not build: see $WORK/build.log)"
  log "WARNING: $CAPTURE_SOURCE"
else
  cat "$WORK/build.log" >&2
  die "build failed"
fi
CP="$BENCH_DIR/target/vmnetdiag-bench-0.1.0-SNAPSHOT.jar:$BENCH_DIR/target/lib/*"

# --- lab -----------------------------------------------------------------------------------------------
log "lab: $SND_NS ($SND_IF $SND_IP) -> $RCV_NS ($RCV_IF $RCV_IP $RCV_MAC)"
ip netns add "$SND_NS" || die "cannot create namespace $SND_NS"
ip netns add "$RCV_NS" || die "cannot create namespace $RCV_NS"
for ns in "$SND_NS" "$RCV_NS"; do
  ip -n "$ns" link set lo up
  # No IPv6 autoconfiguration chatter: every frame on the wire is one trafgen sent.
  ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$SND_NS" link add "$SND_IF" address "$SND_MAC" type veth peer name "$RCV_IF" address "$RCV_MAC" netns "$RCV_NS" \
  || die "cannot create the veth pair"
ip -n "$SND_NS" addr add "$SND_IP/24" dev "$SND_IF"
ip -n "$RCV_NS" addr add "$RCV_IP/24" dev "$RCV_IF"
ip -n "$SND_NS" link set "$SND_IF" up
ip -n "$RCV_NS" link set "$RCV_IF" up
# Packet sockets see a frame before the ingress hook, so dropping there leaves capture untouched and
# keeps the receiving IP stack (and its ICMP port-unreachable replies) out of the CPU budget, as on a
# real tap whose frames go to the guest, not to the host's stack.
ip netns exec "$RCV_NS" nft "add table netdev vdbench; add chain netdev vdbench in { type filter hook ingress device \"$RCV_IF\" priority 0; policy drop; }" \
  || die "cannot add the ingress drop in $RCV_NS"

cat >"$WORK/udp60.cfg" <<EOF
{ eth(da=$RCV_MAC, sa=$SND_MAC), ipv4(saddr=$SND_IP, daddr=$RCV_IP, ttl=64), udp(sp=40000, dp=9), fill(0x00, 18) }
EOF

FILTER=$(java -cp "$CP" io.vmnetdiag.bench.CaptureBenchMain --print-filter --vm-mac "$RCV_MAC" --vm-ip "$RCV_IP" 2>/dev/null) \
  || die "cannot build the capture filter"
log "filter: $FILTER"

# --- helpers -------------------------------------------------------------------------------------------
counter() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3" 2>/dev/null || echo -1; }
now_nanos() { date +%s%N; }

# wait_for FILE TEXT SECONDS PID: until FILE contains TEXT; fails when PID ends or time runs out.
wait_for() {
  local tries=$(( $3 * 20 ))
  while [ "$tries" -gt 0 ]; do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || return 1
    sleep 0.05
    tries=$(( tries - 1 ))
  done
  return 1
}

# wait_exit PID SECONDS: waits for our child to end, killing it when it overstays.
wait_exit() {
  local tries=$(( $2 * 10 ))
  while kill -0 "$1" 2>/dev/null && [ "$tries" -gt 0 ]; do sleep 0.1; tries=$(( tries - 1 )); done
  if kill -0 "$1" 2>/dev/null; then
    log "process $1 overstayed; killing it"
    kill -KILL "$1" 2>/dev/null
  fi
  wait "$1" 2>/dev/null
}

# start_agent DIR WINDOW_SECONDS [EXTRA_JAVA_OPTS]: starts the bench main in the receiver namespace; sets AGENT_PID.
start_agent() {
  local launched
  launched=$(now_nanos)
  # shellcheck disable=SC2086 # AGENT_JAVA_OPTS is a list of words by design
  ip netns exec "$RCV_NS" java $AGENT_JAVA_OPTS ${3:-} -cp "$CP" io.vmnetdiag.bench.CaptureBenchMain \
    --interface "$RCV_IF" --vm-mac "$RCV_MAC" --vm-ip "$RCV_IP" --seconds "$2" --snap "$SNAP" \
    --launched-at-nanos "$launched" >"$1/agent.out" 2>"$1/agent.err" &
  AGENT_PID=$!
  wait_for "$1/agent.out" "armed=true" 20 "$AGENT_PID" || { cat "$1/agent.err" >&2; die "the agent did not arm its capture"; }
}

# send DIR PPS|max SECONDS [PACKETS]: runs trafgen in the sender namespace and records what it offered.
send() {
  local dir=$1 pps=$2 seconds=$3 packets=${4:-} tx0 rx0 t0 t1 args
  args=(-o "$SND_IF" -i "$WORK/udp60.cfg" -P 1 --no-sock-mem)
  if [ "$pps" = max ]; then
    [ -n "$packets" ] && args+=(-n "$packets")
  else
    args+=(-n "$(( pps * seconds ))" --rate "${pps}pps")
  fi
  tx0=$(counter "$SND_NS" "$SND_IF" tx_packets)
  rx0=$(counter "$RCV_NS" "$RCV_IF" rx_packets)
  t0=$(now_nanos)
  # A count ends trafgen by itself; timeout only bounds the unlimited "max" step and guards the rest.
  if [ "$pps" = max ] && [ -z "$packets" ]; then
    timeout -s INT -k 3 "$seconds" ip netns exec "$SND_NS" trafgen "${args[@]}" >"$dir/trafgen.log" 2>&1
  else
    timeout -s INT -k 3 $(( seconds + 15 )) ip netns exec "$SND_NS" trafgen "${args[@]}" >"$dir/trafgen.log" 2>&1
  fi
  t1=$(now_nanos)
  {
    echo "target_pps=$([ "$pps" = max ] && echo 0 || echo "$pps")"
    echo "seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
    echo "offered_packets=$(( $(counter "$SND_NS" "$SND_IF" tx_packets) - tx0 ))"
    echo "seen_packets=$(( $(counter "$RCV_NS" "$RCV_IF" rx_packets) - rx0 ))"
  } >>"$dir/step.env"
}

# --- run facts -----------------------------------------------------------------------------------------
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cores=$(nproc)"
  echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "kernel=$(uname -r)"
  echo "java=$(java -version 2>&1 | head -n 1 | tr -d '"')"
  echo "agent_java_opts=$AGENT_JAVA_OPTS"
  echo "trafgen=$(trafgen -v 2>&1 | head -n 1 | awk '{ print $1, $2 }')"
  echo "tcpdump=$(tcpdump --version 2>&1 | head -n 2 | tr '\n' ' ')"
  echo "capture_source=$CAPTURE_SOURCE"
  echo "step_seconds=$STEP_SECONDS"
  echo "snap=$SNAP"
} >"$WORK/run.env"

# --- the rate ladder -----------------------------------------------------------------------------------
mkdir -p "$WORK/ladder"
index=0
max_pps=0
for rate in $RATES; do
  index=$(( index + 1 ))
  label=$([ "$rate" = max ] && echo max || echo "$(( rate / 1000 ))k")
  dir="$WORK/ladder/$(printf '%02d' "$index")-$label"
  mkdir -p "$dir"
  echo "label=$label" >"$dir/step.env"
  log "rate $label: agent + tcpdump -w + tcpdump -nn for ${STEP_SECONDS}s of traffic"
  # The agent's window covers its wait for the tcpdumps, the traffic and a margin.
  start_agent "$dir" $(( STEP_SECONDS + 4 ))
  ip netns exec "$RCV_NS" tcpdump -i "$RCV_IF" -nn -B 8192 -s "$SNAP" -w /dev/null "$FILTER" 2>"$dir/tcpdump-w.err" &
  tcpw_pid=$!
  ip netns exec "$RCV_NS" tcpdump -i "$RCV_IF" -nn -B 8192 -s "$SNAP" "$FILTER" >/dev/null 2>"$dir/tcpdump-nn.err" &
  tcpnn_pid=$!
  wait_for "$dir/tcpdump-w.err" "listening on" 10 "$tcpw_pid" || die "tcpdump -w did not start: $(cat "$dir/tcpdump-w.err")"
  wait_for "$dir/tcpdump-nn.err" "listening on" 10 "$tcpnn_pid" || die "tcpdump -nn did not start: $(cat "$dir/tcpdump-nn.err")"
  # Steady state: CPU and rx sampled in the middle of the traffic and half a second before its end.
  ip netns exec "$RCV_NS" java -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp "$CP" io.vmnetdiag.bench.SteadySampler \
    "$RCV_IF" $(( STEP_SECONDS * 500 )) $(( STEP_SECONDS * 1000 - 500 )) "$AGENT_PID" "$tcpw_pid" "$tcpnn_pid" \
    >"$dir/steady.env" 2>"$dir/steady.err" &
  sampler_pid=$!
  send "$dir" "$rate" "$STEP_SECONDS"
  wait "$sampler_pid"
  wait_exit "$AGENT_PID" $(( STEP_SECONDS + 30 ))
  # CPU is read while the tcpdumps still live (their kernel CPU clocks, ns); SIGINT then makes them
  # print their statistics.
  java -cp "$CP" io.vmnetdiag.bench.CpuClock "$tcpw_pid" "$tcpnn_pid" >"$dir/tcpdump-cpu.txt" 2>/dev/null
  echo "tcpdump_w_cpu_nanos=$(awk -F= -v p="$tcpw_pid" '$1 == p { print $2 }' "$dir/tcpdump-cpu.txt")" >>"$dir/step.env"
  echo "tcpdump_nn_cpu_nanos=$(awk -F= -v p="$tcpnn_pid" '$1 == p { print $2 }' "$dir/tcpdump-cpu.txt")" >>"$dir/step.env"
  kill -INT "$tcpw_pid" "$tcpnn_pid" 2>/dev/null
  wait_exit "$tcpw_pid" 10
  wait_exit "$tcpnn_pid" 10
  grep -q '^done=true' "$dir/agent.out" || log "WARNING: the agent did not finish at rate $label (see $dir/agent.err)"
  pps=$(awk -F= '/^offered_packets=/ { p = $2 } /^seconds=/ { s = $2 } END { if (s > 0) printf "%d", p / s; else print 0 }' "$dir/step.env")
  [ "$pps" -gt "$max_pps" ] && max_pps=$pps
  log "rate $label: offered $pps pps"
done

# --- the flood: footprint and start-up, agent alone ----------------------------------------------------
dir="$WORK/footprint"
mkdir -p "$dir"
[ "$max_pps" -gt 0 ] || max_pps=100000
# Long enough for the whole flood at the slowest full rate seen above, plus a margin; never unbounded.
flood_window=$(( FLOOD_PACKETS * 5 / 4 / max_pps + 5 ))
[ "$flood_window" -lt 20 ] && flood_window=20
[ "$flood_window" -gt 180 ] && flood_window=180
log "flood: $FLOOD_PACKETS packets at full rate, agent alone, window ${flood_window}s"
echo "label=flood" >"$dir/step.env"
start_agent "$dir" "$flood_window"
send "$dir" max $(( flood_window - 3 )) "$FLOOD_PACKETS"
wait_exit "$AGENT_PID" $(( flood_window + 30 ))

# --- start-up without and with the agent's class archive (AppCDS) ---------------------------------------
# The archive is made as the image makes it (dist's class-archive script, one training run), for this
# bench's own classpath: a short capture at the start-up rate. Then plain and archived runs alternate.
dir="$WORK/startup"
mkdir -p "$dir/training"
ARCHIVE="$WORK/agent.jsa"
log "class archive: training run, then $STARTUP_RUNS start-ups without and $STARTUP_RUNS with it at $STARTUP_PPS pps"
# shellcheck disable=SC2086 # AGENT_JAVA_OPTS is a list of words by design
ip netns exec "$RCV_NS" sh "$ROOT_DIR/dist/src/main/sh/class-archive" "$ARCHIVE" $AGENT_JAVA_OPTS -cp "$CP" \
  io.vmnetdiag.bench.CaptureBenchMain --interface "$RCV_IF" --vm-mac "$RCV_MAC" --vm-ip "$RCV_IP" \
  --seconds $(( STARTUP_SECONDS + 2 )) --snap "$SNAP" >"$dir/training/agent.out" 2>"$dir/training/agent.err" &
training_pid=$!
wait_for "$dir/training/agent.out" "armed=true" 20 "$training_pid" || log "WARNING: the training run did not arm"
send "$dir/training" "$STARTUP_PPS" "$STARTUP_SECONDS"
wait "$training_pid" || log "WARNING: the class archive's training run failed (see $dir/training/agent.err)"
for i in $(seq 1 "$STARTUP_RUNS"); do
  for mode in plain archive; do
    run_dir="$dir/runs/$(printf '%02d' "$i")-$mode"
    mkdir -p "$run_dir"
    [ "$mode" = archive ] && extra="-XX:SharedArchiveFile=$ARCHIVE" || extra=
    start_agent "$run_dir" $(( STARTUP_SECONDS + 2 )) "$extra"
    send "$run_dir" "$STARTUP_PPS" "$STARTUP_SECONDS"
    wait_exit "$AGENT_PID" $(( STARTUP_SECONDS + 30 ))
  done
done

# --- report --------------------------------------------------------------------------------------------
java -cp "$CP" io.vmnetdiag.bench.BenchReport "$WORK" "$OUT"
report_status=$?
log "report written to $OUT"
exit "$report_status"
