#!/usr/bin/env bash
# Scale benchmark (issue 12, "Scale"). One command, from anywhere, root not needed:
#
#   bench/scale.sh
#
# 500 NetworkDiagnoses over 50 Ready nodes at once, against the tests' control plane (etcd + kube-apiserver), the
# operator in its own JVM (-Xmx256m), an instant kubelet answering every capture pod with the agent's report replayed
# from a recorded lab case. Prints FIGURE lines and three goal lines, writes bench/results/scale-latest.md, removes
# everything it made. See bench/README.md, "Scale". Knobs (environment): DIAGNOSES (500), NODES (50),
# MAX_CAPTURES_PER_NODE (2), CAPTURE_MILLIS (1000: how long each capture pod runs), OPERATOR_JVM ("-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"), TIMEOUT_SECONDS
# (240), OUT, KEEP (1: keep the operator's log and GC log), MVN_FLAGS (extra Maven flags, e.g. -o).
# Exit status: 0 all goals met, 3 a goal failed, 1 the bench could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# shellcheck disable=SC2086 # MVN_FLAGS is a list of words by design
mvn -q -B -ntp -Dstyle.color=never ${MVN_FLAGS:-} install -DskipTests -pl lab -am || exit 1
# shellcheck disable=SC2086
mvn -q -B -ntp -Dstyle.color=never ${MVN_FLAGS:-} -pl lab dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" || exit 1
bash testkit/controlplane/build.sh >/dev/null || exit 1
# shellcheck disable=SC2086 # OPERATOR_JVM is passed whole, as one property
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dvmnetdiag.scale.diagnoses="${DIAGNOSES:-500}" -Dvmnetdiag.scale.nodes="${NODES:-50}" \
  -Dvmnetdiag.scale.maxCapturesPerNode="${MAX_CAPTURES_PER_NODE:-2}" -Dvmnetdiag.scale.captureMillis="${CAPTURE_MILLIS:-1000}" \
  -Dvmnetdiag.scale.timeoutSeconds="${TIMEOUT_SECONDS:-240}" \
  -Dvmnetdiag.scale.operatorJvm="${OPERATOR_JVM:--Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}" \
  -Dvmnetdiag.scale.keep="$([ "${KEEP:-}" = 1 ] && echo true || echo false)" \
  -Dvmnetdiag.scale.out="${OUT:-$PWD/bench/results/scale-latest.md}" \
  -cp "lab/target/test-classes:lab/target/classes:$(cat "$cp_file")" io.vmnetdiag.lab.scale.ScaleBench
