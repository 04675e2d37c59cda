#!/usr/bin/env bash
# A short end-to-end load smoke for CI (called from .ci/run): the one command (loadtest/run) starts the VOD
# emulator, redis-server and two gateways on loopback, runs ZipfCatalog at 150 requests/s for 5 s of ramp + 40 s of
# steady load with its assertions (errors <= 1 %, p95 < 250 ms, p99 < 500 ms), prints the summary and stops
# everything. Exits non-zero when an assertion fails or anything does not start.
# Extra arguments go to loadtest/run (e.g. --no-redis, --selftest, -Drate=100).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
opts=()
if [[ -f $ROOT/gateway/target/playgate-gateway.jar && -f $ROOT/vod-emulator/target/vod-emulator.jar ]]; then
  opts+=(--skip-build)  # CI has just built and verified them
fi
exec "$HERE/run" "${opts[@]}" ZipfCatalog -Drate=150 -Dramp=5 -Dduration=40 "$@"
