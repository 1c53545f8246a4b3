"""Differential cross-check of InitAudit against the real frameworks.

For each case a seeded generator draws a layer (type, sizes, groups, kernel), a framework and an initializer as a
user writes it (or none: the framework's default). The real layer is built in the real framework (torch, Keras 3,
TensorFlow's tf.compat.v1 initializers, JAX, Flax), the init is applied exactly as written, at least N_MIN written
values are collected (re-applying the same init to the same tensor), and the framework's own fan function is asked.
The same layer is audited by the running service; the report's shape, fans.framework, declared std (within 4
standard errors), mean (4 standard errors), bounds (values inside; near them for uniform and truncated laws) and
law (excess kurtosis of the family, 5 standard errors) must agree with what the framework wrote.

Usage: python crosscheck.py --service http://localhost:8080 --cases 1000 --seed 1 --out results.json [--key KEY]
Exit status 0 when every case agrees, 1 otherwise; results.json lists every case and every disagreement.
"""
import argparse
import json
import math
import os
import random
import sys
import time
import urllib.request

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np
from scipy import optimize, stats

N_MIN = 200_000
"""Values collected per case: enough for a std to ±0.6 % at 4 standard errors on a normal."""


class Case:
    """One layer in one framework with one init, and how to make the real framework write its values."""

    def __init__(self, framework, layer, param, init, draw, fans, label):
        self.framework = framework  # the service's framework name
        self.layer = layer  # the service's layer description (without name)
        self.param = param  # the service's parameter name
        self.init = init  # the init string as a user writes it, or None for the default
        self.draw = draw  # draw(seed) -> np.ndarray of the values the framework writes (one application)
        self.fans = fans  # () -> (fan_in, fan_out) from the framework's own fan function, or None
        self.label = label


# ---------------------------------------------------------------------------------------------------------- torch

def torch_cases(rng):
    import torch
    from torch.nn import init as I

    torch.set_num_threads(1)

    def module_case(label, layer, make, pname, init_text, apply):
        m = make()
        t = dict(m.named_parameters())[pname]

        def draw(seed):
            torch.manual_seed(seed)
            with torch.no_grad():
                if apply is None:
                    m.reset_parameters()
                else:
                    apply(t)
            return t.detach().numpy().astype(np.float64).ravel().copy()

        def fans():
            return tuple(float(x) for x in I._calculate_fan_in_and_fan_out(t)) if t.dim() >= 2 else None

        c = Case("pytorch", layer, pname, init_text, draw, fans, label)
        c.shape = list(t.shape)
        return c

    inits = [
        ("torch.nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu')", lambda t: I.kaiming_normal_(t, mode="fan_in", nonlinearity="relu")),
        ("torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')", lambda t: I.kaiming_normal_(t, mode="fan_out", nonlinearity="relu")),
        ("torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='linear')", lambda t: I.kaiming_normal_(t, mode="fan_out", nonlinearity="linear")),
        ("torch.nn.init.kaiming_uniform_(w, a=math.sqrt(5))", lambda t: I.kaiming_uniform_(t, a=math.sqrt(5))),
        ("torch.nn.init.kaiming_uniform_(w, nonlinearity='leaky_relu', a=0.2)", lambda t: I.kaiming_uniform_(t, a=0.2, nonlinearity="leaky_relu")),
        ("torch.nn.init.xavier_normal_(w)", lambda t: I.xavier_normal_(t)),
        ("torch.nn.init.xavier_uniform_(w, gain=torch.nn.init.calculate_gain('tanh'))", lambda t: I.xavier_uniform_(t, gain=I.calculate_gain("tanh"))),
        ("torch.nn.init.xavier_uniform_(w, gain=1.5)", lambda t: I.xavier_uniform_(t, gain=1.5)),
        ("torch.nn.init.normal_(w, std=0.02)", lambda t: I.normal_(t, std=0.02)),
        ("torch.nn.init.normal_(w, mean=0.1, std=0.05)", lambda t: I.normal_(t, mean=0.1, std=0.05)),
        ("torch.nn.init.uniform_(w, -0.1, 0.1)", lambda t: I.uniform_(t, -0.1, 0.1)),
        ("torch.nn.init.uniform_(w, a=0.0, b=0.3)", lambda t: I.uniform_(t, a=0.0, b=0.3)),
        ("torch.nn.init.trunc_normal_(w, std=0.02)", lambda t: I.trunc_normal_(t, std=0.02)),
        ("torch.nn.init.trunc_normal_(w, std=0.02, a=-0.04, b=0.04)", lambda t: I.trunc_normal_(t, std=0.02, a=-0.04, b=0.04)),
        ("torch.nn.init.trunc_normal_(w, mean=0.0, std=1.0, a=-2.0, b=2.0)", lambda t: I.trunc_normal_(t, mean=0.0, std=1.0, a=-2.0, b=2.0)),
        ("torch.nn.init.constant_(w, 0.25)", lambda t: I.constant_(t, 0.25)),
        ("torch.nn.init.zeros_(w)", lambda t: I.zeros_(t)),
    ]
    out = []
    for _ in range(rng.randint(2, 3)):
        for text, fn in inits + [(None, None)]:
            kind = rng.choice(["linear", "conv1d", "conv2d", "conv2d_dw", "conv3d", "conv_transpose2d"])
            i = rng.choice([3, 16, 48, 64, 128])
            o = rng.choice([16, 32, 64, 96])
            if kind == "linear":
                layer = {"type": "linear", "in_features": i, "out_features": o}
                make = lambda i=i, o=o: torch.nn.Linear(i, o)
            elif kind in ("conv1d", "conv2d", "conv3d", "conv2d_dw"):
                dim = {"conv1d": 1, "conv2d": 2, "conv3d": 3, "conv2d_dw": 2}[kind]
                k = [rng.choice([1, 3, 5, 7]) for _ in range(dim)]
                g = 1
                if kind == "conv2d_dw":
                    i = rng.choice([16, 64, 128])
                    g = i
                    o = i * rng.choice([1, 2])
                elif rng.random() < 0.3 and i % 4 == 0 and o % 4 == 0:
                    g = 4
                cls = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}[dim]
                layer = {"type": "conv%dd" % dim, "in_channels": i, "out_channels": o, "kernel_size": k, "groups": g}
                make = lambda i=i, o=o, k=k, g=g, cls=cls: cls(i, o, k, groups=g)
            else:
                k = [rng.choice([2, 3, 4]) for _ in range(2)]
                g = 4 if rng.random() < 0.3 and i % 4 == 0 and o % 4 == 0 else 1
                layer = {"type": "conv_transpose2d", "in_channels": i, "out_channels": o, "kernel_size": k, "groups": g}
                make = lambda i=i, o=o, k=k, g=g: torch.nn.ConvTranspose2d(i, o, k, groups=g)
            if text is not None:
                layer = dict(layer, init=text)
            out.append(module_case("torch %s %s" % (kind, text or "default"), layer, make, "weight", text, fn))
            if text is None:
                out.append(module_case("torch %s default bias" % kind, layer, make, "bias", None, None))
    for _ in range(2):
        v, d = rng.choice([50, 1000, 5000]), rng.choice([16, 64])
        layer = {"type": "embedding", "num_embeddings": v, "embedding_dim": d}
        out.append(module_case("torch embedding default", layer, lambda v=v, d=d: torch.nn.Embedding(v, d), "weight", None, None))
        for cls, t in ((torch.nn.LSTM, "lstm"), (torch.nn.GRU, "gru")):
            i, h = rng.choice([8, 32]), rng.choice([16, 64])
            layer = {"type": t, "input_size": i, "hidden_size": h}
            for p in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
                out.append(module_case("torch %s default %s" % (t, p), layer, lambda cls=cls, i=i, h=h: cls(i, h), p, None, None))
    for kind, cls, size in (("batch_norm", torch.nn.BatchNorm2d, "num_features"), ("layer_norm", torch.nn.LayerNorm, "normalized_shape")):
        c = rng.choice([16, 64])
        layer = {"type": kind, size: c}
        for p in ("weight", "bias"):
            out.append(module_case("torch %s default %s" % (kind, p), layer, lambda cls=cls, c=c: cls(c), p, None, None))
    return out


# ---------------------------------------------------------------------------------------------------------- keras

def keras_layers(rng):
    """(label, service layer, keras layer factory taking kernel_initializer, input shape, kernel attribute)."""
    import keras

    out = []
    i = rng.choice([16, 64, 128])
    o = rng.choice([32, 96, 128])
    out.append(("dense", {"type": "linear", "in_features": i, "out_features": o},
                lambda ki, o=o: keras.layers.Dense(o, kernel_initializer=ki), (None, i), "kernel"))
    k = [rng.choice([1, 3, 5]), rng.choice([1, 3, 7])]
    out.append(("conv2d", {"type": "conv2d", "in_channels": i, "out_channels": o, "kernel_size": k},
                lambda ki, o=o, k=k: keras.layers.Conv2D(o, k, kernel_initializer=ki), (None, 16, 16, i), "kernel"))
    k1 = rng.choice([3, 5])
    out.append(("conv1d", {"type": "conv1d", "in_channels": i, "out_channels": o, "kernel_size": k1},
                lambda ki, o=o, k1=k1: keras.layers.Conv1D(o, k1, kernel_initializer=ki), (None, 16, i), "kernel"))
    dm = rng.choice([1, 2])
    out.append(("depthwise", {"type": "depthwise_conv2d", "in_channels": i, "depth_multiplier": dm, "kernel_size": k},
                lambda ki, dm=dm, k=k: keras.layers.DepthwiseConv2D(k, depth_multiplier=dm, depthwise_initializer=ki), (None, 16, 16, i),
                "kernel"))
    out.append(("conv2d_transpose", {"type": "conv_transpose2d", "in_channels": i, "out_channels": o, "kernel_size": k},
                lambda ki, o=o, k=k: keras.layers.Conv2DTranspose(o, k, kernel_initializer=ki), (None, 8, 8, i), "kernel"))
    return out


def keras_cases(rng):
    import keras
    from keras.src.initializers.random_initializers import compute_fans

    inits = [
        ("glorot_uniform", lambda: "glorot_uniform"), ("glorot_normal", lambda: "glorot_normal"), ("he_normal", lambda: "he_normal"),
        ("he_uniform", lambda: "he_uniform"), ("lecun_normal", lambda: "lecun_normal"), ("lecun_uniform", lambda: "lecun_uniform"),
        ("uniform", lambda: "uniform"), ("normal", lambda: "normal"), ("truncated_normal", lambda: "truncated_normal"),
        ("keras.initializers.VarianceScaling(scale=2.0, mode='fan_out', distribution='truncated_normal')",
         lambda: keras.initializers.VarianceScaling(scale=2.0, mode="fan_out", distribution="truncated_normal")),
        ("keras.initializers.VarianceScaling(scale=1.0, mode='fan_avg', distribution='uniform')",
         lambda: keras.initializers.VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform")),
        ("keras.initializers.VarianceScaling(scale=0.5, mode='fan_in', distribution='untruncated_normal')",
         lambda: keras.initializers.VarianceScaling(scale=0.5, mode="fan_in", distribution="untruncated_normal")),
        ("keras.initializers.RandomNormal(mean=0.0, stddev=0.02)", lambda: keras.initializers.RandomNormal(mean=0.0, stddev=0.02)),
        ("keras.initializers.RandomUniform(minval=-0.1, maxval=0.1)", lambda: keras.initializers.RandomUniform(minval=-0.1, maxval=0.1)),
        ("keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05)", lambda: keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05)),
        ("keras.initializers.Constant(0.1)", lambda: keras.initializers.Constant(0.1)),
        ("zeros", lambda: "zeros"),
        (None, None),
    ]
    return _keras_style_cases(rng, "keras", inits, compute_fans)


def tensorflow_cases(rng):
    import tensorflow as tf
    from tensorflow.python.ops import init_ops

    v1 = tf.compat.v1.initializers
    inits = [
        ("tf.compat.v1.truncated_normal_initializer(stddev=0.05)", lambda: tf.compat.v1.truncated_normal_initializer(stddev=0.05)),
        ("tf.compat.v1.random_normal_initializer(stddev=0.02)", lambda: tf.compat.v1.random_normal_initializer(stddev=0.02)),
        ("tf.compat.v1.random_uniform_initializer(minval=-0.05, maxval=0.05)",
         lambda: tf.compat.v1.random_uniform_initializer(minval=-0.05, maxval=0.05)),
        ("tf.compat.v1.variance_scaling_initializer()", lambda: tf.compat.v1.variance_scaling_initializer()),
        ("tf.compat.v1.variance_scaling_initializer(scale=2.0, mode='fan_out', distribution='truncated_normal')",
         lambda: tf.compat.v1.variance_scaling_initializer(scale=2.0, mode="fan_out", distribution="truncated_normal")),
        ("tf.compat.v1.variance_scaling_initializer(scale=2.0, distribution='untruncated_normal')",
         lambda: tf.compat.v1.variance_scaling_initializer(scale=2.0, distribution="untruncated_normal")),
        ("tf.compat.v1.variance_scaling_initializer(scale=1.0, mode='fan_avg', distribution='uniform')",
         lambda: tf.compat.v1.variance_scaling_initializer(scale=1.0, mode="fan_avg", distribution="uniform")),
        ("tf.compat.v1.glorot_uniform_initializer()", lambda: tf.compat.v1.glorot_uniform_initializer()),
        ("tf.compat.v1.glorot_normal_initializer()", lambda: tf.compat.v1.glorot_normal_initializer()),
        ("tf.compat.v1.initializers.he_normal()", lambda: v1.he_normal()),
        ("tf.compat.v1.initializers.lecun_uniform()", lambda: v1.lecun_uniform()),
    ]
    fans = lambda shape: init_ops._compute_fans(list(shape))
    return _keras_style_cases(rng, "tensorflow", inits, fans)


def _keras_style_cases(rng, framework, inits, fan_fn):
    """The real Keras layer, built with the initializer; more values from fresh initializers of the same kind on the same
    shape (a Keras 3 initializer without a seed picks one when it is made: the same object always writes the same)."""
    import keras

    out = []
    for _ in range(1):
        for label, kind_layer, factory, in_shape, attr in keras_layers(rng):
            depthwise = kind_layer["type"] == "depthwise_conv2d"
            for text, make in inits:
                if make is None:
                    default = _default_initializer(factory, depthwise)
                    make = lambda default=default: keras.initializers.get(default)
                layer_obj = factory(make())
                layer_obj.build(in_shape)
                var = layer_obj.kernel
                shape = tuple(var.shape)
                first = np.asarray(var.numpy(), dtype=np.float64).ravel()

                def draw(seed, make=make, shape=shape, first=first):
                    if seed == 0:
                        return first
                    return np.asarray(keras.initializers.get(make())(shape, dtype="float32"), dtype=np.float64).ravel()

                service_layer = dict(kind_layer)
                if text is not None:
                    service_layer["init"] = text
                pname = "depthwise_kernel" if depthwise else "kernel"
                c = Case(framework, service_layer, pname, text, draw, lambda shape=shape: tuple(float(x) for x in fan_fn(shape)),
                         "%s %s %s" % (framework, label, text or "default"))
                c.shape = list(shape)
                out.append(c)
    return out


def _default_initializer(factory, depthwise):
    """The name of the initializer Keras uses when the user names none (the layer's constructor default)."""
    import inspect

    cls = type(factory(None))
    key = "depthwise_initializer" if depthwise else "kernel_initializer"
    return inspect.signature(cls.__init__).parameters[key].default


# ---------------------------------------------------------------------------------------------------------- jax / flax

def jax_cases(rng):
    import jax
    from jax.nn import initializers as J
    from jax._src.nn.initializers import _compute_fans

    inits = [
        ("jax.nn.initializers.glorot_uniform()", J.glorot_uniform()), ("jax.nn.initializers.glorot_normal()", J.glorot_normal()),
        ("jax.nn.initializers.lecun_normal()", J.lecun_normal()), ("jax.nn.initializers.lecun_uniform()", J.lecun_uniform()),
        ("jax.nn.initializers.he_normal()", J.he_normal()), ("jax.nn.initializers.he_uniform()", J.he_uniform()),
        ("jax.nn.initializers.variance_scaling(2.0, 'fan_out', 'truncated_normal')", J.variance_scaling(2.0, "fan_out", "truncated_normal")),
        ("jax.nn.initializers.variance_scaling(1.0, 'fan_avg', 'uniform')", J.variance_scaling(1.0, "fan_avg", "uniform")),
        ("jax.nn.initializers.variance_scaling(0.5, 'fan_in', 'normal')", J.variance_scaling(0.5, "fan_in", "normal")),
        ("jax.nn.initializers.normal(stddev=0.02)", J.normal(stddev=0.02)), ("jax.nn.initializers.uniform(scale=0.05)", J.uniform(scale=0.05)),
        ("jax.nn.initializers.truncated_normal(stddev=0.02)", J.truncated_normal(stddev=0.02)),
        ("jax.nn.initializers.constant(0.3)", J.constant(0.3)), ("jax.nn.initializers.zeros", J.zeros),
    ]
    out = []
    for _ in range(2):
        for text, fn in inits:
            i, o = rng.choice([3, 16, 64, 128]), rng.choice([32, 96, 128])
            if rng.random() < 0.5:
                layer = {"type": "linear", "in_features": i, "out_features": o, "init": text}
                shape = (i, o)
            else:
                k = [rng.choice([1, 3, 5]), rng.choice([1, 3, 5])]
                layer = {"type": "conv2d", "in_channels": i, "out_channels": o, "kernel_size": k, "init": text}
                shape = (k[0], k[1], i, o)

            def draw(seed, fn=fn, shape=shape):
                return np.asarray(fn(jax.random.key(seed), shape, np.float32), dtype=np.float64).ravel()

            c = Case("jax", layer, "kernel", text, draw, lambda shape=shape: tuple(float(x) for x in _compute_fans(shape, -2, -1, ())),
                     "jax %s %s" % (layer["type"], text))
            c.shape = list(shape)
            out.append(c)
    return out


def flax_cases(rng):
    import jax
    import jax.numpy as jnp
    import flax.linen as nn
    from jax._src.nn.initializers import _compute_fans

    out = []
    for _ in range(3):
        i, o = rng.choice([3, 16, 64]), rng.choice([32, 96, 128])
        k = [rng.choice([1, 3, 5]), rng.choice([1, 3, 5])]
        g = i if rng.random() < 0.3 else 1
        oc = i * rng.choice([1, 2]) if g > 1 else o
        specs = [
            ("dense", {"type": "linear", "in_features": i, "out_features": o}, nn.Dense(o), jnp.zeros((1, i)), ("kernel", "bias")),
            ("conv", {"type": "conv2d", "in_channels": i, "out_channels": oc, "kernel_size": k, "groups": g},
             nn.Conv(oc, tuple(k), feature_group_count=g), jnp.zeros((1, 8, 8, i)), ("kernel", "bias")),
            ("layer_norm", {"type": "layer_norm", "normalized_shape": i}, nn.LayerNorm(), jnp.zeros((1, i)), ("scale", "bias")),
            ("embed", {"type": "embedding", "num_embeddings": 50 * i, "embedding_dim": o}, nn.Embed(50 * i, o), jnp.zeros((1,), jnp.int32),
             ("embedding",)),
        ]
        for label, layer, module, x, pnames in specs:
            params = module.init(jax.random.key(0), x)["params"]
            for p in pnames:
                shape = tuple(params[p].shape)

                def draw(seed, module=module, x=x, p=p, shape=shape):
                    if seed == 0:
                        return np.asarray(module.init(jax.random.key(0), x)["params"][p], dtype=np.float64).ravel()
                    keys = jax.random.split(jax.random.key(seed), max(1, -(-N_MIN // math.prod(shape))))
                    return np.asarray(jax.vmap(lambda k: module.init(k, x)["params"][p])(keys), dtype=np.float64).ravel()

                # Flax's default_embed_init is variance_scaling(1.0, 'fan_in', 'normal', out_axis=0): its fans use out_axis 0.
                out_axis = 0 if label == "embed" else -1
                fans = (lambda shape=shape, out_axis=out_axis: tuple(float(v) for v in _compute_fans(shape, -2, out_axis, ()))) \
                    if len(shape) >= 2 else (lambda: None)
                c = Case("flax", layer, p, None, draw, fans, "flax %s default %s" % (label, p))
                c.shape = list(shape)
                out.append(c)
    return out


# ---------------------------------------------------------------------------------------------------------- checks

def collect(case):
    values, seed = [], 0
    total = 0
    while total < N_MIN and seed < 20_000:
        v = case.draw(seed)
        values.append(v)
        total += v.size
        seed += 1
    return np.concatenate(values)


def expected_kurtosis(declared):
    family = declared.get("family")
    if family == "normal":
        return 0.0
    if family == "uniform":
        return -1.2
    if family == "truncated_normal" and declared.get("paramStd"):
        sigma, lo, hi, mean = declared["paramStd"], declared["lower"], declared["upper"], declared["mean"]

        def mean_at(mu):
            return stats.truncnorm((lo - mu) / sigma, (hi - mu) / sigma, loc=mu, scale=sigma).mean() - mean

        try:
            mu = optimize.brentq(mean_at, lo - 10 * sigma, hi + 10 * sigma)
        except ValueError:
            mu = 0.5 * (lo + hi)
        return float(stats.truncnorm((lo - mu) / sigma, (hi - mu) / sigma).stats(moments="k"))
    return None


def compare(case, values, report_param, real_shape):
    problems = []
    d = report_param.get("declared") or {}
    n = values.size
    mean, std = float(values.mean()), float(values.std())
    if real_shape is not None and list(report_param.get("shape", [])) != list(real_shape):
        problems.append("shape: service %s, framework %s" % (report_param.get("shape"), list(real_shape)))
    fans = case.fans()
    fw = (report_param.get("fans") or {}).get("framework")
    if fans is not None:
        if fw is None:
            problems.append("fans.framework: service none, framework %s" % (fans,))
        elif abs(fw["fanIn"] - fans[0]) > 1e-6 * fans[0] or abs(fw["fanOut"] - fans[1]) > 1e-6 * fans[1]:
            problems.append("fans.framework: service (%s, %s), framework (%s, %s)" % (fw["fanIn"], fw["fanOut"], fans[0], fans[1]))
    if d.get("std") is None:
        problems.append("declared: the service did not interpret the init (%s)" % (report_param.get("findings"),))
        return problems, mean, std
    k = float(stats.kurtosis(values)) if std > 0 else 0.0
    se_std = std * math.sqrt(max(k + 2, 0.1) / (4 * n)) if std > 0 else 0.0
    if abs(d["std"] - std) > 4 * se_std + 1e-6 * max(1.0, abs(std)) + 1e-7:
        problems.append("std: service %.6g, framework %.6g (4 SE = %.2g)" % (d["std"], std, 4 * se_std))
    if abs(d["mean"] - mean) > 4 * std / math.sqrt(n) + 1e-6 * max(1.0, abs(mean)) + 1e-7:
        problems.append("mean: service %.6g, framework %.6g" % (d["mean"], mean))
    lo, hi = d.get("lower"), d.get("upper")
    vmin, vmax = float(values.min()), float(values.max())
    eps = 1e-6 * max(1.0, abs(lo or 0), abs(hi or 0))
    if lo is not None and (vmin < lo - eps or vmax > hi + eps):
        problems.append("bounds: service [%.6g, %.6g], framework wrote [%.6g, %.6g]" % (lo, hi, vmin, vmax))
    if lo is not None and hi > lo and d.get("family") in ("uniform", "truncated_normal"):
        sigma = d.get("paramStd") or std
        centre = 0.5 * (lo + hi)
        reachable = d["family"] == "uniform" or (hi - centre) <= 3 * sigma
        if reachable and (vmin - lo > 0.02 * (hi - lo) or hi - vmax > 0.02 * (hi - lo)):
            problems.append("bounds: service [%.6g, %.6g], framework's values only reach [%.6g, %.6g]" % (lo, hi, vmin, vmax))
    if lo is None and d.get("family") in ("uniform",):
        problems.append("bounds: a uniform law without bounds")
    ek = expected_kurtosis(d)
    if ek is not None and std > 0 and abs(k - ek) > 5 * math.sqrt(24.0 / n) + 0.02:
        problems.append("law: %s implies excess kurtosis %.3f, the framework's values have %.3f" % (d.get("family"), ek, k))
    return problems, mean, std


def compare_measured(stats_nd4j, values):
    """ND4J's sample of the declared law (measure=true) against the framework's values: two samples of one law."""
    problems = []
    n1, n2 = stats_nd4j["count"], values.size
    s1, s2 = stats_nd4j["std"], float(values.std())
    k2 = float(stats.kurtosis(values))
    se = math.sqrt(s1 * s1 * (stats_nd4j["kurtosis"] + 2) / (4 * n1) + s2 * s2 * (k2 + 2) / (4 * n2))
    if abs(s1 - s2) > 5 * se + 1e-7:
        problems.append("measured std: ND4J %.6g, framework %.6g (5 SE = %.2g)" % (s1, s2, 5 * se))
    se_mean = math.sqrt(s1 * s1 / n1 + s2 * s2 / n2)
    if abs(stats_nd4j["mean"] - float(values.mean())) > 5 * se_mean + 1e-7:
        problems.append("measured mean: ND4J %.6g, framework %.6g" % (stats_nd4j["mean"], float(values.mean())))
    if s1 > 0 and abs(stats_nd4j["kurtosis"] - k2) > 5 * math.sqrt(24.0 / n1 + 24.0 / n2) + 0.05:
        problems.append("measured kurtosis: ND4J %.3f, framework %.3f" % (stats_nd4j["kurtosis"], k2))
    return problems


def audit(service, key, framework, layers, measure=False):
    body = json.dumps({"name": "crosscheck-" + framework, "framework": framework, "layers": layers}).encode()
    req = urllib.request.Request(service + "/api/v1/audits?store=false" + ("&measure=true" if measure else ""), data=body, method="POST",
                                 headers={"Content-Type": "application/json", **({"X-API-Key": key} if key else {})})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        raise SystemExit("audit of %d %s layers failed: %s %s" % (len(layers), framework, e.code, e.read()[:2000]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--service", required=True)
    ap.add_argument("--key")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=1000, help="at least this many cases (the generator rounds up to whole families)")
    ap.add_argument("--frameworks", default="pytorch,keras,tensorflow,jax,flax")
    ap.add_argument("--out", default="crosscheck-results.json")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    # Every draw is seeded: torch per application, JAX/Flax by key, Keras and TensorFlow through their global seeds
    # (an unseeded Keras 3 initializer takes its seed from Python's random module when it is made).
    import keras
    keras.utils.set_random_seed(args.seed)
    generators = {"pytorch": torch_cases, "keras": keras_cases, "tensorflow": tensorflow_cases, "jax": jax_cases, "flax": flax_cases}
    cases = []
    wanted = args.frameworks.split(",")
    while len(cases) < args.cases:
        for fw in wanted:
            cases.extend(generators[fw](rng))
    started = time.time()
    results, by_fw = [], {}
    for idx, c in enumerate(cases):
        by_fw.setdefault(c.framework, []).append((idx, c))
    for fw, items in by_fw.items():
        fw_started = time.time()
        for start in range(0, len(items), 150):
            chunk = items[start:start + 150]
            layers = [dict(c.layer, name="c%d" % idx, inputs=["@input"]) for idx, c in chunk]
            report = audit(args.service, args.key, fw, layers)
            by_name = {l["name"]: l for l in report["layers"]}
            for idx, c in chunk:
                params = {p["name"]: p for p in by_name["c%d" % idx]["parameters"]}
                values = collect(c)
                first = c.draw(0)
                p = params.get(c.param)
                if p is None:
                    results.append({"case": c.label, "framework": fw, "layer": c.layer, "param": c.param,
                                    "problems": ["the report has no parameter %s (it has %s)" % (c.param, sorted(params))]})
                    continue
                shape = _real_shape(c, first)
                problems, mean, std = compare(c, values, p, shape)
                entry = {"case": c.label, "framework": fw, "layer": c.layer, "param": c.param, "n": int(values.size),
                         "framework_std": std, "framework_mean": mean, "service": p.get("declared"), "problems": problems}
                results.append(entry)
                # measure=true for a sample: tensors of 20,000 values or more, so ND4J's sample (capped at the tensor) is informative.
                if shape is not None and math.prod(shape) >= 20_000 and (p.get("declared") or {}).get("std") and idx % 3 == 0:
                    measured = audit(args.service, args.key, fw, [dict(c.layer, name="m", inputs=["@input"])], measure=True)
                    mp = {q["name"]: q for q in measured["layers"][0]["parameters"]}[c.param]
                    sampled = (mp.get("measured") or {}).get("declared")
                    if sampled is None:
                        problems.append("measure=true sampled nothing: %s" % (mp.get("measured"),))
                    else:
                        problems.extend(compare_measured(sampled, values))
                        entry["measured"] = {"count": sampled["count"], "std": sampled["std"], "kurtosis": sampled["kurtosis"]}
        print("%s: %d cases checked in %.0f s" % (fw, len(items), time.time() - fw_started), file=sys.stderr, flush=True)
    bad = [r for r in results if r["problems"]]
    summary = {"cases": len(results), "disagreements": len(bad), "frameworks": sorted(by_fw),
               "seconds": round(time.time() - started, 1), "seed": args.seed}
    with open(args.out, "w") as f:
        json.dump({"summary": summary, "results": results}, f, indent=1)
    for r in bad:
        print("DISAGREE %s [%s]: %s" % (r["case"], r["param"], "; ".join(r["problems"])))
    print("%d passed, %d failed" % (len(results) - len(bad), len(bad)))
    sys.exit(1 if bad else 0)


def _real_shape(case, first):
    return getattr(case, "shape", None)



if __name__ == "__main__":
    main()
