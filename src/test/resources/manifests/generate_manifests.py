#!/usr/bin/env python3
"""Writes the PyTorch manifests the importer tests read, without torch: the modules and parameter shapes of the
models, with statistics computed from values *sampled* (numpy, seeded) from the laws their inits write, in the
format of clients/python/initaudit_export.py.

- mobilenet_v2: torchvision's MobileNetV2 init (_mobilenet_v2 weight init in torchvision/models/mobilenetv2.py):
  Conv2d kaiming_normal_(mode="fan_out") - depthwise convs included -, BatchNorm weight 1 / bias 0,
  Linear normal_(0, 0.01), biases zeros.
- small_cnn_defaults: a CNN left at PyTorch's reset_parameters (kaiming_uniform_(a=sqrt(5)), bias U(+-1/sqrt(fan_in))).

numpy 2.4.6: python3 generate_manifests.py
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261122)


def stats(values, shape):
    v = values.astype(np.float64).ravel()
    return {"shape": list(shape), "count": int(v.size), "mean": float(v.mean()), "std": float(v.std()),
            "min": float(v.min()), "max": float(v.max())}


def torch_fans(shape):
    rf = int(np.prod(shape[2:])) if len(shape) > 2 else 1
    return shape[1] * rf, shape[0] * rf


def conv(modules, name, cin, cout, k, s, groups, init):
    shape = (cout, cin // groups, k, k)
    fan_in, fan_out = torch_fans(shape)
    if init == "fan_out":
        w = rng.normal(0.0, math.sqrt(2.0 / fan_out), size=shape)
    else:  # PyTorch default: U(+-1/sqrt(fan_in))
        w = rng.uniform(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), size=shape)
    params = {"weight": stats(w, shape)}
    config = {"in_channels": cin, "out_channels": cout, "kernel_size": [k, k], "stride": [s, s], "padding": [k // 2, k // 2],
              "dilation": [1, 1], "groups": groups, "bias": init != "fan_out"}
    if init != "fan_out":
        b = rng.uniform(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), size=(cout,))
        params["bias"] = stats(b, (cout,))
    modules.append({"name": name, "class": "Conv2d", "config": config, "parameters": params})


def bn(modules, name, c):
    modules.append({"name": name, "class": "BatchNorm2d", "config": {"num_features": c},
                    "parameters": {"weight": stats(np.ones(c), (c,)), "bias": stats(np.zeros(c), (c,))}})


def act(modules, name, cls="ReLU6"):
    modules.append({"name": name, "class": cls, "config": {}, "parameters": {}})


def mobilenet_v2():
    m = []
    conv(m, "features.0.0", 3, 32, 3, 2, 1, "fan_out")
    bn(m, "features.0.1", 32)
    act(m, "features.0.2")
    cin = 32
    idx = 1
    for t, c, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]:
        for i in range(n):
            stride = s if i == 0 else 1
            hidden = cin * t
            p = f"features.{idx}.conv"
            j = 0
            if t != 1:
                conv(m, f"{p}.{j}.0", cin, hidden, 1, 1, 1, "fan_out")
                bn(m, f"{p}.{j}.1", hidden)
                act(m, f"{p}.{j}.2")
                j += 1
            conv(m, f"{p}.{j}.0", hidden, hidden, 3, stride, hidden, "fan_out")
            bn(m, f"{p}.{j}.1", hidden)
            act(m, f"{p}.{j}.2")
            conv(m, f"{p}.{j + 1}", hidden, c, 1, 1, 1, "fan_out")
            bn(m, f"{p}.{j + 2}", c)
            cin = c
            idx += 1
    conv(m, "features.18.0", 320, 1280, 1, 1, 1, "fan_out")
    bn(m, "features.18.1", 1280)
    act(m, "features.18.2")
    m.append({"name": "classifier.0", "class": "Dropout", "config": {}, "parameters": {}})
    w = rng.normal(0.0, 0.01, size=(1000, 1280))
    m.append({"name": "classifier.1", "class": "Linear", "config": {"in_features": 1280, "out_features": 1000, "bias": True},
              "parameters": {"weight": stats(w, (1000, 1280)), "bias": stats(np.zeros(1000), (1000,))}})
    return {"format": "initaudit.torch-manifest", "version": 1, "model": "mobilenet_v2", "torch": "sampled-by-numpy-" + np.__version__,
            "modules": m}


def small_cnn_defaults():
    m = []
    conv(m, "conv1", 3, 32, 3, 1, 1, "default")
    act(m, "relu1", "ReLU")
    conv(m, "conv2", 32, 64, 3, 1, 1, "default")
    act(m, "relu2", "ReLU")
    fan_in = 64
    w = rng.uniform(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), size=(10, 64))
    b = rng.uniform(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), size=(10,))
    m.append({"name": "fc", "class": "Linear", "config": {"in_features": 64, "out_features": 10, "bias": True},
              "parameters": {"weight": stats(w, (10, 64)), "bias": stats(b, (10,))}})
    return {"format": "initaudit.torch-manifest", "version": 1, "model": "small_cnn_defaults",
            "torch": "sampled-by-numpy-" + np.__version__, "modules": m}


if __name__ == "__main__":
    for name, manifest in [("mobilenet_v2", mobilenet_v2()), ("small_cnn_defaults", small_cnn_defaults())]:
        with open(os.path.join(HERE, name + ".manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
