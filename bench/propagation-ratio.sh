#!/usr/bin/env bash
# Propagation of the ResNet-50 example (3x224x224, declared + corrected init, forward and backward) by the service
# (ND4J, production JVM settings and default memory caps) and by PyTorch on the same CPU (bench/propagation_torch.py,
# with the torch worker's modules and the same per-variant parameter laws the service hands a torch worker), one after
# the other; prints wall time, peak RSS and the ratio torch / ND4J (1 = as fast as torch) at batch 2 and batch 8.
# Usage: bench/propagation-ratio.sh [threads]   (torch threads; default: the number of cores)
# Needs the jar (mvn -DskipTests package) or builds it, and torch in .ci/python (or PYTHON=...).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.ci/python/bin/python3}
THREADS=${1:-$(nproc)}
PORT=${PORT:-8096}
MODEL=${MODEL:-examples/resnet50.json}
source bench/service.sh
packaged_jar
work=$(mktemp -d)
trap 'kill $svc 2>/dev/null || true; rm -rf "$work"' EXIT
API=bench-api WORKER=bench-worker
start_service $PORT "$work/service.log" --spring.datasource.url="jdbc:h2:file:$work/db" --initaudit.api-keys=$API --initaudit.worker-keys=$WORKER \
  --initaudit.trial.worker-enabled=false
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1),"\
     "torch $("$PYTHON" -c 'import torch; print(torch.__version__)') with $THREADS threads, $MODEL"

# The torch side gets the network and both variants' parameter laws as a torch worker would: a trial leased, not run.
"$PYTHON" -c 'import json,sys; print(json.dumps({"model": json.load(open(sys.argv[1])), "engine": "torch", "device": "cpu",
  "task": {"kind": "teacher-student", "samples": 16}, "steps": 1, "batchSize": 8}))' "$MODEL" \
  | curl -fsS -o /dev/null -H "X-API-Key: $API" -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$PORT/api/v1/trials"
(cd clients/python && "$OLDPWD/$PYTHON" -m initaudit_worker --service "http://127.0.0.1:$PORT" --key $WORKER --name bench \
  --device cpu --lease-to "$work/job.json" 2> "$work/worker.log")

nd4j() {  # batch -> "seconds http_code"; writes $work/nd4j-<batch>.json
  "$PYTHON" -c 'import json,sys; print(json.dumps({"model": json.load(open(sys.argv[1])), "batchSize": int(sys.argv[2]), "seed": 1}))' "$MODEL" "$1" \
    > "$work/body.json"
  curl -s -o "$work/nd4j-$1.json" -w '%{time_total} %{http_code}' -H "X-API-Key: $API" -H 'Content-Type: application/json' \
    --data-binary @"$work/body.json" "http://127.0.0.1:$PORT/api/v1/propagation"
}
nd4j 2 > /dev/null  # JIT and native warm-up, paid once per JVM
b2=$(nd4j 2); b8=$(nd4j 8)
jvm_rss=$(sed -n 's/^VmHWM:[[:space:]]*//p' /proc/$svc/status)
OMP_NUM_THREADS=$THREADS "$PYTHON" bench/propagation_torch.py "$work/job.json" 2 2 | tail -n 1 > "$work/torch-2.json"
OMP_NUM_THREADS=$THREADS "$PYTHON" bench/propagation_torch.py "$work/job.json" 8 2 | tail -n 1 > "$work/torch-8.json"

"$PYTHON" - "$work" "$b2" "$b8" "$jvm_rss" <<'PY'
import json, math, sys
work, runs, rss = sys.argv[1], {2: sys.argv[2].split(), 8: sys.argv[3].split()}, sys.argv[4]
print("| ResNet-50, 3x224x224, declared + corrected | ND4J (service, warm) | torch (same laws, same CPU) | ratio torch / ND4J |")
print("|---|---|---|---|")
for batch in (2, 8):
    secs, code = runs[batch]
    t = json.load(open("%s/torch-%d.json" % (work, batch)))
    if code != "200":
        print("| batch %d | HTTP %s: %s | %.2f s | - |" % (batch, code, open("%s/nd4j-%d.json" % (work, batch)).read()[:200], t["seconds"]))
        continue
    n = json.load(open("%s/nd4j-%d.json" % (work, batch)))
    print("| batch %d, wall | %.2f s (%s) | %.2f s | **%.2f** |" % (batch, float(secs), "; ".join(n.get("notes", [])) or "one graph",
                                                                 t["seconds"], t["seconds"] / float(secs)))
    # Same network, same laws, other random draws: the statistics agree in law, not value by value.
    for variant in ("declared", "corrected"):
        if variant not in t["variants"]:
            continue
        ts = t["variants"][variant]
        ls = [abs(math.log(max(l[variant]["activationVariance"], 1e-30) / max(s["variance"], 1e-30))) for l, s in zip(n["layers"], ts)]
        ls.sort()
        print("| batch %d, %s: activation variance, median and largest abs(log(ND4J/torch)) over %d layers | %.3f, %.3f | | |" % (
            batch, variant, len(ls), ls[len(ls) // 2], ls[-1]))
    print("| batch %d, peak RSS | %s (the service JVM, after both batches) | %.0f MiB (the python process) | |" % (batch, rss, t["peakRssMiB"]))
PY
