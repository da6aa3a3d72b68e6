#!/usr/bin/env bash
# Starts or stops lab ID's background traffic, or sends the node's probes:
#   start : clients (upstream ns) open TCP connections to the VM's ports 22, 80, 443 and ping the VM;
#           the guest pings its gateway, so it ARPs for it whenever its neighbour entry is gone
#   stop  : ends every loop start began
#   bridge-address : gives the bridge an address in the VM's subnet (BRIDGE_IP of lab-up.sh; it stays) and sends
#           nothing: the node can then probe the VM from it, as the agent does on a real host
#   probe : the node itself checks the VM, as the agent's probes do, then returns (about LAB_PROBES seconds):
#           gives the bridge an address in the VM's subnet (BRIDGE_IP of lab-up.sh; it stays) and sends
#           LAB_PROBES (default 3) of each: ARP who-has, ICMP echo request, TCP SYN to port 22, from it.
#           LAB_PROBE_STYLE=unicast (default): frames built by trafgen and addressed to the VM's MAC, as the
#             agent builds them (the bridge floods at most the first, until it has learned the VM's MAC);
#           LAB_PROBE_STYLE=host: the node's own stack (arping, ping; no SYN): its ARP requests are broadcast,
#             so the bridge floods them out of the uplink too.
#           LAB_PROBE_FROM=none: the node has no address there; only address-less ARP probes (RFC 5227,
#             sender 0.0.0.0), unicast by trafgen or broadcast by `arping -D`.
#   closing : a client's connection ends late: the guest's firewall drops what its connection tracking does not
#           know (ct state invalid, as firewalld and ufw do; it stays), and the first client sends the VM one FIN/ACK
#           to port 22 of a connection the guest has already forgotten (trafgen, to the VM's MAC): it crosses the
#           uplink, the bridge and the tap and is never answered, as a lingering closing packet in a real window.
#           LAB_CLOSING_AFTER=probe: first waits (up to 60 s) until the node has probed the guest (the guest then
#           has the bridge's address as a neighbour), so the FIN falls inside the window of the agent's probes.
# Options of start, from the environment:
#   LAB_TRAFFIC_SECONDS  every loop ends by itself after this (default 600)
#   LAB_LOAD=busy        each client opens a connection every 0.1 s (8 clients of the seed shape: ~80 SYNs/s)
#                        instead of one client every second (default: normal)
#   LAB_GUEST=noisy      the guest's own background chatter: IPv6 on (router solicitations, MLD reports,
#                        DAD), and every second in turn either a DHCP-like UDP 68->67 broadcast and a
#                        gratuitous ARP, or an NTP-like UDP packet to the gateway's port 123 and IPv6 re-enabled
#                        on its NIC, so any window of 2 s or more holds one of the UDP packets (default: quiet;
#                        stop turns the guest's IPv6 off again)
#   LAB_GUEST_SERVICES=1 listeners in the guest on the VM's ports (socat) that answer each connection with a
#                        line, so SYN-ACKs and data flow (default: none, the guest resets the SYNs)
# PID files live in the lab's state dir; each loop runs in its own process group so stop ends its children too.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"

usage() {
  echo "usage: $(basename "$0") ID start|stop|probe|bridge-address|closing   (env LAB_TRAFFIC_SECONDS LAB_LOAD LAB_GUEST LAB_GUEST_SERVICES LAB_PROBES LAB_PROBE_STYLE LAB_PROBE_FROM LAB_CLOSING_AFTER)" >&2
  exit 2
}
[ $# -eq 2 ] || usage
LAB_ID=$1; action=$2
lab_validate_id "$LAB_ID"
lab_require_root
lab_names "$LAB_ID"
seconds=${LAB_TRAFFIC_SECONDS:-600}
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || lab_die "LAB_TRAFFIC_SECONDS must be a positive integer"
load=${LAB_LOAD:-normal}
[ "$load" = normal ] || [ "$load" = busy ] || lab_die "LAB_LOAD must be normal or busy, got '$load'"
guest=${LAB_GUEST:-quiet}
[ "$guest" = quiet ] || [ "$guest" = noisy ] || lab_die "LAB_GUEST must be quiet or noisy, got '$guest'"
services=${LAB_GUEST_SERVICES:-0}
[ "$services" = 0 ] || [ "$services" = 1 ] || lab_die "LAB_GUEST_SERVICES must be 0 or 1, got '$services'"
probe_style=${LAB_PROBE_STYLE:-unicast}
[ "$probe_style" = unicast ] || [ "$probe_style" = host ] || lab_die "LAB_PROBE_STYLE must be unicast or host"
probe_from=${LAB_PROBE_FROM:-bridge-address}
[ "$probe_from" = bridge-address ] || [ "$probe_from" = none ] || lab_die "LAB_PROBE_FROM must be bridge-address or none"
probes=${LAB_PROBES:-3}
closing_after=${LAB_CLOSING_AFTER:-now}
[ "$closing_after" = now ] || [ "$closing_after" = probe ] || lab_die "LAB_CLOSING_AFTER must be now or probe"
[[ "$probes" =~ ^[0-9]+$ ]] && [ "$probes" -gt 0 ] && [ "$probes" -le 20 ] || lab_die "LAB_PROBES must be 1..20"

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

# Waits up to 5 s until every VM port listens inside the guest.
await_listeners() {
  local i p missing
  for i in $(seq 100); do
    missing=0
    for p in $LAB_VM_PORTS; do
      ip netns exec "$LAB_NS_GUEST" ss -Hltn "sport = :$p" | grep -q . || missing=1
    done
    [ "$missing" -eq 0 ] && return 0
    sleep 0.05
  done
  lab_die "guest listeners on $LAB_VM_PORTS did not come up: $(cat "$LAB_STATE_DIR/guest-services.log")"
}

case "$action" in
  start)
    lab_require_up "$LAB_NS_UP" "$LAB_NS_GUEST"
    mkdir -p "$LAB_STATE_DIR"
    if [ "$services" = 1 ]; then
      # One socat per port, a child per connection that prints a banner; -T ends idle children.
      start_loop guest-services ip netns exec "$LAB_NS_GUEST" timeout "$seconds" bash -c '
        for p in $1; do
          socat -T 2 "TCP-LISTEN:$p,fork,reuseaddr,backlog=1024" "EXEC:echo lab-service-$p" &
        done; wait' services "$LAB_VM_PORTS"
      await_listeners
    fi
    # Each attempt sends a line and gives up after 1 s without an answer: a guest without listeners
    # resets the SYN, one with listeners answers, a wedged one leaves the SYN to be retransmitted.
    # normal: one client a second (rotating), to every port; busy: every client every 0.1 s, rotating ports.
    start_loop clients-syn ip netns exec "$LAB_NS_UP" bash -c '
      end=$((SECONDS + $1)); vm=$2; read -ra clients <<<"$3"; read -ra ports <<<"$4"; load=$5; i=0
      connect() { printf "hello %s\n" "$3" | nc -n -N -w 1 -s "$1" "$vm" "$2" >/dev/null 2>&1; }
      while [ $SECONDS -lt $end ]; do
        if [ "$load" = busy ]; then
          for k in "${!clients[@]}"; do connect "${clients[$k]}" "${ports[$(((i + k) % ${#ports[@]}))]}" "$i" & done
          sleep 0.1
        else
          src=${clients[$((i % ${#clients[@]}))]}
          for p in "${ports[@]}"; do connect "$src" "$p" "$i" & done
          sleep 1
        fi
        i=$((i + 1))
      done; wait' syn-loop "$seconds" "$LAB_GUEST_IP" "$LAB_CLIENT_IPS" "$LAB_VM_PORTS" "$load"
    first_client=${LAB_CLIENT_IPS%% *}
    # timeout, not ping -w: with a deadline ping quits at its first send error (unresolved neighbour).
    start_loop clients-ping ip netns exec "$LAB_NS_UP" timeout "$seconds" ping -n -q -i 0.5 -I "$first_client" "$LAB_GUEST_IP"
    # Not when the real VM (vm-up.sh) took the stand-in guest's place: its namespace has no device left.
    if lab_link_exists "$LAB_NS_GUEST" "$LAB_GUEST_DEV"; then
      start_loop guest-ping ip netns exec "$LAB_NS_GUEST" timeout "$seconds" ping -n -q -i 0.5 "$LAB_GATEWAY_IP"
    fi
    if [ "$guest" = noisy ]; then
      start_loop guest-noise ip netns exec "$LAB_NS_GUEST" bash -c '
        end=$((SECONDS + $1)); ip=$2; gw=$3; dev=$4; i=0
        v6() { sysctl -qw "net.ipv6.conf.all.disable_ipv6=$1" "net.ipv6.conf.default.disable_ipv6=$1" \
          "net.ipv6.conf.$dev.disable_ipv6=$1"; }
        v6 0 # link-local address: DAD neighbour solicitation, MLD reports, router solicitations
        while [ $SECONDS -lt $end ]; do
          case $((i % 2)) in
            0) printf "DHCPREQUEST" | nc -u -b -n -w 0 -s "$ip" -p 68 255.255.255.255 67
               arping -q -U -c 1 -I "$dev" "$ip" ;;
            1) printf "NTP" | nc -u -n -w 0 -p 123 "$gw" 123
               sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"; sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=0" ;;
          esac
          i=$((i + 1)); sleep 1
        done' noise "$seconds" "$LAB_GUEST_IP" "$LAB_GATEWAY_IP" "$LAB_GUEST_DEV"
    fi
    ;;
  stop)
    for f in "$LAB_STATE_DIR"/*.pid; do
      if [ -e "$f" ]; then stop_loop "$f"; fi
    done
    if lab_ns_exists "$LAB_NS_GUEST"; then
      # Back to a quiet guest, as lab-up.sh made it (a noisy guest turned IPv6 on).
      ip netns exec "$LAB_NS_GUEST" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
      if lab_link_exists "$LAB_NS_GUEST" "$LAB_GUEST_DEV"; then
        ip netns exec "$LAB_NS_GUEST" sysctl -qw "net.ipv6.conf.$LAB_GUEST_DEV.disable_ipv6=1"
      fi
    fi
    ;;
  bridge-address)
    lab_require_up "$LAB_NS_HOST"
    ip -n "$LAB_NS_HOST" addr replace "$LAB_BRIDGE_IP/$LAB_PREFIX_LEN" dev "$LAB_BRIDGE"
    ;;
  probe)
    lab_require_up "$LAB_NS_HOST"
    lab_link_exists "$LAB_NS_HOST" "$LAB_BRIDGE" || lab_die "lab $LAB_ID has no bridge $LAB_BRIDGE"
    source_ip=0.0.0.0
    if [ "$probe_from" = bridge-address ]; then
      ip -n "$LAB_NS_HOST" addr replace "$LAB_BRIDGE_IP/$LAB_PREFIX_LEN" dev "$LAB_BRIDGE"
      source_ip=$LAB_BRIDGE_IP
    fi
    # Unanswered probes are an answer too (a faulty path): exit statuses do not matter.
    if [ "$probe_style" = unicast ]; then
      command -v trafgen >/dev/null || lab_die "trafgen is not installed (netsniff-ng; lab/scripts/install-packages.sh)"
      # One of each kind per round, a frame every 0.2 s (the agent's pace: at most 5 a second). No payload:
      # trafgen's ICMP checksum would not cover one.
      config=""
      for i in $(seq "$probes"); do
        config+="{ eth(da=$LAB_GUEST_MAC), arp(request, sip=$source_ip, tmac=$LAB_GUEST_MAC, tip=$LAB_GUEST_IP) }"$'\n'
        if [ "$probe_from" = bridge-address ]; then
          config+="{ eth(da=$LAB_GUEST_MAC), ipv4(saddr=$source_ip, daddr=$LAB_GUEST_IP, ttl=64), icmpv4(echorequest, id=30308, seq=$i) }"$'\n'
          config+="{ eth(da=$LAB_GUEST_MAC), ipv4(saddr=$source_ip, daddr=$LAB_GUEST_IP, ttl=64), tcp(sp=$((40000 + i)), dp=22, syn, seq=$((1000 * i)), win=64240) }"$'\n'
        fi
      done
      frames=$(printf '%s' "$config" | grep -c .)
      printf '%s' "$config" | ip netns exec "$LAB_NS_HOST" trafgen -q -o "$LAB_BRIDGE" -i - -n "$frames" -t 200ms \
        >/dev/null 2>&1 || lab_die "trafgen could not send the probes"
      sleep 0.3 # the last answers
    elif [ "$probe_from" = none ]; then
      # arping -D ends at the first answer: one probe per run.
      for i in $(seq "$probes"); do
        ip netns exec "$LAB_NS_HOST" arping -q -D -c 1 -w 1 -I "$LAB_BRIDGE" "$LAB_GUEST_IP" || true
        sleep 0.5
      done
    else
      # ARP (one a second) and pings (two a second) side by side.
      ip netns exec "$LAB_NS_HOST" arping -q -c "$probes" -w $((probes + 1)) -I "$LAB_BRIDGE" "$LAB_GUEST_IP" &
      arping_pid=$!
      ip netns exec "$LAB_NS_HOST" ping -n -q -c "$probes" -i 0.5 -w $((probes + 1)) -I "$LAB_BRIDGE" "$LAB_GUEST_IP" \
        >/dev/null || true
      wait "$arping_pid" || true
    fi
    ;;
  closing)
    lab_require_up "$LAB_NS_UP" "$LAB_NS_GUEST"
    command -v trafgen >/dev/null || lab_die "trafgen is not installed (netsniff-ng; lab/scripts/install-packages.sh)"
    if ! ip netns exec "$LAB_NS_GUEST" nft list table inet vndguestct >/dev/null 2>&1; then
      ip netns exec "$LAB_NS_GUEST" nft -f - <<EOF
table inet vndguestct {
  chain input { type filter hook input priority 0; policy accept; ct state invalid counter drop; }
}
EOF
    fi
    if [ "$closing_after" = probe ]; then
      ip -n "$LAB_NS_GUEST" neigh flush to "$LAB_BRIDGE_IP" 2>/dev/null || true
      for i in $(seq 1200); do
        ip -n "$LAB_NS_GUEST" neigh show to "$LAB_BRIDGE_IP" | grep -q lladdr && break
        [ "$i" -eq 1200 ] && lab_die "the node did not probe the guest within 60 s"
        sleep 0.05
      done
    fi
    first_client=${LAB_CLIENT_IPS%% *}
    printf '{ eth(da=%s), ipv4(saddr=%s, daddr=%s, ttl=64), tcp(sp=45022, dp=22, fin, ack, seq=7000, aseq=9000, win=502) }\n' \
      "$LAB_GUEST_MAC" "$first_client" "$LAB_GUEST_IP" \
      | ip netns exec "$LAB_NS_UP" trafgen -q -o "$LAB_UPSTREAM_DEV" -i - -n 1 >/dev/null 2>&1 \
      || lab_die "trafgen could not send the closing packet"
    ;;
  *) usage ;;
esac
