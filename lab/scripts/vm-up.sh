#!/usr/bin/env bash
# Boots lab ID's guest as a real VM: a qemu guest (TCG; this machine's KVM is unusable) under a libvirtd of the
# lab's own, replacing the lab's stand-in guest (the veth pair vndtpID / eth0) with the same MAC and address.
#   - virtlogd and libvirtd run inside the lab's node namespace (vnd-ID-host), so libvirtd creates the tap
#     there and enslaves it to the lab bridge, and in a mount namespace of their own in which /etc/libvirt,
#     /run/libvirt, /var/lib/libvirt and /var/log/libvirt are this lab's private dirs: no state, socket or pid
#     file is shared with another libvirtd on the machine (only the QEMU capabilities cache in
#     /var/cache/libvirt is, which keeps every start after the machine's first fast).
#   - the daemon's sockets live in the lab's state dir: connect with qemu:///system?socket=... (printed).
#   - domain vndvm-ID: <interface type='bridge'> on the lab bridge (libvirt names the tap: read back from the
#     XML), 256 MiB, 1 vCPU, direct kernel boot of vm-image.sh's image, serial to a file, the guest agent's
#     channel, no memballoon.
# Waits for the guest's ready marker on its serial console and for a ping reply from the upstream clients.
# Idempotent (a running VM is only reported); a failure removes what was started. Needs lab-up.sh ID first.
# Prints KEY=VALUE lines on stdout (domain, tap, MAC, IP, URI, sockets, timings in ms).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-common.sh"

usage() { echo "usage: $(basename "$0") ID   (env LAB_VM_CHATTER_SECONDS, VM_BOOT_TIMEOUT)" >&2; exit 2; }
[ $# -eq 1 ] || usage
LAB_ID=$1
lab_validate_id "$LAB_ID"
lab_require_root
lab_names "$LAB_ID"
lab_vm_names "$LAB_ID"
lab_require_up "$LAB_NS_UP" "$LAB_NS_HOST" "$LAB_NS_GUEST"
lab_link_exists "$LAB_NS_HOST" "$LAB_BRIDGE" || lab_die "lab $LAB_ID has no bridge $LAB_BRIDGE"
for tool in qemu-system-x86_64 libvirtd virtlogd virsh unshare; do
  command -v "$tool" >/dev/null || lab_die "no $tool: run lab/scripts/install-packages.sh"
done
boot_timeout=${VM_BOOT_TIMEOUT:-90}
now_ms() { date +%s%3N; }
t0=$(now_ms)
virsh_() { virsh -q -c "$LAB_VM_URI" "$@"; }

running() {
  lab_pid_of "$LAB_VM_LIBVIRTD_PID" libvirtd >/dev/null && [ -S "$LAB_VM_SOCKET" ] \
    && [ "$(virsh_ domstate "$LAB_VM_DOMAIN" 2>/dev/null)" = running ]
}

image_ms=0 daemons_ms=0 define_start_ms=0 ready_ms=0 ping_ms=0 reused=1
if ! running; then
  reused=0
  # Whatever a crashed run left (daemons, state) goes first; the stand-in guest stays out of the way.
  VM_RESTORE_STAND_IN=0 "$here/vm-down.sh" "$LAB_ID" >/dev/null
  # On failure: what the guest and qemu said, then everything of the VM goes and the stand-in guest comes back.
  trap 'rc=$?; if [ $rc -ne 0 ]; then
          [ -f "$LAB_VM_SERIAL" ] && { echo "--- serial console:"; tail -n 30 "$LAB_VM_SERIAL"; } >&2
          [ -f "$LAB_VM_DIR/log/qemu/$LAB_VM_DOMAIN.log" ] \
            && { echo "--- qemu log:"; tail -n 10 "$LAB_VM_DIR/log/qemu/$LAB_VM_DOMAIN.log"; } >&2
          "$here/vm-down.sh" "$LAB_ID" >/dev/null 2>&1 || true
        fi' EXIT

  image=$("$here/vm-image.sh")
  kernel=$(printf '%s\n' "$image" | sed -n 's/^KERNEL=//p')
  initrd=$(printf '%s\n' "$image" | sed -n 's/^INITRD=//p')
  image_ms=$(( $(now_ms) - t0 ))

  # The stand-in guest's veth leaves the bridge: the VM takes its MAC and address.
  ip -n "$LAB_NS_HOST" link del "$LAB_TAP" 2>/dev/null || true

  # Private dirs for the daemons, shaped like the package's (owners and modes), empty of other domains.
  mkdir -p "$LAB_VM_DIR"/{etc,run,lib,log,sock,boot}
  chmod 755 "$LAB_STATE_DIR" "$LAB_VM_DIR" "$LAB_VM_DIR/boot"
  cp -a /etc/libvirt/. "$LAB_VM_DIR/etc/"
  rm -rf "$LAB_VM_DIR"/etc/qemu/*.xml "$LAB_VM_DIR"/etc/qemu/autostart "$LAB_VM_DIR"/etc/qemu/networks \
    "$LAB_VM_DIR"/etc/storage "$LAB_VM_DIR"/etc/secrets
  for pair in "/var/lib/libvirt:$LAB_VM_DIR/lib" "/var/log/libvirt:$LAB_VM_DIR/log"; do
    src=${pair%%:*} dst=${pair#*:}
    [ -d "$src" ] || continue
    (cd "$src" && find . -mindepth 1 -maxdepth 1 -type d) | while read -r d; do
      mkdir -p "$dst/$d"
      chown --reference="$src/$d" "$dst/$d"
      chmod --reference="$src/$d" "$dst/$d"
    done
  done
  mkdir -p "$LAB_VM_DIR/log/qemu"
  cat >"$LAB_VM_DIR/etc/libvirtd.conf" <<CONF
# The lab's own libvirtd (vm-up.sh $LAB_ID): its sockets in the lab's state dir, no auth (root only: mode 0700).
unix_sock_dir = "$LAB_VM_SOCK_DIR"
unix_sock_rw_perms = "0700"
unix_sock_ro_perms = "0777"
unix_sock_admin_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:$LAB_VM_DIR/libvirtd.log"
CONF
  cat >"$LAB_VM_DIR/etc/virtlogd.conf" <<CONF
log_outputs = "3:file:$LAB_VM_DIR/virtlogd.log"
CONF
  # The global mount points must exist to bind over them (an empty /run/libvirt is all this adds outside).
  mkdir -p /run/libvirt /var/lib/libvirt /var/log/libvirt
  ip netns exec "$LAB_NS_HOST" unshare -m --propagation private sh -ec '
    d=$1
    mount --bind "$d/etc" /etc/libvirt
    mount --bind "$d/run" /run/libvirt
    mount --bind "$d/lib" /var/lib/libvirt
    mount --bind "$d/log" /var/log/libvirt
    virtlogd -d -f /etc/libvirt/virtlogd.conf -p "$d/virtlogd.pid"
    libvirtd -d -f /etc/libvirt/libvirtd.conf -p "$d/libvirtd.pid"
  ' vm-daemons "$LAB_VM_DIR"
  for _ in $(seq 300); do
    [ -S "$LAB_VM_SOCKET" ] && virsh_ version >/dev/null 2>&1 && break
    lab_pid_of "$LAB_VM_LIBVIRTD_PID" libvirtd >/dev/null || { sleep 0.2; lab_pid_of "$LAB_VM_LIBVIRTD_PID" libvirtd >/dev/null \
      || lab_die "libvirtd did not stay up (see $LAB_VM_DIR/libvirtd.log)"; }
    sleep 0.1
  done
  virsh_ version >/dev/null || lab_die "libvirtd answers nothing on $LAB_VM_SOCKET"
  daemons_ms=$(( $(now_ms) - t0 - image_ms ))

  # libvirt chowns kernel and initrd while the domain runs: each VM boots its own copies.
  cp "$kernel" "$LAB_VM_DIR/boot/vmlinuz"
  cp "$initrd" "$LAB_VM_DIR/boot/initrd.img"
  cat >"$LAB_VM_DIR/domain.xml" <<XML
<domain type='qemu'>
  <name>$LAB_VM_DOMAIN</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>$LAB_VM_DIR/boot/vmlinuz</kernel>
    <initrd>$LAB_VM_DIR/boot/initrd.img</initrd>
    <cmdline>console=ttyS0 quiet panic=-1 vnd.ip=$LAB_GUEST_IP/$LAB_PREFIX_LEN vnd.gw=$LAB_GATEWAY_IP vnd.chatter=$LAB_VM_CHATTER_SECONDS</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>$(command -v qemu-system-x86_64)</emulator>
    <controller type='usb' model='none'/>
    <interface type='bridge'>
      <source bridge='$LAB_BRIDGE'/>
      <mac address='$LAB_GUEST_MAC'/>
      <model type='virtio'/>
    </interface>
    <serial type='file'>
      <source path='$LAB_VM_SERIAL'/>
      <target port='0'/>
    </serial>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
    <memballoon model='none'/>
  </devices>
</domain>
XML
  t_define=$(now_ms)
  virsh_ define "$LAB_VM_DIR/domain.xml" >/dev/null
  virsh_ start "$LAB_VM_DOMAIN" >/dev/null
  t_started=$(now_ms)
  define_start_ms=$(( t_started - t_define ))

  deadline=$(( $(date +%s) + boot_timeout ))
  until grep -q "$LAB_VM_READY_MARKER" "$LAB_VM_SERIAL" 2>/dev/null; do
    [ "$(virsh_ domstate "$LAB_VM_DOMAIN" 2>/dev/null)" = running ] || lab_die "domain $LAB_VM_DOMAIN stopped while booting"
    [ "$(date +%s)" -lt "$deadline" ] || lab_die "no $LAB_VM_READY_MARKER on the serial console within ${boot_timeout} s"
    sleep 0.1
  done
  ready_ms=$(( $(now_ms) - t_define ))
fi

# The upstream's first client pings the VM through uplink, bridge and tap.
client=${LAB_CLIENT_IPS%% *}
deadline=$(( $(date +%s) + 30 ))
until ip netns exec "$LAB_NS_UP" ping -c 1 -W 1 -I "$client" "$LAB_GUEST_IP" >/dev/null 2>&1; do
  [ "$(date +%s)" -lt "$deadline" ] || lab_die "the VM at $LAB_GUEST_IP answers no ping from $client"
done
[ "$reused" = 1 ] || ping_ms=$(( $(now_ms) - t_define ))

# The tap is whatever libvirt named it: read it back from the live XML (domiflist: Interface Type Source Model MAC).
iface=$(virsh_ domiflist "$LAB_VM_DOMAIN" | awk -v mac="$LAB_GUEST_MAC" 'tolower($5) == mac {print $1; exit}')
[ -n "$iface" ] && [ "$iface" != "-" ] || lab_die "domain $LAB_VM_DOMAIN has no tap for $LAB_GUEST_MAC"
lab_link_exists "$LAB_NS_HOST" "$iface" || lab_die "tap $iface is not in $LAB_NS_HOST"
trap - EXIT

cat <<KV
VM_DOMAIN=$LAB_VM_DOMAIN
VM_TAP=$iface
VM_MAC=$LAB_GUEST_MAC
VM_IP=$LAB_GUEST_IP
VM_GATEWAY_IP=$LAB_GATEWAY_IP
VM_BRIDGE=$LAB_BRIDGE
VM_HOST_NAMESPACE=$LAB_NS_HOST
VM_CHATTER_SECONDS=$LAB_VM_CHATTER_SECONDS
VM_READY_MARKER=$LAB_VM_READY_MARKER
VM_SERIAL_LOG=$LAB_VM_SERIAL
VM_STATE_DIR=$LAB_VM_DIR
LIBVIRT_URI=$LAB_VM_URI
LIBVIRT_SOCKET=$LAB_VM_SOCKET
LIBVIRT_SOCKET_RO=$LAB_VM_SOCKET_RO
LIBVIRTD_PID=$(lab_pid_of "$LAB_VM_LIBVIRTD_PID" libvirtd)
VM_QEMU_PID=$(lab_pid_of "$LAB_VM_DIR/run/qemu/$LAB_VM_DOMAIN.pid" qemu-system-x86_64 || true)
VM_REUSED=$reused
VM_IMAGE_MS=$image_ms
VM_DAEMONS_MS=$daemons_ms
VM_DEFINE_START_MS=$define_start_ms
VM_DEFINE_TO_READY_MS=$ready_ms
VM_DEFINE_TO_PING_MS=$ping_ms
VM_UP_MS=$(( $(now_ms) - t0 ))
KV
