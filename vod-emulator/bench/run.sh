#!/usr/bin/env bash
# Open-loop latency benchmark of the vod-emulator against a bare Reactor Netty baseline, measured in the same run.
# Usage: vod-emulator/bench/run.sh            (RATE=2000 SECONDS=20 WARMUP=10 by default)
# Everything listens on 127.0.0.1 only and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-2000}
DURATION=${SECONDS_MEASURED:-20}
WARMUP=${WARMUP:-10}
EMU_PORT=${EMU_PORT:-18181}
BASE_PORT=${BASE_PORT:-18182}
JAR=target/vod-emulator.jar
[ -f "$JAR" ] || (cd .. && mvn -B -q -DskipTests package -pl vod-emulator)

java -Xmx512m ${EMU_JAVA_OPTS:-} -jar "$JAR" --port "$EMU_PORT" --qps 1000000 > target/bench-emulator.log 2>&1 &
EMU=$!
java -Xmx256m -cp "$JAR" dev.playgate.emulator.LoadBenchmark serve-baseline --port "$BASE_PORT" \
	> target/bench-baseline.log 2>&1 &
BASE=$!
trap 'kill $EMU $BASE 2>/dev/null; wait $EMU $BASE 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
	grep -q ready target/bench-emulator.log 2>/dev/null && grep -q ready target/bench-baseline.log 2>/dev/null && break
	sleep 0.1
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m -cp "$JAR" dev.playgate.emulator.LoadBenchmark load --emulator "127.0.0.1:$EMU_PORT" \
	--baseline "127.0.0.1:$BASE_PORT" --rate "$RATE" --seconds "$DURATION" --warmup "$WARMUP" \
	--emulator-pid "$EMU" --baseline-pid "$BASE" --clk-tck "$(getconf CLK_TCK)"
curl -s "http://127.0.0.1:$EMU_PORT/__admin/stats?top=0" | head -c 600; echo
