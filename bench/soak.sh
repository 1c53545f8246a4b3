#!/usr/bin/env bash
# A bounded soak on loopback: 16 connections POST the ResNet-50 example for 60 s (four 15 s slices, back to back)
# to a freshly built service with report retention on; per slice req/s, p50, p99 and errors, then RSS and the stored
# reports before/after. Needs wrk (Debian package). Usage: bench/soak.sh [h2|postgres] [model.json]
# The rate limits are raised for the run (one client address sends everything); retention keeps 5,000 reports,
# swept every 5 s.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-h2}
model=${2:-examples/resnet50.json}
port=18081
mvn -q -B -DskipTests package
jar=$(ls target/initaudit-*.jar | grep -v plain | head -n 1)
rm -rf target/soak-db
if [ "$db" = postgres ]; then
  psql -q -h 127.0.0.1 -U postgres -c "drop database if exists initaudit_soak" -c "create database initaudit_soak"
  datasource=(--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/initaudit_soak --spring.datasource.username=postgres)
  stored() { psql -qtA -h 127.0.0.1 -U postgres -d initaudit_soak -c "select count(*) || ' reports, ' || pg_size_pretty(pg_database_size('initaudit_soak')) from audit_report"; }
else
  datasource=(--spring.datasource.url="jdbc:h2:file:./target/soak-db/initaudit;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH${H2_OPTIONS:-}")
  stored() { echo "$(curl -s localhost:$port/api/v1/audits?size=1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])') reports, $(du -sh target/soak-db | cut -f1) on disk"; }
fi
java -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2500m -jar "$jar" --server.port=$port "${datasource[@]}" \
  --initaudit.rate-limit.client-per-second=100000 --initaudit.rate-limit.client-burst=100000 \
  --initaudit.audit.retention-max-count=5000 --initaudit.audit.retention-sweep-millis=5000 \
  > target/soak-service.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do curl -sf localhost:$port/actuator/health >/dev/null && break; sleep 1; done
rss() { ps -o rss= -p $pid | awk '{printf "%.0f MiB", $1/1024}'; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1)"
echo "# database: $db; body $model ($(wc -c < "$model") bytes); wrk -t4 -c16 --timeout 10s, 4 slices of 15 s"
wrk -t2 -c4 -d10s -s bench/audit-load.lua http://localhost:$port -- "$model" > /dev/null
echo "# after a 10 s warm-up: RSS $(rss), stored: $(stored)"
for slice in 1 2 3 4; do
  printf 'slice %d (%3d-%3d s): ' "$slice" $(( (slice - 1) * 15 )) $(( slice * 15 ))
  wrk -t4 -c16 -d15s --timeout 10s --latency -s bench/audit-load.lua http://localhost:$port -- "$model" | grep -E '^(requests=|p50_ms=)' | tr '\n' ' '
  echo
done
sleep 6
echo "# after the run: RSS $(rss), stored: $(stored)"
answers() { curl -s localhost:$port/actuator/prometheus | awk -v pat="$1" '/^http_server_requests_seconds_count/ && $0 ~ pat { n += $NF } END { printf "%d", n }'; }
echo "# answers by the service's own metrics: $(answers 'status="2') 2xx, $(answers 'status="[45]') 4xx/5xx, of them $(answers 'status="5') 5xx; errors logged: $(grep -c ' ERROR ' target/soak-service.log || true)"
