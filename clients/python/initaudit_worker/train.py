"""One job, trained as the service's ND4J trainer trains it: the same samples in the same order, the same loss, the
same optimizer updates (written out, not torch.optim, so that every engine applies the same arithmetic)."""
import base64
import math
import time

import torch
from torch.nn import functional as F

from . import inits
from .model import Network


def _floats(b64):
    return torch.frombuffer(bytearray(base64.b64decode(b64)), dtype=torch.float32)


def _ints(b64):
    return torch.frombuffer(bytearray(base64.b64decode(b64)), dtype=torch.int32).long()


def run(job, device, report, should_stop=lambda: False):
    """Trains every variant; report(variant_results, step) is called as losses come (at most every heartbeatSeconds)
    and returns False to stop (a cancel). Returns (status, variant_results, notes)."""
    data = job["data"]
    n, outputs = int(data["n"]), int(data["outputs"])
    x_all = _floats(data["x"]).reshape([n] + [int(s) for s in data["sampleShape"]]).to(device)
    y_all = _floats(data["y"]).reshape(n, outputs).to(device)
    order = _ints(data["order"]).to(device)
    steps, batch = int(job["steps"]), int(job["batchSize"])
    classification = bool(data["classification"])
    softmax_out = job["model"]["layers"][-1]["type"] == "softmax"
    opt = job["optimizer"]
    beat = float(job.get("heartbeatSeconds", 1.0))
    deadline_s = float(job.get("maxSecondsPerVariant", 300))
    results, notes = [], []
    for vi, variant in enumerate(job["variants"]):
        torch.manual_seed(int(job["seed"]) & 0x7FFF_FFFF)
        net = Network(job["model"], int(job["seed"]))
        for p in variant["parameters"]:
            how = inits.apply(net.parameter(p["layer"], p["name"]).data, p)
            if p.get("note"):
                notes.append("%s %s.%s: %s" % (variant["name"], p["layer"], p["name"], p["note"]))
            p["applied"] = how
        net = net.to(device)
        params = [q for q in net.parameters()]
        m = [torch.zeros_like(q) for q in params]
        v = [torch.zeros_like(q) for q in params]
        losses, accuracy = [], None
        entry = {"name": variant["name"], "losses": losses, "stepsPerSecond": None, "finalAccuracy": None, "complete": False}
        results.append(entry)
        started = time.perf_counter()
        last_beat = time.monotonic()
        stop = False
        for step in range(steps):
            idx = order[(torch.arange(batch, device=device) + step * batch) % n]
            xb, yb = x_all[idx], y_all[idx]
            out = net(xb).reshape(batch, outputs)
            if not classification:
                loss = 0.5 * ((out - yb) ** 2).mean()
            elif softmax_out:
                loss = -(torch.log(out + 1e-7) * yb).sum(1).mean()
            else:
                loss = -(F.log_softmax(out, -1) * yb).sum(1).mean()
            net.zero_grad(set_to_none=False)
            loss.backward()
            value = float(loss.detach())
            losses.append(value if math.isfinite(value) else None)
            if classification:
                accuracy = float((out.detach().argmax(1) == yb.argmax(1)).float().mean())
            if not math.isfinite(value):
                break
            _update(opt, params, m, v, step + 1)
            now = time.monotonic()
            if now - last_beat >= beat:
                last_beat = now
                if report(results, vi * steps + step + 1) is False or should_stop():
                    stop = True
                    break
            if time.perf_counter() - started > deadline_s:
                break
        if device.type == "cuda":
            torch.cuda.synchronize()
        seconds = time.perf_counter() - started
        entry["stepsPerSecond"] = len(losses) / max(seconds, 1e-9)
        entry["finalAccuracy"] = accuracy
        entry["complete"] = len(losses) == steps
        if stop:
            return "cancelled", results, notes
        report(results, (vi + 1) * steps)
    return "succeeded", results, notes


@torch.no_grad()
def _update(opt, params, m, v, t):
    lr, mu, beta2, eps = float(opt["learningRate"]), float(opt["momentum"]), float(opt["beta2"]), float(opt["epsilon"])
    name = opt["name"]
    for w, mi, vi in zip(params, m, v):
        g = w.grad
        if g is None:
            continue
        if name == "sgd":
            w.sub_(g * lr)
        elif name == "momentum":
            mi.mul_(mu).add_(g)
            w.sub_(mi * lr)
        elif name == "rmsprop":
            vi.mul_(mu).add_(g * g * (1 - mu))
            w.sub_(g / (vi.sqrt() + eps) * lr)
        else:
            mi.mul_(mu).add_(g * (1 - mu))
            vi.mul_(beta2).add_(g * g * (1 - beta2))
            w.sub_((mi / (1 - mu ** t)) / ((vi / (1 - beta2 ** t)).sqrt() + eps) * lr)
