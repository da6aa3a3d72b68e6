#!/usr/bin/env bash
# Tears KubeVirt lab ID down: the pod's process and cgroup, the namespaces, the state. Safe to re-run.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"
. "$here/kubevirt-common.sh"

[ $# -eq 1 ] || { echo "usage: $(basename "$0") ID" >&2; exit 2; }
LAB_ID=$1
lab_validate_id "$LAB_ID"
lab_require_root
kv_names "$LAB_ID"

for ns in "$KV_NS_UP" "$KV_NS_NODE" "$KV_NS_POD" "$KV_NS_VM"; do
  lab_ns_exists "$ns" || continue
  # Only processes inside this lab's own namespaces: ours by construction (the pod's sleep, a ping).
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  if [ -n "$pids" ]; then kill -KILL $pids 2>/dev/null || true; fi
done
for _ in $(seq 50); do
  [ -d "$KV_CGROUP" ] || break
  rmdir "$KV_CGROUP" 2>/dev/null && break
  sleep 0.05
done
rmdir "$KV_CGROUP_POD" 2>/dev/null || true
# the QoS and kubepods levels only when no other lab's pod is left in them
rmdir "$KV_CGROUP_ROOT/kubepods/besteffort" "$KV_CGROUP_ROOT/kubepods" 2>/dev/null || true
for ns in "$KV_NS_UP" "$KV_NS_NODE" "$KV_NS_POD" "$KV_NS_VM"; do
  lab_ns_exists "$ns" && ip netns del "$ns"
done
rm -rf "$KV_STATE_DIR"
[ ! -d "$KV_CGROUP" ] || { echo "$(basename "$0"): cgroup $KV_CGROUP is left" >&2; exit 1; }
