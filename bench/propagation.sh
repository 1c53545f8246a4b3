#!/usr/bin/env bash
# Propagation wall time and peak RSS (ResNet-50 example), and audit latency with measure=true, on the packaged
# service with the production JVM settings (-Xmx1g, javacpp maxbytes 1g / maxphysicalbytes 2500m).
# Usage: bench/propagation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port=18090
mvn -q -B -DskipTests package
jar=$(ls target/initaudit-*.jar | head -n 1)
java -Xmx1g -Dorg.bytedeco.javacpp.platform.extension=-onednn -Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2500m \
  -jar "$jar" --server.port=$port --spring.datasource.url="jdbc:h2:mem:bench" --initaudit.measure.max-activation-bytes=100000000000 \
  > target/bench-propagation.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf localhost:$port/actuator/health >/dev/null && break; sleep 1; done
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1)"
run() { # name, model file, batch, input shape override (optional)
  python3 - "$2" "$3" "${4:-}" > target/bench-body.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
if sys.argv[3]:
    m["input"]["shape"] = json.loads(sys.argv[3])
json.dump({"model": m, "batchSize": int(sys.argv[2]), "seed": 1}, sys.stdout)
PY
  peak=0
  ( while kill -0 $pid 2>/dev/null; do ps -o rss= -p $pid; sleep 0.2; done ) > target/bench-rss.txt &
  mon=$!
  t=$(curl -s -o target/bench-out.json -w '%{time_total} %{http_code}' -X POST localhost:$port/api/v1/propagation \
      -H 'Content-Type: application/json' -d @target/bench-body.json)
  kill $mon 2>/dev/null || true
  peak=$(sort -n target/bench-rss.txt | tail -n 1 | awk '{printf "%.0f", $1/1024}')
  echo "$1: batch $3 ${4:+input $4 }-> HTTP ${t#* } in ${t% *} s, service peak RSS ${peak} MiB"
}
run "warm-up mlp" examples/doconv-net.json 2
run "resnet50" examples/resnet50.json 2
run "resnet50" examples/resnet50.json 8 "[3, 112, 112]"
run "resnet50" examples/resnet50.json 8
run "convnext-block" examples/convnext-block.json 8
run "mobilenetv2" examples/mobilenetv2.json 4
echo "# audit with measure=true, ResNet-50 example (sequential, 5 requests after 1 warm-up)"
for i in 0 1 2 3 4 5; do
  curl -s -o /dev/null -w '%{time_total}\n' -X POST "localhost:$port/api/v1/audits?measure=true" -H 'Content-Type: application/json' -d @examples/resnet50.json
done | tail -n 5 | sort -n | awk '{a[NR]=$1} END {printf "measure=true: median %.2f s, min %.2f s, max %.2f s\n", a[3], a[1], a[5]}'
