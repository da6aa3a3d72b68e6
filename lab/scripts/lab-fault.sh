#!/usr/bin/env bash
# Injects or heals lab ID's seed fault: a wedged guest NIC driver.
#   guest-rx-drop : nftables netdev ingress chain with policy drop on the guest's eth0 (inside the
#                   guest ns: frames reach the NIC, the stack never sees them) and a neighbour flush,
#                   so the guest keeps asking who-has for its gateway while replies are dropped.
#   heal          : removes that table.
# Both are idempotent.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"

usage() { echo "usage: $(basename "$0") ID guest-rx-drop|heal" >&2; exit 2; }
[ $# -eq 2 ] || usage
LAB_ID=$1; action=$2
lab_validate_id "$LAB_ID"
lab_require_root
lab_names "$LAB_ID"
lab_ns_exists "$LAB_NS_GUEST" || lab_die "lab $LAB_ID is not up (no namespace $LAB_NS_GUEST)"

guest_nft() { ip netns exec "$LAB_NS_GUEST" nft "$@"; }
fault_present() { guest_nft list table netdev "$LAB_FAULT_TABLE" >/dev/null 2>&1; }

case "$action" in
  guest-rx-drop)
    if ! fault_present; then
      guest_nft -f - <<NFT
table netdev $LAB_FAULT_TABLE {
  chain guest_rx {
    type filter hook ingress device "$LAB_GUEST_DEV" priority 0; policy drop;
  }
}
NFT
    fi
    ip -n "$LAB_NS_GUEST" neigh flush dev "$LAB_GUEST_DEV"
    ;;
  heal)
    if fault_present; then guest_nft delete table netdev "$LAB_FAULT_TABLE"; fi
    ;;
  *) usage ;;
esac
