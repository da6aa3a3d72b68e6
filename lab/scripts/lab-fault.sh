#!/usr/bin/env bash
# Injects or heals one of lab ID's faults. Each is an nftables table named vndfault in one namespace, but for
# tap-port-disabled, which is the bridge's own state of the VM's port:
#   guest-rx-drop  : the seed's wedged guest NIC driver: a netdev ingress chain with policy drop on the
#                    guest's eth0 (frames reach the NIC, the stack never sees them) and a neighbour flush,
#                    so the guest keeps asking who-has for its gateway while the replies are dropped.
#   guest-firewall : the guest's own firewall drops TCP to the VM's ports (inet input chain in the guest);
#                    ARP and ping still work.
#   bridge-drop    : the node's bridge drops everything it would forward to the VM's tap (bridge family,
#                    forward hook, output port = tap): packets reach the uplink and the bridge, not the tap.
#   egress-drop    : the node's bridge drops the VM's IP/IPv6 frames it would forward from the tap (ARP
#                    passes, so the guest can still resolve its peers): replies reach the tap, not the uplink.
#   upstream-drop  : the upstream network drops every frame for the VM's MAC and every ARP request for its
#                    address before they leave towards the node (netdev egress chain on the upstream device):
#                    nothing for the VM reaches the uplink.
#   tap-port-disabled : the VM's tap port on the node's bridge set to STP state disabled (bridge link set dev TAP
#                    state 0): the bridge forwards no frame to or from it, while the tap itself stays up. (Without
#                    STP the bridge puts a blocking port back to forwarding at once; disabled holds.)
#   heal           : removes every fault table of the lab and sets the tap's port forwarding again.
# All are idempotent; faults can be combined.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"

FAULTS="guest-rx-drop guest-firewall bridge-drop egress-drop upstream-drop tap-port-disabled"
usage() { echo "usage: $(basename "$0") ID ${FAULTS// /|}|heal" >&2; exit 2; }
[ $# -eq 2 ] || usage
LAB_ID=$1; action=$2
[[ " $FAULTS heal " == *" $action "* ]] || usage
lab_validate_id "$LAB_ID"
lab_require_root
lab_names "$LAB_ID"
lab_ns_exists "$LAB_NS_GUEST" || lab_die "lab $LAB_ID is not up (no namespace $LAB_NS_GUEST)"
lab_require_up "$LAB_NS_UP" "$LAB_NS_HOST"

# With the real VM up (vm-up.sh), the node's faults act on the tap libvirt named for it, read from the live XML.
# (guest-rx-drop and guest-firewall act on the stand-in guest's namespace; the real VM's own are made inside it,
# through its guest agent: LabVm.)
lab_vm_names "$LAB_ID"
if [ -S "$LAB_VM_SOCKET" ]; then
  vm_tap=$(virsh -q -c "$LAB_VM_URI" domiflist "$LAB_VM_DOMAIN" 2>/dev/null \
    | awk -v mac="$LAB_GUEST_MAC" 'tolower($5) == mac {print $1; exit}' || true)
  if [ -n "$vm_tap" ] && [ "$vm_tap" != "-" ]; then LAB_TAP=$vm_tap; fi
fi

ns_nft() { local ns=$1; shift; ip netns exec "$ns" nft "$@"; }
# Whether chain FAMILY/vndfault/CHAIN exists in NS.
chain_present() { ns_nft "$1" list chain "$2" "$LAB_FAULT_TABLE" "$3" >/dev/null 2>&1; }
# Adds chain FAMILY/vndfault/CHAIN with the given body to NS unless it is there already.
add_chain() {
  local ns=$1 family=$2 chain=$3 body=$4
  chain_present "$ns" "$family" "$chain" && return 0
  ns_nft "$ns" -f - <<NFT
table $family $LAB_FAULT_TABLE {
  chain $chain {
$body
  }
}
NFT
}
# The tap's STP state on its bridge (forwarding, disabled, ...); empty when it is no port (bridge link lists only ports).
tap_port_state() {
  ip netns exec "$LAB_NS_HOST" bridge link show dev "$LAB_TAP" 2>/dev/null | sed -n 's/.* state \([a-z]*\) .*/\1/p'
}
tap_is_port() { [ -n "$(tap_port_state)" ]; }
set_tap_port_state() { ip netns exec "$LAB_NS_HOST" bridge link set dev "$LAB_TAP" state "$1"; }
ports_set() { local p out=""; for p in $LAB_VM_PORTS; do out+="${out:+, }$p"; done; printf '%s' "$out"; }

case "$action" in
  guest-rx-drop)
    add_chain "$LAB_NS_GUEST" netdev guest_rx \
      "    type filter hook ingress device \"$LAB_GUEST_DEV\" priority 0; policy drop;"
    ip -n "$LAB_NS_GUEST" neigh flush dev "$LAB_GUEST_DEV"
    ;;
  guest-firewall)
    add_chain "$LAB_NS_GUEST" inet guest_input \
      "    type filter hook input priority 0; policy accept;
    tcp dport { $(ports_set) } counter drop"
    ;;
  bridge-drop)
    add_chain "$LAB_NS_HOST" bridge to_vm \
      "    type filter hook forward priority 0; policy accept;
    oifname \"$LAB_TAP\" counter drop"
    ;;
  egress-drop)
    add_chain "$LAB_NS_HOST" bridge from_vm \
      "    type filter hook forward priority 0; policy accept;
    iifname \"$LAB_TAP\" ether type { ip, ip6 } counter drop"
    ;;
  upstream-drop)
    add_chain "$LAB_NS_UP" netdev to_vm \
      "    type filter hook egress device \"$LAB_UPSTREAM_DEV\" priority 0; policy accept;
    ether daddr $LAB_GUEST_MAC counter drop
    arp daddr ip $LAB_GUEST_IP counter drop"
    ;;
  tap-port-disabled)
    tap_is_port || lab_die "$LAB_TAP is no port of a bridge in $LAB_NS_HOST"
    set_tap_port_state 0
    ;;
  heal)
    for spec in "$LAB_NS_GUEST netdev" "$LAB_NS_GUEST inet" "$LAB_NS_HOST bridge" "$LAB_NS_UP netdev"; do
      set -- $spec
      if ns_nft "$1" list table "$2" "$LAB_FAULT_TABLE" >/dev/null 2>&1; then
        ns_nft "$1" delete table "$2" "$LAB_FAULT_TABLE"
      fi
    done
    # 3 is forwarding; a tap taken off the bridge (a fault of its own) is left as it is. A port without carrier
    # cannot be set (ENETDOWN): the bridge enables it itself when the carrier returns.
    state=$(tap_port_state)
    if [ -n "$state" ] && [ "$state" != forwarding ]; then
      set_tap_port_state 3 || echo "$(basename "$0"): $LAB_TAP stays $state until its carrier returns" >&2
    fi
    ;;
esac
