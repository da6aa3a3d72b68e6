#!/usr/bin/env bash
# The lab demo: builds the seed's VM host topology in network namespaces, wedges the guest's receive path,
# runs a real diagnosis end to end (operator, capture pod, pcap4j on every hop) and prints the result as
# `kubectl get nd -o yaml` would. Needs root.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" -ne 0 ]; then
  echo "the lab demo builds network namespaces: run it as root (or with sudo)" >&2
  exit 1
fi
bash lab/scripts/install-packages.sh
# The real control plane the demo's operator talks to (Go; about 3 minutes the first time).
bash testkit/controlplane/build.sh
mvn -q -B -ntp -Dstyle.color=never install -DskipTests
exec mvn -q -B -ntp -Dstyle.color=never -pl lab exec:exec -Dexec.executable=java \
  -Dexec.args="-Dvmnetdiag.agentJvmOptions=../dist/src/main/jvm/agent.jvm -cp %classpath io.vmnetdiag.lab.LabDemo"
