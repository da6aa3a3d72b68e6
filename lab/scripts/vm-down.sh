#!/usr/bin/env bash
# Stops lab ID's real VM (vm-up.sh): destroys and undefines domain vndvm-ID, stops the lab's own libvirtd and
# virtlogd (only those whose pid files vm-up.sh wrote, checked against the program they run), ends a qemu
# left behind, removes the VM's state dir and, while the lab is still up, puts the lab's stand-in guest
# (the veth pair) back. Safe to re-run; env VM_RESTORE_STAND_IN=0 skips the last step (lab-down.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"

usage() { echo "usage: $(basename "$0") ID" >&2; exit 2; }
[ $# -eq 1 ] || usage
LAB_ID=$1
lab_validate_id "$LAB_ID"
lab_require_root
lab_names "$LAB_ID"
lab_vm_names "$LAB_ID"

start_ms=$(date +%s%3N)
if [ -d "$LAB_VM_DIR" ]; then
  if lab_pid_of "$LAB_VM_LIBVIRTD_PID" libvirtd >/dev/null && [ -S "$LAB_VM_SOCKET" ]; then
    virsh -q -c "$LAB_VM_URI" destroy "$LAB_VM_DOMAIN" >/dev/null 2>&1 || true
    virsh -q -c "$LAB_VM_URI" undefine "$LAB_VM_DOMAIN" >/dev/null 2>&1 || true
  fi
  # The daemons and a qemu left behind (its pid file sits in the daemon's private /run/libvirt, i.e. in our
  # state dir), all at once: each takes about 2 s to go.
  pids=""
  for spec in "$LAB_VM_LIBVIRTD_PID:libvirtd" "$LAB_VM_VIRTLOGD_PID:virtlogd" \
      "$LAB_VM_DIR/run/qemu/$LAB_VM_DOMAIN.pid:qemu-system-x86_64"; do
    pid=$(lab_pid_of "${spec%%:*}" "${spec##*:}" || true)
    [ -n "$pid" ] && pids="$pids $pid"
  done
  if [ -n "$pids" ]; then
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 100); do
      alive=""
      for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
      [ -n "$alive" ] || break
      sleep 0.05
    done
    [ -z "$alive" ] || kill -KILL $alive 2>/dev/null || true
  fi
  rm -rf "$LAB_VM_DIR"
fi
if [ "${VM_RESTORE_STAND_IN:-1}" = 1 ] && lab_ns_exists "$LAB_NS_HOST" && lab_ns_exists "$LAB_NS_GUEST" \
    && lab_ns_exists "$LAB_NS_UP"; then
  "$here/lab-up.sh" "$LAB_ID" >/dev/null
fi
echo "VM_DOWN_MS=$(( $(date +%s%3N) - start_ms ))"
