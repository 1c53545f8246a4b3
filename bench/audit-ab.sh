#!/usr/bin/env bash
# Two builds of the service head to head on the default audit (the same body each time, 16 connections), alternating
# A, B, A, B on fresh PostgreSQL databases so that drift of a shared machine hits both: how a change to the request
# path was judged (issue #14's group commit). No trial warm-up, so nothing else runs on the cores.
# Needs wrk and PostgreSQL at 127.0.0.1:5432. Usage: bench/audit-ab.sh A.jar B.jar [rounds] [seconds] [model.json]
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2
rounds=${3:-2}
seconds=${4:-15}
model=${5:-examples/resnet50.json}
port=18082
. bench/service.sh
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), wrk -t4 -c16 -d${seconds}s, body $model"
for round in $(seq 1 "$rounds"); do
  for jar in "$a" "$b"; do
    fresh_datasource postgres initaudit_ab
    start_service $port target/bench-ab.log "${datasource[@]}" --initaudit.rate-limit.enabled=false \
      --initaudit.trial.warm-up-steps=0
    trap 'kill $svc 2>/dev/null || true' EXIT
    wrk -t2 -c4 -d10s -s bench/audit-load.lua http://localhost:$port -- "$model" "" > /dev/null   # JIT, pools
    echo "## $jar, round $round"
    wrk -t4 -c16 -d${seconds}s --timeout 10s -s bench/audit-load.lua http://localhost:$port -- "$model" "" \
      | grep -E '^(requests|p50)'
    kill $svc; wait $svc 2>/dev/null || true
  done
done
