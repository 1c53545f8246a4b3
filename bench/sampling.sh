#!/usr/bin/env bash
# Sampling throughput: InitAudit's ND4J samplers and numpy on the same laws, same machine, same run.
# Needs numpy (python3 -c 'import numpy'). Usage: bench/sampling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile
cp=$(mvn -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1)"
java -Xmx2g -Dorg.bytedeco.javacpp.platform.extension=-onednn -cp "target/classes:target/test-classes:$cp" io.initaudit.bench.SamplingBenchmark
python3 - <<'PY'
import time, numpy as np
from scipy import stats
N = 10_000_000
rng = np.random.default_rng(1)
def best(f):
    ts = []
    for i in range(10):
        t = time.perf_counter(); v = f(); dt = time.perf_counter() - t
        if i >= 3: ts.append(dt)
    return min(ts)
sigma = 0.0589 / 0.87962566103423978
laws = {
    "normal": lambda: rng.standard_normal(N, dtype=np.float32) * np.float32(0.02),
    "uniform": lambda: rng.uniform(-0.05, 0.05, N).astype(np.float32),
    "truncated_normal(+-2 sigma)": lambda: stats.truncnorm.rvs(-2, 2, scale=sigma, size=N, random_state=rng).astype(np.float32),
    "fmod(randn, 2)": lambda: np.fmod(rng.standard_normal(N, dtype=np.float32), np.float32(2)) * np.float32(0.02),
}
print("# numpy", np.__version__)
for name, f in laws.items():
    t = best(f)
    print(f"numpy {name:<28} {N / t / 1e6:8.1f} M values/s  ({t * 1e3:.1f} ms per 10^7)")
PY
