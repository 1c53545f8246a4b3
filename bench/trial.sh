#!/usr/bin/env bash
# The default trial on 2 cores: wall time, steps/s, achieved FLOP/s next to a plain ND4J GEMM, and peak RSS, with the
# production JVM settings. Usage: bench/trial.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile
cp=$(mvn -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
python3 - > target/bench-trial.json <<'PY'
import json
print(json.dumps({"model": {"name": "bars-cnn", "framework": "pytorch", "input": {"shape": [1, 16, 16]}, "layers": [
  {"name": "conv", "type": "conv2d", "in_channels": 1, "out_channels": 16, "kernel_size": 3, "padding": 1, "activation": "relu",
   "init": "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')"},
  {"name": "dw", "type": "conv2d", "in_channels": 16, "out_channels": 16, "kernel_size": 3, "padding": 1, "groups": 16, "activation": "relu",
   "init": "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')"},
  {"name": "pw", "type": "conv2d", "in_channels": 16, "out_channels": 32, "kernel_size": 1, "activation": "relu",
   "init": "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')"},
  {"name": "pool", "type": "global_avg_pool"},
  {"name": "head", "type": "linear", "in_features": 32, "out_features": 10}]}}))
PY
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1)"
/usr/bin/time -f "process: %e s wall, max RSS %M KiB" java -Xmx1g -Dorg.bytedeco.javacpp.platform.extension=-onednn \
  -Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2500m \
  -cp "target/classes:target/test-classes:$cp" io.initaudit.bench.TrainingBenchmark target/bench-trial.json
