#!/usr/bin/env bash
# Builds KubeVirt lab ID (see kubevirt-common.sh): a node, a virt-launcher pod's network namespace built as
# KubeVirt builds it for BINDING, the guest behind tap0, and a real process of the pod in a cgroup named as the
# kubelet names it (cgroupfs driver), so the agent finds the pod by its UID.
#   bridge     : the pod's veth renamed eth0-nic (no address: the VM holds the pod's IP and MAC), bridge k6t-eth0
#                with eth0-nic and tap0
#   masquerade : the pod's veth stays eth0 with the pod's IP; bridge k6t-eth0 at 10.0.2.1 with tap0, the guest at
#                10.0.2.2; nftables NAT in the pod (DNAT in from eth0 to the guest, masquerade out of eth0)
# GUEST namespace (the default): tap0 is one end of a veth, the guest's eth0 its other end in a namespace.
# GUEST qemu: the guest is the libvirt lab's real VM image (vm-image.sh) under qemu (TCG) started in the pod's
# namespace as virt-launcher starts it, on a real tap0 (qemu's -netdev tap) with the VM's MAC; its monitor is a pipe
# in the lab's state dir (kubevirt-fault.sh link-down sets its link as KubeVirt's interface state does), and its guest
# agent channel (virtio-serial port org.qemu.guest_agent.0, as libvirt sets it up) a unix socket there, qga.sock: lab
# plumbing for the guest's own faults (KubevirtLab talks QGA on it); KubeVirt reaches the agent through libvirt.
# Usage: kubevirt-up.sh ID bridge|masquerade [routed|bridge] [namespace|qemu]; env KUBEVIRT_POD_UID: the pod's UID as
# the API server gave it (else one derived from ID). Prints KEY=VALUE lines.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"
. "$here/kubevirt-common.sh"

usage() { echo "usage: $(basename "$0") ID bridge|masquerade [routed|bridge] [namespace|qemu]" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 4 ] || usage
LAB_ID=$1; binding=$2; node_side=${3:-routed}; guest=${4:-namespace}
[[ "$binding" == bridge || "$binding" == masquerade ]] || usage
[[ "$node_side" == routed || "$node_side" == bridge ]] || usage
[[ "$guest" == namespace || "$guest" == qemu ]] || usage
lab_validate_id "$LAB_ID"
lab_require_root
kv_names "$LAB_ID"
for ns in "$KV_NS_UP" "$KV_NS_NODE" "$KV_NS_POD" "$KV_NS_VM"; do
  lab_ns_exists "$ns" && lab_refuse "KubeVirt lab $LAB_ID is up already (namespace $ns): kubevirt-down.sh $LAB_ID first"
done
mkdir -p "$KV_STATE_DIR"
printf '%s\n' "$KV_POD_UID" >"$KV_STATE_DIR/pod.uid"

namespaces="$KV_NS_UP $KV_NS_NODE $KV_NS_POD"
[ "$guest" = namespace ] && namespaces="$namespaces $KV_NS_VM"
if [ "$guest" = qemu ]; then
  command -v qemu-system-x86_64 >/dev/null || lab_die "no qemu-system-x86_64: run lab/scripts/install-packages.sh"
  eval "$("$here/vm-image.sh" | grep -E '^(KERNEL|INITRD)=')"
fi
for ns in $namespaces; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done

# Upstream <-> node uplink; the node routes the pod network, the upstream reaches it through the node.
ip -n "$KV_NS_NODE" link add "$KV_UPLINK" type veth peer name "$KV_UPSTREAM_DEV" netns "$KV_NS_UP"
ip -n "$KV_NS_UP" link set "$KV_UPSTREAM_DEV" up
ip -n "$KV_NS_UP" addr add "$KV_GATEWAY_IP/24" dev "$KV_UPSTREAM_DEV"
for c in $KV_CLIENT_IPS; do ip -n "$KV_NS_UP" addr add "$c/24" dev "$KV_UPSTREAM_DEV"; done
ip -n "$KV_NS_UP" route add "$KV_POD_NET.0/24" via "$KV_NODE_IP"
ip -n "$KV_NS_NODE" link set "$KV_UPLINK" up
ip -n "$KV_NS_NODE" addr add "$KV_NODE_IP/24" dev "$KV_UPLINK"
ip -n "$KV_NS_NODE" route add default via "$KV_GATEWAY_IP"
ip netns exec "$KV_NS_NODE" sysctl -qw net.ipv4.ip_forward=1

# The pod's veth, as the CNI plugs it: eth0 in the pod, KV_POD_VETH on the node.
ip -n "$KV_NS_NODE" link add "$KV_POD_VETH" type veth peer name eth0 netns "$KV_NS_POD"
ip -n "$KV_NS_POD" link set eth0 address "$KV_POD_MAC"
ip -n "$KV_NS_NODE" link set "$KV_POD_VETH" up
if [ "$node_side" = bridge ]; then
  ip -n "$KV_NS_NODE" link add "$KV_CNI_BRIDGE" type bridge stp_state 0 forward_delay 0
  ip -n "$KV_NS_NODE" link set "$KV_POD_VETH" master "$KV_CNI_BRIDGE"
  ip -n "$KV_NS_NODE" link set "$KV_CNI_BRIDGE" up
  ip -n "$KV_NS_NODE" addr add "$KV_POD_GATEWAY/24" dev "$KV_CNI_BRIDGE"
  node_pod_dev=$KV_CNI_BRIDGE
else
  # routed, as Calico does: a /32 route to the pod through its veth, the node answering the pod's ARP
  ip -n "$KV_NS_NODE" addr add "$KV_POD_GATEWAY/32" dev "$KV_POD_VETH"
  ip -n "$KV_NS_NODE" route add "$KV_POD_IP/32" dev "$KV_POD_VETH"
  ip netns exec "$KV_NS_NODE" sysctl -qw "net.ipv4.conf.$KV_POD_VETH.proxy_arp=1"
  node_pod_dev=$KV_POD_VETH
fi

# The guest behind tap0 (qemu makes its own tap0 below, once the addresses are known).
[ "$guest" = namespace ] && ip -n "$KV_NS_POD" link add tap0 type veth peer name eth0 netns "$KV_NS_VM"
ip -n "$KV_NS_POD" link add k6t-eth0 type bridge stp_state 0 forward_delay 0
[ "$guest" = namespace ] && ip -n "$KV_NS_POD" link set tap0 master k6t-eth0
if [ "$binding" = bridge ]; then
  # KubeVirt's bridge binding: the pod's eth0 loses its address and becomes eth0-nic on k6t-eth0 (with a new MAC);
  # the VM gets the pod's MAC and IP.
  ip -n "$KV_NS_POD" link set eth0 name eth0-nic
  ip -n "$KV_NS_POD" link set eth0-nic address "02:00:00:$(printf '%s' "${KV_POD_MAC:9}")"
  ip -n "$KV_NS_POD" link set eth0-nic master k6t-eth0
  ip -n "$KV_NS_POD" link set eth0-nic up
  vm_mac=$KV_POD_MAC; vm_ip=$KV_POD_IP; vm_gateway=$KV_POD_GATEWAY; vm_prefix=24; pod_if=eth0-nic
else
  ip -n "$KV_NS_POD" link set eth0 up
  ip -n "$KV_NS_POD" addr add "$KV_POD_IP/24" dev eth0
  ip -n "$KV_NS_POD" route add default via "$KV_POD_GATEWAY" dev eth0 onlink
  ip -n "$KV_NS_POD" addr add "$KV_MASQ_BRIDGE_IP/24" dev k6t-eth0
  ip netns exec "$KV_NS_POD" sysctl -qw net.ipv4.ip_forward=1
  ip netns exec "$KV_NS_POD" nft -f - <<NFT
table ip nat {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "eth0" counter dnat to $KV_MASQ_GUEST_IP
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "eth0" counter masquerade
    oifname "k6t-eth0" ip saddr != $KV_MASQ_GUEST_IP counter snat to $KV_MASQ_BRIDGE_IP
  }
}
NFT
  vm_mac=$KV_VM_MAC; vm_ip=$KV_MASQ_GUEST_IP; vm_gateway=$KV_MASQ_BRIDGE_IP; vm_prefix=24; pod_if=eth0
  ip -n "$KV_NS_POD" neigh replace "$KV_MASQ_GUEST_IP" lladdr "$vm_mac" dev k6t-eth0 nud permanent
fi
ip -n "$KV_NS_POD" link set k6t-eth0 up
if [ "$guest" = namespace ]; then
  ip -n "$KV_NS_POD" link set tap0 up
  ip -n "$KV_NS_VM" link set eth0 address "$vm_mac"
  ip -n "$KV_NS_VM" link set eth0 up
  ip -n "$KV_NS_VM" addr add "$vm_ip/$vm_prefix" dev eth0
  ip -n "$KV_NS_VM" route add default via "$vm_gateway" dev eth0 onlink
else
  # virt-launcher's part: qemu in the pod's namespace on tap0, the VM's MAC on its virtio NIC; the guest's own
  # chatter (a DHCP discover every second) is its traffic outwards
  mkfifo "$KV_STATE_DIR/monitor.in" "$KV_STATE_DIR/monitor.out"
  ip netns exec "$KV_NS_POD" qemu-system-x86_64 -accel tcg -m 256 -nodefaults -display none \
    -serial "file:$KV_STATE_DIR/serial.log" -kernel "$KERNEL" -initrd "$INITRD" \
    -append "console=ttyS0 quiet panic=-1 vnd.ip=$vm_ip/$vm_prefix vnd.gw=$vm_gateway vnd.chatter=1" \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device "virtio-net-pci,netdev=n0,mac=$vm_mac" \
    -chardev "pipe,id=monitor,path=$KV_STATE_DIR/monitor" -mon chardev=monitor,mode=readline \
    -device virtio-serial-pci,id=virtio-serial0 -chardev "socket,id=qga0,path=$KV_STATE_DIR/qga.sock,server=on,wait=off" \
    -device virtserialport,bus=virtio-serial0.0,nr=1,chardev=qga0,name=org.qemu.guest_agent.0 \
    -daemonize -pidfile "$KV_STATE_DIR/qemu.pid"
  ip -n "$KV_NS_POD" link set tap0 master k6t-eth0
  ip -n "$KV_NS_POD" link set tap0 up
  for _ in $(seq 240); do
    grep -q "$VND_VM_READY_MARKER" "$KV_STATE_DIR/serial.log" 2>/dev/null && break
    sleep 0.5
  done
  grep -q "$VND_VM_READY_MARKER" "$KV_STATE_DIR/serial.log" \
    || lab_die "the guest did not boot in 120 s; its console: $(tail -n 5 "$KV_STATE_DIR/serial.log" 2>/dev/null)"
fi
# The node's neighbour entry for the pod IP, fixed as a switch-side router's stale one: with the guest wedged the
# node keeps forwarding to it instead of only asking who-has.

ip -n "$KV_NS_NODE" neigh replace "$KV_POD_IP" lladdr "$KV_POD_MAC" dev "$node_pod_dev" nud permanent

# The pod's process: a sleep in the pod's namespace, moved into the pod's kubelet-named cgroup.
mkdir -p "$KV_CGROUP"
setsid ip netns exec "$KV_NS_POD" sleep infinity </dev/null >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do
  [ "$(readlink "/proc/$pid/ns/net")" = "$(ip netns exec "$KV_NS_POD" readlink /proc/self/ns/net)" ] && break
  sleep 0.05
done
echo "$pid" >"$KV_CGROUP/cgroup.procs"
# qemu runs in the compute container, as virt-launcher's does
[ "$guest" = qemu ] && cat "$KV_STATE_DIR/qemu.pid" >"$KV_CGROUP/cgroup.procs"
echo "$pid" >"$KV_STATE_DIR/pod.pid"
printf '%s\n' "$binding" >"$KV_STATE_DIR/binding"
printf '%s\n' "$guest" >"$KV_STATE_DIR/guest"

cat <<KV
LAB_ID=$LAB_ID
BINDING=$binding
NODE_SIDE=$node_side
UPSTREAM_NAMESPACE=$KV_NS_UP
NODE_NAMESPACE=$KV_NS_NODE
POD_NAMESPACE=$KV_NS_POD
GUEST=$guest
VM_NAMESPACE=$([ "$guest" = namespace ] && echo "$KV_NS_VM")
GUEST_AGENT_SOCKET=$([ "$guest" = qemu ] && echo "$KV_STATE_DIR/qga.sock")
UPLINK=$KV_UPLINK
CNI_BRIDGE=$([ "$node_side" = bridge ] && echo "$KV_CNI_BRIDGE")
POD_VETH=$KV_POD_VETH
POD_INTERFACE=$pod_if
POD_BRIDGE=k6t-eth0
TAP=tap0
POD_UID=$KV_POD_UID
POD_PID=$pid
CGROUP=$KV_CGROUP
POD_IP=$KV_POD_IP
POD_MAC=$KV_POD_MAC
VM_MAC=$vm_mac
VM_IP=$vm_ip
GUEST_GATEWAY=$vm_gateway
CLIENT_IPS=$KV_CLIENT_IPS
KV
