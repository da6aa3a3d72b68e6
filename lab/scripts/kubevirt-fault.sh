#!/usr/bin/env bash
# Injects a fault into KubeVirt lab ID, or heals it:
#   guest-rx-drop : the seed's wedged guest NIC: a netdev ingress chain with policy drop on the guest's eth0
#                   (frames reach tap0 and the guest's NIC, its stack never sees them); the namespace guest's only:
#                   the qemu guest gets the same inside it through its agent (KubevirtLab.injectGuestReceiveFault)
#   pod-nat-drop  : the virt-launcher pod drops what its NAT would forward to the guest (masquerade): packets
#                   reach the pod's eth0, not k6t-eth0
#   link-down     : what virt-launcher's libvirt does to a VMI interface whose spec state is down (QEMU passes no
#                   frame either way while tap0 stays up): with the qemu guest, its own set_link off; with the
#                   namespace guest, netdev ingress and egress chains with policy drop on its eth0
#   heal          : with the qemu guest, the link and the pod only (KubevirtLab.heal also heals inside the guest)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"
. "$here/kubevirt-common.sh"

[ $# -eq 2 ] || { echo "usage: $(basename "$0") ID guest-rx-drop|pod-nat-drop|link-down|heal" >&2; exit 2; }
LAB_ID=$1; action=$2
lab_validate_id "$LAB_ID"
lab_require_root
kv_names "$LAB_ID"
guest=$(cat "$KV_STATE_DIR/guest" 2>/dev/null || echo namespace)
if [ "$guest" = qemu ]; then lab_require_up "$KV_NS_POD"; else lab_require_up "$KV_NS_POD" "$KV_NS_VM"; fi
# An HMP command to the qemu guest's monitor (a pipe: its .in fifo; qemu answers into .out, which no one reads).
monitor() { printf '%s\n' "$1" >"$KV_STATE_DIR/monitor.in"; }

case "$action" in
  guest-rx-drop)
    # the qemu guest's own fault is made inside it through its guest agent (KubevirtLab, on the lab's qga.sock)
    [ "$guest" = namespace ] || lab_die "guest-rx-drop here acts in the namespace guest; the qemu guest's is made through its agent (KubevirtLab.injectGuestReceiveFault)"
    ip netns exec "$KV_NS_VM" nft -f - <<NFT
table netdev $KV_FAULT_TABLE {
  chain guest_rx { type filter hook ingress device "eth0" priority 0; policy drop; }
}
NFT
    ip -n "$KV_NS_VM" neigh flush dev eth0
    ;;
  link-down)
    if [ "$guest" = qemu ]; then monitor "set_link n0 off"; exit 0; fi
    ip netns exec "$KV_NS_VM" nft -f - <<NFT
table netdev $KV_FAULT_TABLE {
  chain link_rx { type filter hook ingress device "eth0" priority 0; policy drop; }
  chain link_tx { type filter hook egress device "eth0" priority 0; policy drop; }
}
NFT
    ;;
  pod-nat-drop)
    ip netns exec "$KV_NS_POD" nft -f - <<NFT
table ip $KV_FAULT_TABLE {
  chain forward { type filter hook forward priority 0; policy accept; oifname "k6t-eth0" counter drop; }
}
NFT
    ;;
  heal)
    [ "$guest" = qemu ] && monitor "set_link n0 on"
    ip netns exec "$KV_NS_VM" nft delete table netdev "$KV_FAULT_TABLE" 2>/dev/null || true
    ip netns exec "$KV_NS_POD" nft delete table ip "$KV_FAULT_TABLE" 2>/dev/null || true
    ;;
  *) echo "$(basename "$0"): unknown action '$action'" >&2; exit 2 ;;
esac
