#!/usr/bin/env bash
# Records one lab case for offline replay: builds a fresh lab, sets its traffic and fault up, captures
# every hop at once (the node's uplink, bridge and tap, and the guest's eth0) with `tcpdump -s 96 -w`
# (headers only) for the case's window, and writes DIR/<role>.pcap plus DIR/case.json (the VM's MAC,
# the address a diagnosis would be given or null, each hop's role, interface, file and packet count,
# the expected verdict). The lab is torn down afterwards, also on failure or interruption.
#
#   record-case.sh CASE DIR        (as root; CASE is one of the names below, DIR is created)
#
# The cases (shape / traffic / fault / expected verdict):
#   seed             default / normal, quiet guest / guest-rx-drop / GuestNotProcessingReceive at guest
#   seed-noisy       seed / busy, noisy guest / guest-rx-drop / GuestNotProcessingReceive at guest;
#                    the VM's address is not given (to be learned from what it sends)
#   healthy-busy     seed / busy, guest listeners / none / PathHealthy
#   healthy-idle     default / none: the node probes the VM from the bridge's address as the agent does
#                    (ARP, ping, SYN to 22, unicast to the VM's MAC) / none / UpstreamUntested
#   healthy-idle-no-bridge-address
#                    default / none: the bridge has no address, the node sends address-less ARP probes
#                    (as the agent does then) / none / UpstreamUntested
#   healthy-idle-host-probes
#                    default / none: the node's own stack asks (arping, ping: broadcast ARP, flooded out
#                    of the uplink too) / none / UpstreamUntested
#   idle-late-fin    default / none: the node probes as in healthy-idle, then one client's late FIN/ACK of a
#                    connection the guest forgot reaches it and is dropped by its firewall (ct state invalid)
#                    / none / UpstreamUntested
#   lost-inside-host default / normal / bridge-drop / LostInsideHost at bridge->tap
#   lost-on-egress   default / normal / egress-drop / LostOnEgress at bridge->uplink
#   upstream-drop    default / normal / upstream-drop / LostUpstreamOfHost at upstream
#   guest-firewall   default / normal / guest-firewall / GuestNotResponding at guest
# Env RECORD_WINDOW overrides the case's window in seconds.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"

CASES="seed seed-noisy healthy-busy healthy-idle healthy-idle-no-bridge-address healthy-idle-host-probes idle-late-fin lost-inside-host lost-on-egress upstream-drop guest-firewall"
usage() { echo "usage: $(basename "$0") CASE DIR   (CASE: ${CASES// /|})" >&2; exit 2; }
[ $# -eq 2 ] || usage
case_name=$1; out=$2
[[ " $CASES " == *" $case_name "* ]] || usage
lab_require_root
command -v tcpdump >/dev/null || lab_die "tcpdump is not installed (lab/scripts/install-packages.sh)"

# What each case is made of.
shape=default; load=normal; guest=quiet; services=0; traffic=1; fault=""; probe=0; probe_from=bridge-address
late_fin=0
probe_style=unicast
address_given=1
window=5; reason=""; location=""
description=""
case "$case_name" in
  seed)
    fault=guest-rx-drop; reason=GuestNotProcessingReceive; location=guest
    description="The seed: the guest's NIC drops everything it receives; clients' SYNs and pings and the gateway's ARP replies reach the tap, the guest only asks who-has for its gateway." ;;
  seed-noisy)
    shape=seed; load=busy; guest=noisy; fault=guest-rx-drop; address_given=0
    reason=GuestNotProcessingReceive; location=guest
    description="The seed in the original's shape (vlan.700, eth0.700, 021f00, a /22, the gateway in another /24), a few hundred SYNs from 8 clients, a guest that also sends IPv6 RS/MLD/DAD, DHCP-like and NTP-like UDP and gratuitous ARP, the VM's address not given." ;;
  healthy-busy)
    shape=seed; load=busy; services=1; window=2; reason=PathHealthy; location=none
    description="A healthy VM in the seed's shape with listeners on 22/80/443 answering a few hundred connections from 8 clients (SYN-ACKs and data)." ;;
  healthy-idle)
    traffic=0; probe=1; reason=UpstreamUntested; location=none
    description="A healthy, idle VM: no traffic from outside at all; the node probes it from the bridge's address as the agent does (3 each of ARP who-has, ICMP echo, TCP SYN to 22, unicast to the VM's MAC), all answered at the tap." ;;
  healthy-idle-no-bridge-address)
    traffic=0; probe=1; probe_from=none; reason=UpstreamUntested; location=none
    description="A healthy, idle VM, no address on the node's bridge: the node sends 3 address-less ARP probes (sender 0.0.0.0, unicast to the VM's MAC) as the agent does then, all answered at the tap; nothing else flows." ;;
  healthy-idle-host-probes)
    traffic=0; probe=1; probe_style=host; reason=UpstreamUntested; location=none
    description="A healthy, idle VM: no traffic from outside at all; the node's own stack asks it from the bridge's address (arping, ping: broadcast ARP requests, which the bridge floods out of the uplink too), all answered at the tap." ;;
  idle-late-fin)
    traffic=0; probe=1; late_fin=1; reason=UpstreamUntested; location=none
    description="A healthy, idle VM probed by the node from the bridge's address as in healthy-idle (its answers go to the node and end there); then one client's late FIN/ACK of a connection the guest has forgotten reaches the uplink, the bridge and the tap, and the guest's firewall drops it (ct state invalid): unanswered, it asks nothing." ;;
  lost-inside-host)
    fault=bridge-drop; reason=LostInsideHost; location=bridge-\>tap
    description="The node's bridge drops everything it would forward to the VM's tap: packets for the VM reach the uplink and the bridge, not the tap." ;;
  lost-on-egress)
    fault=egress-drop; reason=LostOnEgress; location=bridge-\>uplink
    description="The node's bridge drops the VM's IP frames it would forward from the tap (ARP passes): the guest's replies reach the tap and the bridge, not the uplink." ;;
  upstream-drop)
    fault=upstream-drop; reason=LostUpstreamOfHost; location=upstream
    description="The upstream network drops every frame for the VM's MAC and ARP requests for its address before they reach the node: nothing for the VM reaches the uplink; the guest's own pings to its gateway leave it and no reply comes back." ;;
  guest-firewall)
    fault=guest-firewall; reason=GuestNotResponding; location=guest
    description="The guest's firewall drops TCP to 22/80/443; ARP and ping are answered." ;;
esac
window=${RECORD_WINDOW:-$window}
[[ "$window" =~ ^[0-9]+$ ]] && [ "$window" -ge 1 ] && [ "$window" -le 60 ] || lab_die "RECORD_WINDOW must be 1..60"

LAB_ID="rc$(head -c 64 /dev/urandom | tr -dc 'a-z0-9' | head -c 6)"
export LAB_SHAPE=$shape
lab_names "$LAB_ID"
tmp=$(mktemp -d)
cleanup() {
  local pids
  pids=$(cat "$tmp"/*.pid 2>/dev/null || true)
  # Only the tcpdumps this script started (their pids were recorded), then the lab itself.
  for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
  "$here/lab-down.sh" "$LAB_ID" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$here/lab-up.sh" "$LAB_ID" >"$tmp/lab.env"
if [ "$traffic" = 1 ]; then
  LAB_TRAFFIC_SECONDS=$((window + 30)) LAB_LOAD=$load LAB_GUEST=$guest LAB_GUEST_SERVICES=$services \
    "$here/lab-traffic.sh" "$LAB_ID" start
fi
if [ -n "$fault" ]; then
  "$here/lab-fault.sh" "$LAB_ID" "$fault"
fi
# Let the fault settle (the guest's neighbour entries go stale, the noisy guest gets going).
if [ "$traffic" = 1 ]; then sleep 2; fi

mkdir -p "$out"
rm -f "$out"/*.pcap "$out/case.json"
# role file namespace device
hops=(
  "Uplink uplink.pcap $LAB_NS_HOST $LAB_UPLINK"
  "Bridge bridge.pcap $LAB_NS_HOST $LAB_BRIDGE"
  "Tap tap.pcap $LAB_NS_HOST $LAB_TAP"
  "Guest guest.pcap $LAB_NS_GUEST $LAB_GUEST_DEV"
)
for h in "${hops[@]}"; do
  read -r role file ns dev <<<"$h"
  # Ended by the script once every hop has listened for the whole window; the timeout is a safety net.
  ip netns exec "$ns" timeout $((window + 30)) tcpdump -Z root -s 96 -i "$dev" -w "$out/$file" 2>"$tmp/$file.err" &
  echo $! >"$tmp/$file.pid"
done
# All four listen before the window counts.
for h in "${hops[@]}"; do
  read -r role file ns dev <<<"$h"
  for i in $(seq 200); do
    grep -q "listening on" "$tmp/$file.err" 2>/dev/null && break
    [ "$i" -eq 200 ] && lab_die "tcpdump on $dev did not start: $(cat "$tmp/$file.err")"
    sleep 0.025
  done
done
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
window_end=$(( $(date +%s%N) / 1000000 + window * 1000 ))
if [ "$probe" = 1 ]; then
  sleep 0.5
  LAB_PROBES=3 LAB_PROBE_FROM=$probe_from LAB_PROBE_STYLE=$probe_style "$here/lab-traffic.sh" "$LAB_ID" probe
fi
if [ "$late_fin" = 1 ]; then "$here/lab-traffic.sh" "$LAB_ID" closing; fi
left=$(( window_end - $(date +%s%N) / 1000000 ))
if [ "$left" -gt 0 ]; then sleep "$(printf '%d.%03d' $((left / 1000)) $((left % 1000)))"; fi
for h in "${hops[@]}"; do
  read -r role file ns dev <<<"$h"
  kill -INT "$(cat "$tmp/$file.pid")" 2>/dev/null || true # timeout passes it on; tcpdump flushes and ends
done
for h in "${hops[@]}"; do
  read -r role file ns dev <<<"$h"
  wait "$(cat "$tmp/$file.pid")" || true
  rm -f "$tmp/$file.pid"
done
if [ "$traffic" = 1 ]; then "$here/lab-traffic.sh" "$LAB_ID" stop; fi

json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
{
  printf '{\n'
  printf '  "name": %s,\n' "$(json_string "$case_name")"
  printf '  "description": %s,\n' "$(json_string "$description")"
  printf '  "recorded": %s,\n' "$(json_string "$started")"
  printf '  "recordedWith": %s,\n' "$(json_string "lab/scripts/record-case.sh $case_name DIR")"
  printf '  "shape": %s,\n' "$(json_string "$shape")"
  printf '  "traffic": {"inbound": %s, "load": %s, "guest": %s, "guestServices": %s, "nodeProbes": %s},\n' \
    "$([ "$traffic" = 1 ] && echo true || echo false)" "$(json_string "$load")" "$(json_string "$guest")" \
    "$([ "$services" = 1 ] && echo true || echo false)" "$([ "$probe" = 1 ] && echo true || echo false)"
  printf '  "fault": %s,\n' "$([ -n "$fault" ] && json_string "$fault" || echo null)"
  printf '  "windowSeconds": %d,\n' "$window"
  printf '  "snapLength": 96,\n'
  printf '  "sampleLines": 10,\n'
  printf '  "vmMac": %s,\n' "$(json_string "$LAB_GUEST_MAC")"
  printf '  "vmAddress": %s,\n' "$([ "$address_given" = 1 ] && json_string "$LAB_GUEST_IP" || echo null)"
  printf '  "actualVmAddress": %s,\n' "$(json_string "$LAB_GUEST_IP")"
  printf '  "prefixLength": %d,\n' "$LAB_PREFIX_LEN"
  printf '  "gatewayAddress": %s,\n' "$(json_string "$LAB_GATEWAY_IP")"
  printf '  "clientAddresses": [%s],\n' "$(for c in $LAB_CLIENT_IPS; do printf '%s, ' "$(json_string "$c")"; done | sed 's/, $//')"
  printf '  "bridgeAddress": %s,\n' "$([ "$probe" = 1 ] && [ "$probe_from" != none ] && json_string "$LAB_BRIDGE_IP" || echo null)"
  printf '  "hops": [\n'
  n=0
  for h in "${hops[@]}"; do
    read -r role file ns dev <<<"$h"
    packets=$(tcpdump -r "$out/$file" 2>/dev/null | wc -l)
    n=$((n + 1))
    # The agent captures on the node only; the guest's eth0 is recorded for reference (see README).
    # The node's own MACs (uplink, bridge): at the uplink, what the node sends towards the VM is not from outside.
    mac=""
    if [ "$role" = Uplink ] || [ "$role" = Bridge ]; then
      mac=", \"mac\": $(json_string "$(ip netns exec "$ns" cat "/sys/class/net/$dev/address")")"
    fi
    printf '    {"role": %s, "interfaceName": %s%s, "file": %s, "packets": %d, "inPath": %s}%s\n' \
      "$(json_string "$role")" "$(json_string "$dev")" "$mac" "$(json_string "$file")" "$packets" \
      "$([ "$role" = Guest ] && echo false || echo true)" "$([ $n -lt ${#hops[@]} ] && echo , || true)"
  done
  printf '  ],\n'
  # The seed's decisive evidence: the guest re-asking for its gateway, whatever else flowed.
  evidence=""
  if [ "$fault" = guest-rx-drop ]; then
    evidence=", \"evidenceContains\": [$(json_string "ARP, Request who-has $LAB_GATEWAY_IP tell $LAB_GUEST_IP")]"
  fi
  printf '  "expected": {"reason": %s, "location": %s%s}\n' "$(json_string "$reason")" "$(json_string "$location")" \
    "$evidence"
  printf '}\n'
} >"$out/case.json"
chmod 644 "$out"/*.pcap "$out/case.json"
echo "$case_name: $(for h in "${hops[@]}"; do read -r role file ns dev <<<"$h"; printf '%s %s ' "$role" "$(tcpdump -r "$out/$file" 2>/dev/null | wc -l)"; done)-> $out"
