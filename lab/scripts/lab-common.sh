# Shared by the lab-*.sh scripts: derives every name and address of lab ID from the ID and the lab's
# shape, so each script (and a re-run after a crash) agrees on them. The shape is the one piece of state:
# lab-up.sh records it in the lab's state dir; env LAB_SHAPE, when set, must match it.
#   default : names vndbrID / vndupID / vndtpID, a /24, gateway .1, clients .2-.4, the VM at .51
#   seed    : the source case's shape inside the node's namespace: uplink vlan.700, bridge eth0.700,
#             tap 021f00, MAC 00:16:3e:02:1f:00, a /22 with the VM at 10.A.B.251 and the gateway at
#             10.A.(B+1).247 (58:6a:b1:e1:47:dc), 8 clients spread over the /22
# Namespace names (vnd-ID-up/host/guest) are the same in both shapes: they are global, devices are not.
# Source it after setting LAB_ID; it does not change shell options.

# What the lab VM's /init (vm-image.sh) prints on its serial console once its network is up.
VND_VM_READY_MARKER="VNDVM-READY"

lab_die() { echo "$(basename "$0"): $*" >&2; exit 1; }

lab_require_root() {
  [ "$(id -u)" -eq 0 ] || lab_die "must run as root (network namespaces)"
}

# IDs end up in interface names (max 15 chars): "vndbr" + 8 = 13.
lab_validate_id() {
  [[ "$1" =~ ^[a-z0-9]{1,8}$ ]] || lab_die "lab id must be 1-8 chars of [a-z0-9], got '$1'"
}

LAB_SHAPES="default seed"

# Exit status 3: the request was refused before anything was touched (callers need not clean up).
lab_refuse() { echo "$(basename "$0"): $*" >&2; exit 3; }

# The shape lab ID was built with: env LAB_SHAPE, else what lab-up.sh recorded, else default.
lab_shape() {
  local id=$1 recorded="" file
  file="${VMNETDIAG_LAB_STATE:-/run/vmnetdiag-lab}/${id}/shape"
  [ -f "$file" ] && recorded=$(cat "$file")
  local shape=${LAB_SHAPE:-${recorded:-default}}
  [[ " $LAB_SHAPES " == *" $shape "* ]] || lab_refuse "unknown lab shape '$shape' (one of: $LAB_SHAPES)"
  if [ -n "$recorded" ] && [ "$shape" != "$recorded" ]; then
    lab_refuse "lab $id was built with shape $recorded, not $shape"
  fi
  printf '%s' "$shape"
}

lab_names() {
  local id=$1 h
  LAB_SHAPE_NAME=$(lab_shape "$id") || exit $?
  h=$(printf '%s' "$id" | cksum | cut -d' ' -f1)
  # 10.A.B.0/24 with A in 100..199: parallel labs rarely share a subnet (they are isolated anyway).
  LAB_SUBNET_A=$(( 100 + h % 100 ))
  LAB_SUBNET_B=$(( (h / 100) % 256 ))
  local net="10.${LAB_SUBNET_A}.${LAB_SUBNET_B}"
  LAB_NS_UP="vnd-${id}-up"
  LAB_NS_HOST="vnd-${id}-host"
  LAB_NS_GUEST="vnd-${id}-guest"
  LAB_BRIDGE="vndbr${id}"
  LAB_UPLINK="vndup${id}"
  LAB_UPSTREAM_DEV="up0"
  LAB_TAP="vndtp${id}"
  LAB_GUEST_DEV="eth0"
  # 52:xx is locally administered (bit 1 of the first octet set), like qemu's default 52:54:00.
  LAB_GUEST_MAC=$(printf '52:54:00:%02x:%02x:%02x' $(( (h >> 16) & 255 )) $(( (h >> 8) & 255 )) $(( h & 255 )))
  LAB_PREFIX_LEN=24
  LAB_GATEWAY_IP="${net}.1"
  LAB_CLIENT_IPS="${net}.2 ${net}.3 ${net}.4"
  LAB_GUEST_IP="${net}.51"
  LAB_VM_PORTS="22 80 443"
  # An address for the node on the bridge, in the VM's subnet: set only by "lab-traffic.sh ID probe".
  LAB_BRIDGE_IP="${net}.254"
  LAB_GATEWAY_MAC=""
  LAB_STATE_DIR="${VMNETDIAG_LAB_STATE:-/run/vmnetdiag-lab}/${id}"
  LAB_FAULT_TABLE="vndfault"
  if [ "$LAB_SHAPE_NAME" = seed ]; then
    # 10.A.B.0/22: B a multiple of 4, so B..B+3 are the four /24s of the /22.
    local b=$(( ((h / 100) % 64) * 4 ))
    local n0="10.${LAB_SUBNET_A}.${b}" n1="10.${LAB_SUBNET_A}.$((b + 1))"
    local n2="10.${LAB_SUBNET_A}.$((b + 2))" n3="10.${LAB_SUBNET_A}.$((b + 3))"
    LAB_SUBNET_B=$b
    LAB_BRIDGE="eth0.700"
    LAB_UPLINK="vlan.700"
    LAB_TAP="021f00"
    LAB_GUEST_MAC="00:16:3e:02:1f:00"
    LAB_PREFIX_LEN=22
    LAB_GATEWAY_IP="${n1}.247"
    LAB_GATEWAY_MAC="58:6a:b1:e1:47:dc"
    LAB_CLIENT_IPS="${n0}.17 ${n0}.102 ${n1}.33 ${n1}.198 ${n2}.5 ${n2}.140 ${n3}.61 ${n3}.222"
    LAB_GUEST_IP="${n0}.251"
    LAB_BRIDGE_IP="${n3}.254"
  fi
}

lab_ns_exists() { ip netns list | awk '{print $1}' | grep -qx -- "$1"; }

lab_link_exists() { ip -n "$1" link show dev "$2" >/dev/null 2>&1; }

# Dies unless every named namespace of the lab exists.
lab_require_up() {
  local ns
  for ns in "$@"; do
    lab_ns_exists "$ns" || lab_die "lab $LAB_ID is not up (no namespace $ns)"
  done
}

# The lab's real VM (vm-up.sh / vm-down.sh): a qemu guest under a libvirtd of the lab's own. Everything of it
# lives under LAB_VM_DIR: the daemons' private /etc/libvirt, /run/libvirt, /var/lib/libvirt and /var/log/libvirt
# (bind-mounted over the global ones in a mount namespace of their own), their sockets and pid files, the
# guest's kernel copy, initramfs and serial log.
lab_vm_names() {
  LAB_VM_DOMAIN="vndvm-$1"
  LAB_VM_DIR="$LAB_STATE_DIR/vm"
  LAB_VM_SOCK_DIR="$LAB_VM_DIR/sock"
  LAB_VM_SOCKET="$LAB_VM_SOCK_DIR/libvirt-sock"
  LAB_VM_SOCKET_RO="$LAB_VM_SOCK_DIR/libvirt-sock-ro"
  LAB_VM_URI="qemu:///system?socket=$LAB_VM_SOCKET"
  LAB_VM_SERIAL="$LAB_VM_DIR/serial.log"
  LAB_VM_LIBVIRTD_PID="$LAB_VM_DIR/libvirtd.pid"
  LAB_VM_VIRTLOGD_PID="$LAB_VM_DIR/virtlogd.pid"
  LAB_VM_READY_MARKER="$VND_VM_READY_MARKER"
  LAB_VM_CHATTER_SECONDS=${LAB_VM_CHATTER_SECONDS:-3}
}

# The pid in FILE if that process is alive and runs the program named NAME (a recycled pid is not ours).
lab_pid_of() {
  local file=$1 name=$2 pid exe
  [ -f "$file" ] || return 1
  pid=$(cat "$file" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [ "$(basename "$exe")" = "$name" ] || return 1
  printf '%s' "$pid"
}
