# Shared by the lab-*.sh scripts: derives every name and address of lab ID from the ID alone,
# so each script (and a re-run after a crash) agrees on them without a state file.
# Source it after setting LAB_ID; it does not change shell options.

lab_die() { echo "$(basename "$0"): $*" >&2; exit 1; }

lab_require_root() {
  [ "$(id -u)" -eq 0 ] || lab_die "must run as root (network namespaces)"
}

# IDs end up in interface names (max 15 chars): "vndbr" + 8 = 13.
lab_validate_id() {
  [[ "$1" =~ ^[a-z0-9]{1,8}$ ]] || lab_die "lab id must be 1-8 chars of [a-z0-9], got '$1'"
}

lab_names() {
  local id=$1 h
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
  LAB_STATE_DIR="${VMNETDIAG_LAB_STATE:-/run/vmnetdiag-lab}/${id}"
  LAB_FAULT_TABLE="vndfault"
}

lab_ns_exists() { ip netns list | awk '{print $1}' | grep -qx -- "$1"; }

lab_link_exists() { ip -n "$1" link show dev "$2" >/dev/null 2>&1; }
