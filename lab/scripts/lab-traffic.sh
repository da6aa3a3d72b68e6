#!/usr/bin/env bash
# Starts or stops lab ID's background traffic:
#   clients (upstream ns): TCP SYNs to the VM's ports 22, 80, 443 and pings to the VM
#   guest: pings its gateway, so it ARPs for it whenever its neighbour entry is gone
# Every loop ends by itself after LAB_TRAFFIC_SECONDS (default 600). PID files live in the
# lab's state dir; each loop runs in its own process group so stop ends its children too.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"

usage() { echo "usage: $(basename "$0") ID start|stop   (env LAB_TRAFFIC_SECONDS, default 600)" >&2; exit 2; }
[ $# -eq 2 ] || usage
LAB_ID=$1; action=$2
lab_validate_id "$LAB_ID"
lab_require_root
lab_names "$LAB_ID"
seconds=${LAB_TRAFFIC_SECONDS:-600}
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || lab_die "LAB_TRAFFIC_SECONDS must be a positive integer"

# A recorded pid counts only while it still lives in one of this lab's namespaces: after a loop has
# ended by itself its pid may belong to someone else, who must not be signalled.
pid_is_ours() {
  local pid=$1 ns
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ] || return 1
  ns=$(ip netns identify "$pid" 2>/dev/null) || return 1
  [ "$ns" = "$LAB_NS_UP" ] || [ "$ns" = "$LAB_NS_GUEST" ]
}

# Starts "$@" detached in its own session (pgid = pid), output to a log; records the pid.
start_loop() {
  local name=$1; shift
  local pidfile="$LAB_STATE_DIR/$name.pid"
  if [ -f "$pidfile" ] && pid_is_ours "$(cat "$pidfile")"; then
    return 0 # already running: start is idempotent
  fi
  setsid "$@" >"$LAB_STATE_DIR/$name.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pidfile"
  # Wait until it has entered its namespace, so an immediate stop recognises it as ours.
  local i
  for i in $(seq 100); do
    pid_is_ours "$pid" && return 0
    kill -0 "$pid" 2>/dev/null || lab_die "$name exited at once: $(cat "$LAB_STATE_DIR/$name.log")"
    sleep 0.02
  done
  lab_die "$name did not enter its namespace within 2 s"
}

stop_loop() {
  local pidfile=$1 pid
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if pid_is_ours "$pid"; then
    # Negative pid: the whole process group the loop leads (nc / ping children included).
    kill -TERM -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "$action" in
  start)
    lab_ns_exists "$LAB_NS_UP" && lab_ns_exists "$LAB_NS_GUEST" || lab_die "lab $LAB_ID is not up (run lab-up.sh $LAB_ID)"
    mkdir -p "$LAB_STATE_DIR"
    # About three SYNs a second, rotating the client address; nc gives up after 1 s without an answer.
    start_loop clients-syn ip netns exec "$LAB_NS_UP" bash -c '
      end=$((SECONDS + $1)); vm=$2; read -ra clients <<<"$3"; read -ra ports <<<"$4"; i=0
      while [ $SECONDS -lt $end ]; do
        src=${clients[$((i % ${#clients[@]}))]}
        for p in "${ports[@]}"; do nc -n -z -w 1 -s "$src" "$vm" "$p" >/dev/null 2>&1 & done
        i=$((i + 1)); sleep 1
      done; wait' syn-loop "$seconds" "$LAB_GUEST_IP" "$LAB_CLIENT_IPS" "$LAB_VM_PORTS"
    first_client=${LAB_CLIENT_IPS%% *}
    # timeout, not ping -w: with a deadline ping quits at its first send error (unresolved neighbour).
    start_loop clients-ping ip netns exec "$LAB_NS_UP" timeout "$seconds" ping -n -q -i 0.5 -I "$first_client" "$LAB_GUEST_IP"
    start_loop guest-ping ip netns exec "$LAB_NS_GUEST" timeout "$seconds" ping -n -q -i 0.5 "$LAB_GATEWAY_IP"
    ;;
  stop)
    for f in "$LAB_STATE_DIR"/*.pid; do
      if [ -e "$f" ]; then stop_loop "$f"; fi
    done
    ;;
  *) usage ;;
esac
