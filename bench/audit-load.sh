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
mvn -q -B -DskipTests package
jar=$(ls target/initaudit-*.jar | grep -v plain | head -n 1)
rm -rf target/bench-db
if [ "$db" = postgres ]; then
  psql -q -h 127.0.0.1 -U postgres -c "drop database if exists initaudit_bench" -c "create database initaudit_bench"
  datasource=(--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/initaudit_bench --spring.datasource.username=postgres)
else
  datasource=(--spring.datasource.url="jdbc:h2:file:./target/bench-db/initaudit;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
fi
java -Xmx1g -jar "$jar" --server.port=$port "${datasource[@]}" \
  > target/bench-service.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf localhost:$port/actuator/health >/dev/null && break; sleep 1; done
echo "# warm-up"
wrk -t2 -c4 -d10s -s bench/audit-load.lua http://localhost:$port -- "$model" > /dev/null
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1)"
echo "# database: $db"
echo "# measured: wrk -t4 -c16 -d${seconds}s --timeout 10s, body $model ($(wc -c < "$model") bytes)"
wrk -t4 -c16 -d${seconds}s --timeout 10s --latency -s bench/audit-load.lua http://localhost:$port -- "$model"
echo "# service RSS after the run: $(ps -o rss= -p $pid | awk '{printf "%.0f MiB", $1/1024}')"
