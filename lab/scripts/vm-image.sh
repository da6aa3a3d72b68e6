#!/usr/bin/env bash
# Builds the lab VM's guest image from this machine's Debian packages (install-packages.sh): a copy of the
# cloud kernel and an initramfs with busybox, the virtio and nf_tables modules, qemu-guest-agent and nft with their
# libraries (faults inside the guest: nft's netdev ingress chain wedges the receive path), and an
# /init that makes the guest behave like a real one (see the /init below). Cached under
# VMNETDIAG_VM_IMAGE_CACHE (default /var/cache/vmnetdiag-lab/vm-image)/KERNEL_VERSION-HASH, HASH being that of
# this script, so a changed /init rebuilds; built only when missing, atomically (a crash leaves no half image).
# Prints KEY=VALUE lines: KERNEL, INITRD, KERNEL_VERSION, BUILT (1 when built now), BUILD_MS.
set -euo pipefail

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
[ $# -eq 0 ] || { echo "usage: $(basename "$0")   (env VMNETDIAG_VM_IMAGE_CACHE)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "must run as root (reads the kernel image)"

start_ms=$(date +%s%3N)
kernel=$(ls -1 /boot/vmlinuz-*-cloud-amd64 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$kernel" ] || die "no /boot/vmlinuz-*-cloud-amd64: run lab/scripts/install-packages.sh (linux-image-cloud-amd64)"
kv=${kernel#/boot/vmlinuz-}
moddir=/lib/modules/$kv
[ -d "$moddir" ] || die "no $moddir for kernel $kv"
for tool in busybox cpio gzip; do command -v "$tool" >/dev/null || die "no $tool: run lab/scripts/install-packages.sh"; done
qga=/usr/sbin/qemu-ga
[ -x "$qga" ] || die "no $qga: run lab/scripts/install-packages.sh (qemu-guest-agent)"
nft_bin=/usr/sbin/nft
[ -x "$nft_bin" ] || die "no $nft_bin: run lab/scripts/install-packages.sh (nftables)"
busybox_bin=$(command -v busybox)
# A static busybox: the initramfs carries no libraries for it.
file_type=$(LC_ALL=C ldd "$busybox_bin" 2>&1 || true)
[[ "$file_type" == *"not a dynamic executable"* || "$file_type" == *"statically linked"* ]] \
  || die "$busybox_bin is not static: install busybox-static"

script_hash=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)
cache_root=${VMNETDIAG_VM_IMAGE_CACHE:-/var/cache/vmnetdiag-lab/vm-image}
cache=$cache_root/$kv-$script_hash
built=0

if [ ! -f "$cache/initrd.img" ] || [ ! -f "$cache/vmlinuz" ]; then
  mkdir -p "$cache_root"
  work=$(mktemp -d "$cache_root/.build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  root=$work/root
  mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc,www,lib/modules,usr/bin,usr/sbin,var}
  ln -s ../run "$root/var/run"
  cp "$busybox_bin" "$root/bin/busybox"

  # The virtio modules, then nf_tables and its dependencies (modinfo -F depends: nfnetlink, libcrc32c; crc32c is
  # built in), in load order (no depmod/modprobe in the guest: insmod in this order). nf_tables carries the
  # netdev, inet, ip and ip6 families and the filter chain type (CONFIG_NF_TABLES_NETDEV/INET=y).
  modules="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net virtio_console"
  modules="$modules libcrc32c nfnetlink nf_tables"
  for m in $modules; do
    f=$(find "$moddir/kernel" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -n 1)
    [ -n "$f" ] || die "kernel $kv has no module $m"
    case "$f" in
      *.xz) xz -dc "$f" >"$root/lib/modules/$m.ko" ;;
      *.zst) zstd -qdc "$f" >"$root/lib/modules/$m.ko" ;;
      *) cp "$f" "$root/lib/modules/$m.ko" ;;
    esac
  done
  echo "$modules" >"$root/lib/modules/order"

  # qemu-ga and nft (libnftables) and the libraries ldd lists for them, at the same paths (the loader included).
  cp "$qga" "$root/usr/sbin/qemu-ga"
  cp "$nft_bin" "$root/usr/sbin/nft"
  for lib in $(ldd "$qga" "$nft_bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  echo 'vndvm guest' >"$root/www/index.html"

  cat >"$root/init" <<'INIT'
#!/bin/busybox sh
# The lab VM's init. Kernel arguments: vnd.ip=ADDR/LEN vnd.gw=GATEWAY [vnd.chatter=SECONDS]
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /run /tmp
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
for m in $(cat /lib/modules/order); do insmod /lib/modules/$m.ko || echo "vndvm: insmod $m failed"; done

ip= gw= chatter=3
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    vnd.ip=*) ip=${arg#vnd.ip=} ;;
    vnd.gw=*) gw=${arg#vnd.gw=} ;;
    vnd.chatter=*) chatter=${arg#vnd.chatter=} ;;
  esac
done

# IPv6 on, as in a real guest: link-local address, router solicitations, MLD reports.
sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 2>/dev/null
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ip link set lo up
ip link set eth0 up
[ -n "$ip" ] && ip addr add "$ip" dev eth0
[ -n "$gw" ] && ip route add default via "$gw" dev eth0

# What udev would do: /dev/virtio-ports/NAME links for the virtio-serial ports (the guest agent's channel).
mkdir -p /dev/virtio-ports
for p in /sys/class/virtio-ports/vport*; do
  [ -e "$p/name" ] && ln -sf "/dev/$(basename "$p")" "/dev/virtio-ports/$(cat "$p/name")"
done
if [ -e /dev/virtio-ports/org.qemu.guest_agent.0 ]; then
  qemu-ga -m virtio-serial -p /dev/virtio-ports/org.qemu.guest_agent.0 -f /run/qemu-ga.pid -d
else
  echo "vndvm: no guest agent channel"
fi

# Listeners on 22, 80 and 443 (busybox httpd: accepts, answers HTTP; enough for SYN -> SYN-ACK).
for port in 22 80 443; do httpd -p "$port" -h /www; done

# Background chatter, as a real guest's DHCP client: a DHCPDISCOVER (broadcast, 0.0.0.0:68 -> 255.255.255.255:67,
# asking for its own address) every vnd.chatter seconds. Nothing answers it in the lab; the address stays static
# (the event script is /bin/true); each client gives up after a second.
(
  while :; do
    udhcpc -i eth0 -f -n -q -t 1 -T 1 -A 1 -s /bin/true -r "${ip%/*}" -F vndvm >/dev/null 2>&1 &
    sleep "$chatter"
  done
) &

echo "VNDVM-READY ip=$ip gw=$gw ipv6=$(cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6 2>/dev/null | sed 's/0/on/;s/1/off/')"
# PID 1 must not exit; a shell on the console for whoever reads the serial log.
while :; do sleep 3600; done
INIT
  chmod 755 "$root/init"

  (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.img"
  cp "$kernel" "$work/vmlinuz"
  chmod 644 "$work/initrd.img" "$work/vmlinuz"
  # Publish atomically: another build of the same key may have won the race; either is fine.
  mkdir -p "$work/out"
  mv "$work/initrd.img" "$work/vmlinuz" "$work/out/"
  if ! mv -T "$work/out" "$cache" 2>/dev/null; then
    [ -f "$cache/initrd.img" ] || die "could not publish the image to $cache"
  fi
  built=1
fi

cat <<KV
KERNEL=$cache/vmlinuz
INITRD=$cache/initrd.img
KERNEL_VERSION=$kv
BUILT=$built
BUILD_MS=$(( $(date +%s%3N) - start_ms ))
KV
