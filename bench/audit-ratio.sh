#!/usr/bin/env bash
# Audits against the trivial endpoint, in one run on one service (issue #14): 16 connections of wrk on
# /actuator/health, then on POST /api/v1/audits with the ResNet-50 example as a CI job sends it (the same body on
# every push: audited once, stored every time), with reuse=false (every request audited), and with detail=findings
# plus gzip. Prints requests/s, latencies and each ratio to health.
# The trial worker's warm-up is off: it would train on the same two cores through the whole run (measured: 77 s at
# 1.8 steps/s under this load), and audits do not use it.
# Needs wrk. Usage: bench/audit-ratio.sh [model.json] [seconds] [h2|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-examples/resnet50.json}
seconds=${2:-15}
db=${3:-postgres}
port=18081
. bench/service.sh
build_jar
fresh_datasource "$db" initaudit_bench
java -Xmx1g -Dorg.bytedeco.javacpp.platform.extension=-onednn -jar "$jar" --server.port=$port "${datasource[@]}" \
  --initaudit.rate-limit.enabled=false --initaudit.trial.warm-up-steps=0 > target/bench-service.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
wait_healthy $port
url=http://localhost:$port
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1), database $db"
echo "# wrk -t4 -c16 -d${seconds}s on one service; body $model ($(wc -c < "$model") bytes)"
for q in "?reuse=false" "" "?detail=findings gzip"; do   # warm-up: JIT (of each variant's path), pools
  wrk -t2 -c4 -d5s -s bench/audit-load.lua $url -- "$model" $q > /dev/null
done
wrk -t2 -c4 -d5s -s bench/health.lua $url/actuator/health > /dev/null
run() { wrk -t4 -c16 -d${seconds}s --timeout 10s "$@" | grep -E '^(requests|p50)'; }
echo "## health"; health=$(run -s bench/health.lua $url/actuator/health); echo "$health"
base=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<< "$health")
for variant in "default (same body, reused)|" "reuse=false|?reuse=false" "detail=findings + gzip|?detail=findings|gzip"; do
  IFS='|' read -r label query gz <<< "$variant"
  echo "## audit: $label"
  out=$(run -s bench/audit-load.lua $url -- "$model" "$query" $gz); echo "$out"
  rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<< "$out")
  awk -v a="$rps" -v b="$base" 'BEGIN { printf "ratio to health: %.2f\n", a / b }'
done
echo "# stored reports: $(curl -s "$url/api/v1/audits?size=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'), service RSS $(ps -o rss= -p $pid | awk '{printf "%.0f MiB", $1/1024}')"
