#!/usr/bin/env bash
# Tears lab ID down: stops its traffic loops and its real VM (vm-down.sh), ends any process left inside its namespaces,
# deletes the namespaces (their devices go with them) and the state dir. Safe to re-run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"

usage() { echo "usage: $(basename "$0") ID" >&2; exit 2; }
[ $# -eq 1 ] || usage
LAB_ID=$1
lab_validate_id "$LAB_ID"
lab_require_root
lab_names "$LAB_ID"

"$here/lab-traffic.sh" "$LAB_ID" stop || true
# The real VM first (vm-up.sh): its daemons, domain and private dirs; the namespaces go next anyway.
if [ -d "$LAB_STATE_DIR/vm" ]; then VM_RESTORE_STAND_IN=0 "$here/vm-down.sh" "$LAB_ID" >/dev/null || true; fi

for ns in "$LAB_NS_UP" "$LAB_NS_HOST" "$LAB_NS_GUEST"; do
  lab_ns_exists "$ns" || continue
  # Only processes inside this lab's own namespaces: ours by construction (e.g. a tcpdump left behind).
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  if [ -n "$pids" ]; then kill -TERM $pids 2>/dev/null || true; fi
  ip netns del "$ns"
done
rm -rf "$LAB_STATE_DIR"
