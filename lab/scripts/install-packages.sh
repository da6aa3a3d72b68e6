#!/usr/bin/env bash
# Installs the Debian packages the lab, the demo and the tests need: libpcap for pcap4j, libnftables1 for the
# agent's nftables counters (its JSON API through JNA), libvirt0 for
# libvirt-java (its test driver runs in-process), and the tools that build the VM host topology (arping
# for the noisy guest and the node's probes, socat for the guest's listeners, trafgen of netsniff-ng for
# probes built like the agent's), and the real VM host: qemu (TCG), a libvirtd started by hand for the lab, the
# guest's Debian cloud kernel, busybox and cpio for its initramfs, and qemu-guest-agent copied into it; openssl makes
# the alert receiver's test certificates (AlertReceiverTlsTest).
set -euo pipefail
packages=(libpcap0.8 libnftables1 libvirt0 libvirt-clients iproute2 nftables tcpdump iputils-ping iputils-arping netcat-openbsd socat netsniff-ng procps
  qemu-system-x86 linux-image-cloud-amd64 busybox-static cpio libvirt-daemon-system qemu-guest-agent openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
