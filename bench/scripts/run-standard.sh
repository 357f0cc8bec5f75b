#!/usr/bin/env bash
# The standard load scenario of the gateway, in one command (from anywhere in the repository):
#
#   bench/scripts/run-standard.sh [extra LoadRun options...]
#
# 1. builds the gateway jar and the harness (offline Maven, output in */target-load; BUILD=0 skips this),
# 2. runs 100, 250 and 500 concurrent calls on both agent paths (twilio-stream: mu-law passthrough;
#    vapi: PCM16 16 kHz, transcoded), HOLD seconds measured each (default 30),
# 3. runs 500 calls on both paths with an agent that speaks in bursts, then the SIPp call-rate scenario
#    (200 calls per second),
# 4. with PROFILE=1 (default), repeats the 500-call runs with a JFR recording of the gateway.
# Every run writes bench/target-load/load-runs/<run>/result.json and appends a row to bench/RESULTS.md.
# Each run first waits (up to 15 min) for other processes to leave the machine's cores idle, and is
# repeated (twice at most) when other processes loaded the machine during its measured window.
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGET=${TRUNKLINE_TARGET:-target-load}
HOLD=${HOLD:-30}
PROFILE=${PROFILE:-1}
BUILD=${BUILD:-1}

if [ "$BUILD" = "1" ]; then
  mvn -q -B -Dtrunkline.target="$TARGET" -pl gateway-server,bench -am package -DskipTests
fi

JAR="gateway-server/$TARGET/trunkline.jar"
run() {
  java -Xms1g -Xmx1g -XX:+UseParallelGC -cp "bench/$TARGET/benchmarks.jar" io.trunkline.bench.load.LoadRun \
    --jar "$JAR" --out "bench/$TARGET/load-runs" "$@"
}

for agent in twilio-stream vapi; do
  for calls in 100 250 500; do
    run --agent "$agent" --calls "$calls" --hold "$HOLD" "$@"
  done
done

# Bursty agent audio (speech delivered faster than real time, in chunks of irregular size), as Vapi sends it.
for agent in twilio-stream vapi; do
  run --agent "$agent" --calls 500 --hold "$HOLD" --agent-mode burst "$@"
done

run --mode sipp --sipp-rate 200 --sipp-calls 4000 --sipp-hold-ms 1000 "$@"

if [ "$PROFILE" = "1" ]; then
  for agent in twilio-stream vapi; do
    run --agent "$agent" --calls 500 --hold "$HOLD" --jfr --label "JFR profile run (CPU includes JFR)" "$@"
  done
fi
