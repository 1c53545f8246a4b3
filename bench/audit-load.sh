#!/usr/bin/env bash
# Audit latency under load: 16 concurrent clients POSTing the ResNet-50 example to a freshly built service.
# Needs wrk (Debian package). Usage: bench/audit-load.sh [model.json] [seconds] [h2|postgres]
# postgres uses the server at 127.0.0.1:5432 (database initaudit_bench, recreated), as production does.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-examples/resnet50.json}
seconds=${2:-30}
db=${3:-h2}
port=18080
. bench/service.sh
build_jar
fresh_datasource "$db" initaudit_bench
java -Xmx1g -jar "$jar" --server.port=$port "${datasource[@]}" \
  > target/bench-service.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
wait_healthy $port
echo "# warm-up"
wrk -t2 -c4 -d10s -s bench/audit-load.lua http://localhost:$port -- "$model" > /dev/null
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1)"
echo "# database: $db"
echo "# measured: wrk -t4 -c16 -d${seconds}s --timeout 10s, body $model ($(wc -c < "$model") bytes)"
wrk -t4 -c16 -d${seconds}s --timeout 10s --latency -s bench/audit-load.lua http://localhost:$port -- "$model"
echo "# service RSS after the run: $(ps -o rss= -p $pid | awk '{printf "%.0f MiB", $1/1024}')"
