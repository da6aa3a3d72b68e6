#!/usr/bin/env bash
# Builds lab ID: a VM host topology in three network namespaces.
#   vnd-ID-up    : upstream network, up0 = gateway 10.A.B.1 + clients .2 .3 .4
#   vnd-ID-host  : the node: bridge vndbrID with uplink vndupID (peer of up0) and tap vndtpID
#   vnd-ID-guest : the VM: eth0 (peer of vndtpID), 10.A.B.51, default route via the gateway
# Env LAB_SHAPE=seed builds the source case's shape instead (see lab-common.sh): uplink vlan.700,
# bridge eth0.700, tap 021f00, a /22, the gateway in another /24 of it, 8 clients.
# Idempotent: re-running on a built lab changes nothing. Prints KEY=VALUE lines on stdout.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"

usage() { echo "usage: $(basename "$0") ID   (ID: 1-8 chars of [a-z0-9]; env LAB_SHAPE=default|seed)" >&2; exit 2; }
[ $# -eq 1 ] || usage
LAB_ID=$1
lab_validate_id "$LAB_ID"
lab_require_root
lab_names "$LAB_ID"

mkdir -p "$LAB_STATE_DIR"
printf '%s\n' "$LAB_SHAPE_NAME" >"$LAB_STATE_DIR/shape"

for ns in "$LAB_NS_UP" "$LAB_NS_HOST" "$LAB_NS_GUEST"; do
  lab_ns_exists "$ns" || ip netns add "$ns"
  ip -n "$ns" link set lo up
  # No IPv6: keeps router solicitations and MLD reports out of the captures.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done

# Host side: the bridge. STP off and no forward delay, so ports forward at once.
if ! lab_link_exists "$LAB_NS_HOST" "$LAB_BRIDGE"; then
  ip -n "$LAB_NS_HOST" link add "$LAB_BRIDGE" type bridge stp_state 0 forward_delay 0
fi

# Uplink: vndupID (host) <-> up0 (upstream).
if ! lab_link_exists "$LAB_NS_HOST" "$LAB_UPLINK"; then
  ip -n "$LAB_NS_UP" link del "$LAB_UPSTREAM_DEV" 2>/dev/null || true
  ip -n "$LAB_NS_HOST" link add "$LAB_UPLINK" type veth peer name "$LAB_UPSTREAM_DEV" netns "$LAB_NS_UP"
fi

# VM backend: vndtpID (host, stands in for the tap) <-> eth0 (guest).
if ! lab_link_exists "$LAB_NS_HOST" "$LAB_TAP"; then
  ip -n "$LAB_NS_GUEST" link del "$LAB_GUEST_DEV" 2>/dev/null || true
  ip -n "$LAB_NS_HOST" link add "$LAB_TAP" type veth peer name "$LAB_GUEST_DEV" netns "$LAB_NS_GUEST"
fi

ip -n "$LAB_NS_HOST" link set "$LAB_UPLINK" master "$LAB_BRIDGE"
ip -n "$LAB_NS_HOST" link set "$LAB_TAP" master "$LAB_BRIDGE"
ip -n "$LAB_NS_HOST" link set "$LAB_BRIDGE" up
ip -n "$LAB_NS_HOST" link set "$LAB_UPLINK" up
ip -n "$LAB_NS_HOST" link set "$LAB_TAP" up

# Upstream: gateway plus client addresses on one device.
if [ -n "$LAB_GATEWAY_MAC" ]; then
  ip -n "$LAB_NS_UP" link set "$LAB_UPSTREAM_DEV" address "$LAB_GATEWAY_MAC"
fi
ip -n "$LAB_NS_UP" link set "$LAB_UPSTREAM_DEV" up
ip -n "$LAB_NS_UP" addr replace "$LAB_GATEWAY_IP/$LAB_PREFIX_LEN" dev "$LAB_UPSTREAM_DEV"
for c in $LAB_CLIENT_IPS; do
  ip -n "$LAB_NS_UP" addr replace "$c/$LAB_PREFIX_LEN" dev "$LAB_UPSTREAM_DEV"
done
# Without it the upstream, like a switch-side router with a stale entry, would only ARP and send no SYNs.
ip -n "$LAB_NS_UP" neigh replace "$LAB_GUEST_IP" lladdr "$LAB_GUEST_MAC" dev "$LAB_UPSTREAM_DEV" nud permanent

# Guest: fixed MAC, address, default route via the gateway.
ip -n "$LAB_NS_GUEST" link set "$LAB_GUEST_DEV" address "$LAB_GUEST_MAC"
ip -n "$LAB_NS_GUEST" link set "$LAB_GUEST_DEV" up
ip -n "$LAB_NS_GUEST" addr replace "$LAB_GUEST_IP/$LAB_PREFIX_LEN" dev "$LAB_GUEST_DEV"
ip -n "$LAB_NS_GUEST" route replace default via "$LAB_GATEWAY_IP" dev "$LAB_GUEST_DEV"

cat <<KV
LAB_ID=$LAB_ID
SHAPE=$LAB_SHAPE_NAME
UPSTREAM_NAMESPACE=$LAB_NS_UP
HOST_NAMESPACE=$LAB_NS_HOST
GUEST_NAMESPACE=$LAB_NS_GUEST
BRIDGE=$LAB_BRIDGE
UPLINK=$LAB_UPLINK
UPSTREAM_DEVICE=$LAB_UPSTREAM_DEV
TAP=$LAB_TAP
GUEST_DEVICE=$LAB_GUEST_DEV
GUEST_MAC=$LAB_GUEST_MAC
GUEST_IP=$LAB_GUEST_IP
PREFIX_LENGTH=$LAB_PREFIX_LEN
GATEWAY_IP=$LAB_GATEWAY_IP
CLIENT_IPS=$LAB_CLIENT_IPS
VM_PORTS=$LAB_VM_PORTS
BRIDGE_IP=$LAB_BRIDGE_IP
STATE_DIR=$LAB_STATE_DIR
KV
