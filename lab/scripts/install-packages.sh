#!/usr/bin/env bash
# Installs the Debian packages the lab, the demo and the tests need: libpcap for pcap4j, libvirt0 for
# libvirt-java (its test driver runs in-process), and the tools that build the VM host topology (arping
# for the noisy guest and the node's probes, socat for the guest's listeners, trafgen of netsniff-ng for
# probes built like the agent's).
set -euo pipefail
packages=(libpcap0.8 libvirt0 libvirt-clients iproute2 nftables tcpdump iputils-ping iputils-arping netcat-openbsd socat netsniff-ng procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
