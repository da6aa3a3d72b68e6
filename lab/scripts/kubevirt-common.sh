# Shared by the kubevirt-*.sh scripts: the names and addresses of KubeVirt lab ID, derived from the ID alone.
#   vnd-ID-kup   : the upstream network, up0 = gateway 10.A.B.1 + clients .2 .3
#   vnd-ID-knode : the node: uplink vkupID (10.A.B.254, default route via .1), the pod's veth vkpvID, and with
#                  NODE_SIDE=bridge a CNI bridge vkcniID holding it (Flannel's cni0); routed (Calico, Cilium) without
#   vnd-ID-kpod  : the virt-launcher pod's namespace as KubeVirt builds it for BINDING (bridge or masquerade)
#   vnd-ID-kvm   : the guest behind tap0 (a namespace standing in for the VM)
# The pod network is 10.A.(B+1).0/24: the pod (bridge binding: the VM) at .10, the node's side at .1.
# Source it after lab-common.sh; it does not change shell options.

kv_names() {
  local id=$1 h uid
  h=$(printf 'kv%s' "$id" | cksum | cut -d' ' -f1)
  KV_A=$(( 100 + h % 100 ))
  KV_B=$(( ((h / 100) % 127) * 2 ))
  KV_NS_UP="vnd-${id}-kup"
  KV_NS_NODE="vnd-${id}-knode"
  KV_NS_POD="vnd-${id}-kpod"
  KV_NS_VM="vnd-${id}-kvm"
  KV_UPLINK="vkup${id}"
  KV_UPSTREAM_DEV="up0"
  KV_POD_VETH="vkpv${id}"
  KV_CNI_BRIDGE="vkcni${id}"
  KV_GATEWAY_IP="10.${KV_A}.${KV_B}.1"
  KV_CLIENT_IPS="10.${KV_A}.${KV_B}.2 10.${KV_A}.${KV_B}.3"
  KV_NODE_IP="10.${KV_A}.${KV_B}.254"
  KV_POD_NET="10.${KV_A}.$(( KV_B + 1 ))"
  KV_POD_IP="${KV_POD_NET}.10"
  KV_POD_GATEWAY="${KV_POD_NET}.1"
  # the pod's original MAC: the VM takes it over with the bridge binding
  KV_POD_MAC=$(printf '0a:58:0a:%02x:%02x:%02x' $(( (h >> 16) & 255 )) $(( (h >> 8) & 255 )) $(( h & 255 )))
  # the VM's own MAC with masquerade (KubeVirt gives the guest a MAC of its own)
  KV_VM_MAC=$(printf '52:54:00:%02x:%02x:%02x' $(( (h >> 16) & 255 )) $(( (h >> 8) & 255 )) $(( h & 255 )))
  # masquerade's inner network, as KubeVirt sets it: the bridge at 10.0.2.1, the guest at 10.0.2.2
  KV_MASQ_BRIDGE_IP="10.0.2.1"
  KV_MASQ_GUEST_IP="10.0.2.2"
  KV_STATE_DIR="${VMNETDIAG_LAB_STATE:-/run/vmnetdiag-lab}/kv-${id}"
  # The pod's UID: the API server's when the lab's pod object exists (env KUBEVIRT_POD_UID, recorded by
  # kubevirt-up.sh for the other scripts), else one derived from the ID.
  if [ -n "${KUBEVIRT_POD_UID:-}" ]; then
    KV_POD_UID=$KUBEVIRT_POD_UID
  elif [ -f "$KV_STATE_DIR/pod.uid" ]; then
    KV_POD_UID=$(cat "$KV_STATE_DIR/pod.uid")
  else
    uid=$(printf 'kubevirt-lab-%s' "$id" | md5sum | cut -c1-32)
    KV_POD_UID="${uid:0:8}-${uid:8:4}-${uid:12:4}-${uid:16:4}-${uid:20:12}"
  fi
  [[ "$KV_POD_UID" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] \
    || lab_die "pod UID '$KV_POD_UID' is not a Kubernetes UID"
  KV_CONTAINER_ID=$(printf 'compute-%s' "$id" | sha256sum | cut -c1-64)
  # cgroup v1, cgroupfs driver: /kubepods/besteffort/pod<uid>/<container id>, in the pids hierarchy
  KV_CGROUP_ROOT="${KV_CGROUP_ROOT:-/sys/fs/cgroup/pids}"
  KV_CGROUP_POD="$KV_CGROUP_ROOT/kubepods/besteffort/pod${KV_POD_UID}"
  KV_CGROUP="$KV_CGROUP_POD/$KV_CONTAINER_ID"
  KV_FAULT_TABLE="vndfault"
}
