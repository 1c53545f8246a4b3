#!/usr/bin/env bash
# The default trial (examples/bars-cnn.json: 2 variants x 200 steps, batch 64, Adam, synthetic bars) run through one
# service on ND4J (its in-process worker) and on the PyTorch worker (torch on CPU, same machine), one after the other;
# prints steps/s per variant, wall, peak RSS, initial/final losses and the ratio ND4J / torch.
# Usage: bench/trial-ratio.sh [threads]   (torch threads; default: the number of cores)
# Needs the jar (mvn -DskipTests package) or builds it, and torch in .ci/python (or PYTHON=...).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.ci/python/bin/python3}
THREADS=${1:-$(nproc)}
PORT=${PORT:-8097}
source bench/service.sh
packaged_jar
work=$(mktemp -d)
trap 'kill $svc 2>/dev/null || true; rm -rf "$work"' EXIT
API=bench-api WORKER=bench-worker
start_service $PORT "$work/service.log" --spring.datasource.url="jdbc:h2:file:$work/db" --initaudit.api-keys=$API --initaudit.worker-keys=$WORKER
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1),"\
     "torch $("$PYTHON" -c 'import torch; print(torch.__version__)') with $THREADS threads"

submit() {  # engine -> trial id
  "$PYTHON" -c 'import json,sys; print(json.dumps({"model": json.load(open("examples/bars-cnn.json")), "engine": sys.argv[1], "device": "cpu",
  "task": {"kind": "synthetic-bars", "samples": 2048}, "steps": 200, "batchSize": 64, "optimizer": {"name": "adam", "learningRate": 3e-3}}))' "$1" \
    | curl -fsS -H "X-API-Key: $API" -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$PORT/api/v1/trials" \
    | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
wait_done() {  # id -> writes $work/$id.json
  while :; do
    curl -fsS -H "X-API-Key: $API" "http://127.0.0.1:$PORT/api/v1/trials/$1" > "$work/$1.json"
    "$PYTHON" -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["status"] in ("succeeded","failed","cancelled") else 1)' "$work/$1.json" && return
    sleep 0.2
  done
}

# The worker warms up once at start (initaudit.trial.warm-up-steps); the first trial, submitted at once, waits for that
# warm-up and may still pay some JIT compilation: run it, then measure the second.
start=$(date +%s.%N); cold=$(submit nd4j); wait_done "$cold"; cold_wall=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N); nd4j=$(submit nd4j); wait_done "$nd4j"; nd4j_wall=$(echo "$(date +%s.%N) - $start" | bc)
jvm_rss=$(sed -n 's/^VmHWM:[[:space:]]*//p' /proc/$svc/status)
torch=$(submit torch)
start=$(date +%s.%N)
(cd clients/python && OMP_NUM_THREADS=$THREADS /usr/bin/time -f "%M" -o "$work/worker.rss" "$OLDPWD/$PYTHON" -m initaudit_worker \
  --service "http://127.0.0.1:$PORT" --key $WORKER --once --device cpu --name bench-torch 2> "$work/worker.log")
wait_done "$torch"; torch_wall=$(echo "$(date +%s.%N) - $start" | bc)

"$PYTHON" - "$work/$nd4j.json" "$work/$torch.json" "$nd4j_wall" "$torch_wall" "$jvm_rss" "$(cat "$work/worker.rss") kB" "$work/$cold.json" "$cold_wall" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
c = json.load(open(sys.argv[7]))
print("ND4J's first trial after the service started (it waits for the worker's warm-up): %s steps/s, %.1f s submit to result" % (
    " / ".join("%.1f" % v["stepsPerSecond"] for v in c["variants"]), float(sys.argv[8])))
print()
for t in (a, b):
    if t["status"] != "succeeded":
        sys.exit("trial %s %s: %s" % (t["id"], t["status"], t.get("error")))
print("| | ND4J (in-process worker, warm) | torch worker | ratio ND4J / torch |")
print("|---|---|---|---|")
print("| device | %s | %s | |" % (a["device"], b["device"]))
for i, (va, vb) in enumerate(zip(a["variants"], b["variants"])):
    print("| steps/s, %s | %.1f | %.1f | %.2f |" % (va["name"], va["stepsPerSecond"], vb["stepsPerSecond"], va["stepsPerSecond"] / vb["stepsPerSecond"]))
sa = sum(v["stepsPerSecond"] for v in a["variants"]) / 2; sb = sum(v["stepsPerSecond"] for v in b["variants"]) / 2
print("| steps/s, mean | %.1f | %.1f | **%.2f** |" % (sa, sb, sa / sb))
print("| wall, submit to result (s) | %.1f | %.1f (worker start included) | %.2f |" % (float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[4]) / float(sys.argv[3])))
print("| peak RSS | %s (the whole service JVM) | %s (the worker process) | |" % (sys.argv[5], sys.argv[6]))
for key in ("initialLoss", "finalLoss", "finalAccuracy"):
    print("| %s | %s | %s | |" % (key, " / ".join("%.4f" % v[key] for v in a["variants"]), " / ".join("%.4f" % v[key] for v in b["variants"])))
PY
