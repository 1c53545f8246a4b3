"""torch.optim on a fixed problem, for OptimizerTorchIntegrationTests: the trainer's optimizers against torch's own.

Two float32 parameters (shapes [2, 3] and [3]) get three steps of SGD, SGD with momentum, RMSprop and Adam as the
ND4J trainer configures them (TrialSpec: momentum = SGD's momentum, RMSprop's alpha, Adam's beta1; eps 1e-8; Adam's
beta2 0.999), with the gradients set by hand each step; in step 2 the second parameter has no gradient (grad None:
torch skips it, state included). Prints JSON: the initial values, each step's gradients, and each optimizer's
parameters after each step, as float32 values.

Usage: python optimizers.py OUT.json
"""
import json
import math
import sys

import torch

LR, MU = 0.01, 0.9


def gradients(t):
    ga = [math.sin(1.7 * i + t) * (i + 1) for i in range(6)]
    gb = [math.cos(0.9 * i - t) * 0.01 for i in range(3)]
    return ga, (gb if t != 2 else None)


def make(name, params):
    if name == "sgd":
        return torch.optim.SGD(params, lr=LR)
    if name == "momentum":
        return torch.optim.SGD(params, lr=LR, momentum=MU)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=LR, alpha=MU, eps=1e-8)
    return torch.optim.Adam(params, lr=LR, betas=(MU, 0.999), eps=1e-8)


def values(x):
    return [float(v) for v in x.detach().reshape(-1).tolist()]


def main():
    a0 = [0.5, -1.0, 0.25, 2.0, -0.75, 0.1]
    b0 = [1.5, -0.2, 0.3]
    steps = []
    for t in (1, 2, 3):
        ga, gb = gradients(t)
        steps.append({"a": values(torch.tensor(ga, dtype=torch.float32)),
                      "b": None if gb is None else values(torch.tensor(gb, dtype=torch.float32))})
    out = {"torch": torch.__version__, "lr": LR, "momentum": MU, "a0": a0, "b0": b0, "gradients": steps, "after": {}}
    for name in ("sgd", "momentum", "rmsprop", "adam"):
        a = torch.tensor(a0, dtype=torch.float32).reshape(2, 3).requires_grad_()
        b = torch.tensor(b0, dtype=torch.float32).requires_grad_()
        opt = make(name, [a, b])
        after = []
        for s in steps:
            a.grad = torch.tensor(s["a"], dtype=torch.float32).reshape(2, 3)
            b.grad = None if s["b"] is None else torch.tensor(s["b"], dtype=torch.float32)
            opt.step()
            after.append({"a": values(a), "b": values(b)})
        out["after"][name] = after
    with open(sys.argv[1], "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
