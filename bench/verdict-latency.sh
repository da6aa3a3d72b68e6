#!/usr/bin/env bash
# Verdict latency benchmark (issue 7, "Conclusive in seconds"). One command, as root:
#
#   bench/verdict-latency.sh
#
# Builds the lab, wedges the guest's receive path (the seed's fault) and times, from applying a NetworkDiagnosis
# to its verdict in the status, 5 diagnoses that close their window when the evidence is conclusive and 3 held to
# their whole 10 s window. Prints the table and the goal line (median <= 5 s). About a minute after the build.
# Writes the report to bench/results/verdict-latency.md. Knobs (environment): RUNS (5), FULL_RUNS (3), OUT. Exit status: 0 goal met, 3 goal failed, else could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "verdict-latency: needs root (network namespaces)" >&2; exit 1; }
mvn -q -B -ntp -Dstyle.color=never install -DskipTests -pl lab -am
exec mvn -q -B -ntp -Dstyle.color=never -pl lab exec:exec -Dexec.executable=java \
  -Dexec.args="-Dvmnetdiag.agentJvmOptions=../dist/src/main/jvm/agent.jvm -Dvmnetdiag.bench.runs=${RUNS:-5} -Dvmnetdiag.bench.fullRuns=${FULL_RUNS:-3} -Dvmnetdiag.bench.out=${OUT:-$PWD/bench/results/verdict-latency.md} -cp %classpath io.vmnetdiag.lab.VerdictLatencyBench"
