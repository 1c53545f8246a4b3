"""The propagation InitAudit runs, done in PyTorch on the same machine: for each variant of a leased trial job (the
service's own description of the network and of its declared and corrected inits, as the torch worker gets it),
build the network with the torch worker's modules, draw the parameters, run a random normal batch forward, keep every
layer's output, and take the gradient of 0.5 * mean((y - t)^2) back to each of them; then the same per-layer
statistics the service reports (mean, variance, per-channel variance, gradient norm).

    python3 bench/propagation_torch.py JOB.json BATCH [REPEATS]     prints one JSON object per repeat
"""
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))

import torch  # noqa: E402

from initaudit_worker import inits  # noqa: E402
from initaudit_worker.model import Network  # noqa: E402


def propagate(job, variant, batch, seed):
    torch.manual_seed(seed)
    net = Network(job["model"], int(job["seed"]))
    for p in variant["parameters"]:
        inits.apply(net.parameter(p["layer"], p["name"]).data, p)
    x = torch.randn([batch] + [int(s) for s in job["model"]["input"]])
    outs, ys, last = {"@input": x}, [], x
    for d, layer in zip(net.descs, net.layers):
        names = d["inputs"]
        last = layer([outs[n] for n in names] if names else [last])
        last.retain_grad()
        outs[d["name"]] = last
        ys.append(last)
    t = torch.randn_like(last)
    loss = 0.5 * ((last - t) ** 2).mean()
    loss.backward()
    stats = []
    with torch.no_grad():
        for d, y in zip(net.descs, ys):
            dims = [0] + list(range(2, y.dim()))
            channel = y.var(dims, unbiased=False).mean().item() if y.dim() >= 2 else y.var(unbiased=False).item()
            stats.append({"name": d["name"], "variance": y.var(unbiased=False).item(), "channelVariance": channel,
                          "gradientNorm": y.grad.norm().item() if y.grad is not None else 0.0})
    return stats


def main():
    job = json.load(open(sys.argv[1]))
    batch = int(sys.argv[2])
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    for r in range(repeats):
        start = time.perf_counter()
        results = [propagate(job, v, batch, 1) for v in job["variants"]]
        seconds = time.perf_counter() - start
        print(json.dumps({"repeat": r, "batch": batch, "seconds": seconds, "threads": torch.get_num_threads(),
                          "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                          "variants": {v["name"]: s for v, s in zip(job["variants"], results)}}), flush=True)


if __name__ == "__main__":
    main()
