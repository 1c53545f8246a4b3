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
                if apply is not None:
                    apply(t)
                elif hasattr(m, "reset_parameters"):
                    m.reset_parameters()
                else:
                    # nn.MultiheadAttention's defaults are written by its constructor (out_proj by Linear's).
                    return dict(make().named_parameters())[pname].detach().numpy().astype(np.float64).ravel().copy()
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
        ("torch.nn.init.kaiming_normal_(w, nonlinearity='tanh')", lambda t: I.kaiming_normal_(t, nonlinearity="tanh")),
        ("torch.nn.init.kaiming_uniform_(w, a=math.sqrt(5))", lambda t: I.kaiming_uniform_(t, a=math.sqrt(5))),
        ("torch.nn.init.kaiming_uniform_(w, nonlinearity='leaky_relu', a=0.2)", lambda t: I.kaiming_uniform_(t, a=0.2, nonlinearity="leaky_relu")),
        ("torch.nn.init.kaiming_uniform_(w, mode='fan_out', nonlinearity='selu')", lambda t: I.kaiming_uniform_(t, mode="fan_out", nonlinearity="selu")),
        ("torch.nn.init.xavier_normal_(w)", lambda t: I.xavier_normal_(t)),
        ("torch.nn.init.xavier_uniform_(w, gain=torch.nn.init.calculate_gain('tanh'))", lambda t: I.xavier_uniform_(t, gain=I.calculate_gain("tanh"))),
        ("torch.nn.init.xavier_uniform_(w, gain=torch.nn.init.calculate_gain('leaky_relu', 0.2))",
         lambda t: I.xavier_uniform_(t, gain=I.calculate_gain("leaky_relu", 0.2))),
        ("torch.nn.init.xavier_uniform_(w, gain=1.5)", lambda t: I.xavier_uniform_(t, gain=1.5)),
        ("torch.nn.init.normal_(w, std=0.02)", lambda t: I.normal_(t, std=0.02)),
        ("torch.nn.init.normal_(w, mean=0.1, std=0.05)", lambda t: I.normal_(t, mean=0.1, std=0.05)),
        ("torch.nn.init.uniform_(w, -0.1, 0.1)", lambda t: I.uniform_(t, -0.1, 0.1)),
        ("torch.nn.init.uniform_(w, a=0.0, b=0.3)", lambda t: I.uniform_(t, a=0.0, b=0.3)),
        ("torch.nn.init.trunc_normal_(w, std=0.02)", lambda t: I.trunc_normal_(t, std=0.02)),
        ("torch.nn.init.trunc_normal_(w, std=0.02, a=-0.04, b=0.04)", lambda t: I.trunc_normal_(t, std=0.02, a=-0.04, b=0.04)),
        ("torch.nn.init.trunc_normal_(w, mean=0.0, std=1.0, a=-2.0, b=2.0)", lambda t: I.trunc_normal_(t, mean=0.0, std=1.0, a=-2.0, b=2.0)),
        ("torch.nn.init.orthogonal_(w)", lambda t: I.orthogonal_(t)),
        ("torch.nn.init.orthogonal_(w, gain=2.0)", lambda t: I.orthogonal_(t, gain=2.0)),
        ("torch.nn.init.constant_(w, 0.25)", lambda t: I.constant_(t, 0.25)),
        ("torch.nn.init.zeros_(w)", lambda t: I.zeros_(t)),
        ("torch.nn.init.ones_(w)", lambda t: I.ones_(t)),
        ("w.data.normal_(0.0, 0.02)", lambda t: t.data.normal_(0.0, 0.02)),
        ("w.data.uniform_(-0.1, 0.1)", lambda t: t.data.uniform_(-0.1, 0.1)),
        ("w.data.zero_()", lambda t: t.data.zero_()),
        ("w.data.fill_(0.5)", lambda t: t.data.fill_(0.5)),
        ("torch.randn(w.shape) * 0.02", lambda t: t.copy_(torch.randn(t.shape) * 0.02)),
        ("torch.fmod(torch.randn(w.shape), 2) * 0.02", lambda t: t.copy_(torch.fmod(torch.randn(t.shape), 2) * 0.02)),
        ("torch.remainder(torch.randn(w.shape), 1.5) * 0.1", lambda t: t.copy_(torch.remainder(torch.randn(t.shape), 1.5) * 0.1)),
    ]
    kinds = ["linear", "conv1d", "conv2d", "conv2d_dw", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "embedding",
             "lstm_ih", "lstm_hh", "gru_ih", "gru_hh", "mha_in", "mha_out"]
    out = []
    for rep in range(2):
        for n, (text, fn) in enumerate(inits + [(None, None)]):
            # Every call on every layer type over the two rounds (a fixed rotation), with random sizes.
            for kind in (kinds[(n + rep * 7) % len(kinds)], rng.choice(kinds)):
                layer, make, pname = torch_layer(rng, torch, kind)
                if text is not None:
                    layer = dict(layer, inits={pname: text}) if "_" in pname else dict(layer, init=text)
                out.append(module_case("torch %s %s" % (kind, text or "default"), layer, make, pname, text, fn))
    # Every default of every layer type, every parameter.
    for kind in kinds + ["conv2d_group"]:
        layer, make, _ = torch_layer(rng, torch, kind, wide=True)
        for pname, _p in make().named_parameters():
            out.append(module_case("torch %s default %s" % (kind, pname), layer, make, pname, None, None))
    for kind, cls, size in (("batch_norm", torch.nn.BatchNorm2d, "num_features"), ("layer_norm", torch.nn.LayerNorm, "normalized_shape"),
                            ("group_norm", None, "num_channels")):
        c = rng.choice([16, 64])
        layer = {"type": kind, size: c}
        make = (lambda c=c: torch.nn.GroupNorm(4, c)) if cls is None else (lambda cls=cls, c=c: cls(c))
        if cls is None:
            layer["num_groups"] = 4
        for p in ("weight", "bias"):
            out.append(module_case("torch %s default %s" % (kind, p), layer, make, p, None, None))
    return out


def torch_layer(rng, torch, kind, wide=False):
    """(service layer, module factory, parameter name) for one torch layer type with random sizes; wide layers have
    enough outputs that a bias holds a few hundred values."""
    i = rng.choice([3, 16, 48, 64, 128])
    o = rng.choice([256, 512]) if wide else rng.choice([16, 32, 64, 96])
    if kind == "linear":
        return {"type": "linear", "in_features": i, "out_features": o}, (lambda: torch.nn.Linear(i, o)), "weight"
    if kind in ("conv1d", "conv2d", "conv3d", "conv2d_dw", "conv2d_group"):
        dim = int(kind[4]) if kind[4].isdigit() else 2
        k = [rng.choice([1, 2, 3, 5, 7]) for _ in range(dim)]
        if dim == 3:
            k = [rng.choice([1, 3]) for _ in range(3)]
        g = 1
        if kind == "conv2d_dw":
            i = rng.choice([16, 64, 128])
            g = i
            o = i * rng.choice([1, 2, 3])
        elif kind == "conv2d_group" or (rng.random() < 0.3 and i % 4 == 0 and o % 4 == 0):
            i, o = rng.choice([16, 64]), rng.choice([32, 64])
            g = 4
        cls = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}[dim]
        layer = {"type": "conv%dd" % dim, "in_channels": i, "out_channels": o, "kernel_size": k, "groups": g}
        return layer, (lambda: cls(i, o, k, groups=g)), "weight"
    if kind.startswith("conv_transpose"):
        dim = int(kind[-2])
        k = [rng.choice([2, 3, 4]) for _ in range(dim)]
        g = 4 if rng.random() < 0.3 and i % 4 == 0 and o % 4 == 0 else 1
        cls = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d, 3: torch.nn.ConvTranspose3d}[dim]
        layer = {"type": "conv_transpose%dd" % dim, "in_channels": i, "out_channels": o, "kernel_size": k, "groups": g}
        return layer, (lambda: cls(i, o, k, groups=g)), "weight"
    if kind == "embedding":
        v, d = rng.choice([50, 1000, 5000]), rng.choice([16, 64])
        return {"type": "embedding", "num_embeddings": v, "embedding_dim": d}, (lambda: torch.nn.Embedding(v, d)), "weight"
    if kind[:3] in ("lst", "gru"):
        t = kind[:4] if kind.startswith("lstm") else "gru"
        cls = torch.nn.LSTM if t == "lstm" else torch.nn.GRU
        i, h = rng.choice([8, 32, 100]), rng.choice([16, 64, 128])
        return {"type": t, "input_size": i, "hidden_size": h}, (lambda: cls(i, h)), "weight_%s_l0" % kind.split("_")[1]
    if kind.startswith("mha"):
        heads = rng.choice([1, 4, 8])
        e = heads * rng.choice([8, 16, 32])
        layer = {"type": "multihead_attention", "embed_dim": e, "num_heads": heads}
        return layer, (lambda: torch.nn.MultiheadAttention(e, heads)), "in_proj_weight" if kind == "mha_in" else "out_proj.weight"
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------------------- keras

def keras_layers(rng, framework="keras"):
    """Every Keras layer type the service models, with random sizes: (label, service layer, build(**initializers) -> built
    layer, [(service parameter, initializer argument, variable getter)]). The first parameter is the one a bare
    kernel_initializer reaches. A Keras 3 DepthwiseConv names its weight "kernel"; tf.keras 2 (framework tensorflow)
    named it "depthwise_kernel"."""
    depthwise = "kernel" if framework == "keras" else "depthwise_kernel"
    import keras

    L = keras.layers
    i = rng.choice([3, 16, 64, 128])
    o = rng.choice([32, 96, 128])
    k2 = [rng.choice([1, 3, 5]), rng.choice([1, 3, 7])]
    k1 = [rng.choice([1, 3, 5, 7])]
    k3 = [rng.choice([1, 3]), rng.choice([1, 3]), rng.choice([2, 3])]
    dm = rng.choice([1, 2, 3])
    h = rng.choice([16, 32, 64])
    heads = rng.choice([2, 4, 8])
    e = heads * rng.choice([32, 64])  # an (E, heads, E/heads) kernel of at least 4,096 values: fewer rebuilds per case
    c = rng.choice([16, 64])
    dw_in = rng.choice([64, 128, 256])  # a depthwise kernel holds only k·C·m values
    kd = [rng.choice([3, 5]), rng.choice([3, 7])]

    def built(layer, *shape):
        layer.build(*shape)
        return layer

    def kernel_and_bias(kernel_name="kernel", kernel_arg="kernel_initializer", attr="kernel"):
        return [(kernel_name, kernel_arg, lambda l: getattr(l, attr)), ("bias", "bias_initializer", lambda l: l.bias)]

    out = [
        ("dense", {"type": "linear", "in_features": i, "out_features": o}, lambda **kw: built(L.Dense(o, **kw), (None, i)), kernel_and_bias()),
        ("conv1d", {"type": "conv1d", "in_channels": i, "out_channels": o, "kernel_size": k1},
         lambda **kw: built(L.Conv1D(o, k1, **kw), (None, 16, i)), kernel_and_bias()),
        ("conv2d", {"type": "conv2d", "in_channels": i, "out_channels": o, "kernel_size": k2},
         lambda **kw: built(L.Conv2D(o, k2, **kw), (None, 16, 16, i)), kernel_and_bias()),
        ("conv3d", {"type": "conv3d", "in_channels": i, "out_channels": o, "kernel_size": k3},
         lambda **kw: built(L.Conv3D(o, k3, **kw), (None, 6, 6, 6, i)), kernel_and_bias()),
        ("conv1d_transpose", {"type": "conv_transpose1d", "in_channels": i, "out_channels": o, "kernel_size": k1},
         lambda **kw: built(L.Conv1DTranspose(o, k1, **kw), (None, 8, i)), kernel_and_bias()),
        ("conv2d_transpose", {"type": "conv_transpose2d", "in_channels": i, "out_channels": o, "kernel_size": k2},
         lambda **kw: built(L.Conv2DTranspose(o, k2, **kw), (None, 8, 8, i)), kernel_and_bias()),
        ("conv3d_transpose", {"type": "conv_transpose3d", "in_channels": i, "out_channels": o, "kernel_size": k3},
         lambda **kw: built(L.Conv3DTranspose(o, k3, **kw), (None, 6, 6, 6, i)), kernel_and_bias()),
        ("depthwise1d", {"type": "depthwise_conv1d", "in_channels": dw_in, "depth_multiplier": dm, "kernel_size": k1},
         lambda **kw: built(L.DepthwiseConv1D(k1, depth_multiplier=dm, **kw), (None, 16, dw_in)),
         kernel_and_bias(depthwise, "depthwise_initializer")),
        ("depthwise2d", {"type": "depthwise_conv2d", "in_channels": dw_in, "depth_multiplier": dm, "kernel_size": kd},
         lambda **kw: built(L.DepthwiseConv2D(kd, depth_multiplier=dm, **kw), (None, 16, 16, dw_in)),
         kernel_and_bias(depthwise, "depthwise_initializer")),
        ("separable2d", {"type": "separable_conv2d", "in_channels": dw_in, "out_channels": o, "depth_multiplier": dm, "kernel_size": kd},
         lambda **kw: built(L.SeparableConv2D(o, kd, depth_multiplier=dm, **kw), (None, 16, 16, dw_in)),
         [("depthwise_kernel", "depthwise_initializer", lambda l: l.depthwise_kernel),
          ("pointwise_kernel", "pointwise_initializer", lambda l: l.pointwise_kernel), ("bias", "bias_initializer", lambda l: l.bias)]),
        ("separable1d", {"type": "separable_conv1d", "in_channels": dw_in, "out_channels": o, "depth_multiplier": dm, "kernel_size": k1},
         lambda **kw: built(L.SeparableConv1D(o, k1, depth_multiplier=dm, **kw), (None, 16, dw_in)),
         [("pointwise_kernel", "pointwise_initializer", lambda l: l.pointwise_kernel),
          ("depthwise_kernel", "depthwise_initializer", lambda l: l.depthwise_kernel), ("bias", "bias_initializer", lambda l: l.bias)]),
        ("embedding", {"type": "embedding", "num_embeddings": 40 * o, "embedding_dim": c},
         lambda **kw: built(L.Embedding(40 * o, c, **kw), (None, 3)), [("embeddings", "embeddings_initializer", lambda l: l.embeddings)]),
    ]
    for name, cls in (("lstm", L.LSTM), ("gru", L.GRU)):
        out.append((name, {"type": name, "input_size": i, "hidden_size": h}, lambda cls=cls, **kw: built(cls(h, **kw), (None, 5, i)),
                    [("kernel", "kernel_initializer", lambda l: l.cell.kernel),
                     ("recurrent_kernel", "recurrent_initializer", lambda l: l.cell.recurrent_kernel),
                     ("bias", "bias_initializer", lambda l: l.cell.bias)]))
    # Keras' own examples use key_dim = embed_dim // num_heads; the sublayers are EinsumDense.
    mha_params = []
    for sub, attr in (("query", "_query_dense"), ("key", "_key_dense"), ("value", "_value_dense"), ("attention_output", "_output_dense")):
        mha_params.append((sub + ".kernel", "kernel_initializer", lambda l, attr=attr: getattr(l, attr).kernel))
    for sub, attr in (("query", "_query_dense"), ("key", "_key_dense"), ("value", "_value_dense"), ("attention_output", "_output_dense")):
        mha_params.append((sub + ".bias", "bias_initializer", lambda l, attr=attr: getattr(l, attr).bias))
    out.append(("mha", {"type": "multihead_attention", "embed_dim": e, "num_heads": heads},
                lambda **kw: built(L.MultiHeadAttention(heads, e // heads, **kw), (None, 4, e), (None, 4, e)), mha_params))
    # Keras' examples also write key_dim = embed_dim; value_dim and output_shape change the value and output kernels.
    out.append(("mha_key_dim", {"type": "multihead_attention", "embed_dim": e, "num_heads": heads, "key_dim": e, "value_dim": h,
                                "output_dim": o},
                lambda **kw: built(L.MultiHeadAttention(heads, e, value_dim=h, output_shape=o, **kw), (None, 4, e), (None, 4, e)), mha_params))
    out.append(("mha_no_bias", {"type": "multihead_attention", "embed_dim": e, "num_heads": heads, "key_dim": e, "bias": False},
                lambda **kw: built(L.MultiHeadAttention(heads, e, use_bias=False, **kw), (None, 4, e), (None, 4, e)),
                [p for p in mha_params if p[0].endswith(".kernel")]))
    for name, layer, make, shape in (("batch_norm", {"type": "batch_norm", "num_features": c}, lambda **kw: L.BatchNormalization(**kw), (None, 4, 4, c)),
                                     ("layer_norm", {"type": "layer_norm", "normalized_shape": c}, lambda **kw: L.LayerNormalization(**kw), (None, c)),
                                     ("group_norm", {"type": "group_norm", "num_channels": c, "num_groups": 4},
                                      lambda **kw: L.GroupNormalization(groups=4, **kw), (None, 8, c))):
        out.append((name, layer, lambda make=make, shape=shape, **kw: built(make(**kw), shape),
                    [("gamma", "gamma_initializer", lambda l: l.gamma), ("beta", "beta_initializer", lambda l: l.beta)]))
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
        ("zeros", lambda: "zeros"), ("ones", lambda: "ones"), ("orthogonal", lambda: "orthogonal"),
        ("keras.initializers.Orthogonal(gain=2.0)", lambda: keras.initializers.Orthogonal(gain=2.0)),
        ("keras.initializers.HeNormal()", lambda: keras.initializers.HeNormal()),
        ("keras.initializers.GlorotUniform()", lambda: keras.initializers.GlorotUniform()),
        ({"class_name": "RandomNormal", "config": {"mean": 0.0, "stddev": 0.03}}, lambda: keras.initializers.RandomNormal(mean=0.0, stddev=0.03)),
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
        ("tf.compat.v1.initializers.he_uniform()", lambda: v1.he_uniform()),
        ("tf.compat.v1.initializers.lecun_normal()", lambda: v1.lecun_normal()),
        ("tf.compat.v1.orthogonal_initializer(gain=1.5)", lambda: tf.compat.v1.orthogonal_initializer(gain=1.5)),
        ("tf.compat.v1.zeros_initializer()", lambda: tf.compat.v1.zeros_initializer()),
        ("tf.compat.v1.ones_initializer()", lambda: tf.compat.v1.ones_initializer()),
        ("tf.compat.v1.constant_initializer(0.2)", lambda: tf.compat.v1.constant_initializer(0.2)),
    ]
    fans = lambda shape: init_ops._compute_fans(list(shape))
    return _keras_style_cases(rng, "tensorflow", inits, fans)


def _keras_style_cases(rng, framework, inits, fan_fn):
    """The real Keras layer, built with the initializer. More values: for an initializer given by the user, fresh
    initializers of the same kind called on the same shape (a Keras 3 initializer without a seed picks one when it is made:
    the same object always writes the same); for a default, the layer built again."""
    import keras

    out = []
    specs = keras_layers(rng, framework)
    if framework == "tensorflow":
        # framework "tensorflow" describes tf.keras 2's MultiHeadAttention fans; TF 2.21 ships Keras 3, so there is none to ask.
        specs = [sp for sp in specs if not sp[0].startswith("mha")]
    weights_only = [sp for sp in specs if not sp[0].endswith("norm")]
    for n, (text, make) in enumerate(inits):
        if make is None:
            continue
        for label, kind_layer, build, params in (weights_only[n % len(weights_only)], rng.choice(weights_only)):
            pname, arg, getter = params[0] if rng.random() < 0.6 else rng.choice([q for q in params if q[0] != "bias" and not q[0].endswith(".bias")])
            layer_obj = build(**{arg: make()})
            var = getter(layer_obj)
            shape = tuple(var.shape)
            first = np.asarray(var.numpy(), dtype=np.float64).ravel()
            axes = _einsum_axes(layer_obj, pname)

            def draw(seed, make=make, shape=shape, first=first, build=build, arg=arg, getter=getter, rebuild=axes[0] is not None):
                if seed == 0:
                    return first
                if rebuild:
                    # EinsumDense clones a VarianceScaling initializer with the equation's axes: only the layer knows them.
                    return np.asarray(getter(build(**{arg: make()})).numpy(), dtype=np.float64).ravel()
                return np.asarray(keras.initializers.get(make())(shape, dtype="float32"), dtype=np.float64).ravel()

            service_layer = dict(kind_layer)
            if pname == "kernel" or kind_layer["type"] == "multihead_attention" and pname.endswith(".kernel"):
                service_layer["init"] = text
            else:
                service_layer["inits"] = {pname: text}
            out.append(_keras_case(framework, service_layer, pname, text, draw, shape, fan_fn, axes, "%s %s %s" % (framework, label, text)))
    for label, kind_layer, build, params in specs:
        for pname, arg, getter in params:
            layer_obj = build()
            var = getter(layer_obj)
            shape = tuple(var.shape)
            first = np.asarray(var.numpy(), dtype=np.float64).ravel()
            axes = _einsum_axes(layer_obj, pname)

            used = _initializer_of(layer_obj, pname, arg)
            # Keras' LSTM writes its bias itself (unit_forget_bias): only a rebuilt layer shows it.
            rebuild = used is None or (label == "lstm" and pname == "bias")

            def draw(seed, build=build, getter=getter, first=first, used=used, shape=shape, axes=axes, rebuild=rebuild):
                if seed == 0:
                    return first
                if rebuild:
                    return np.asarray(getter(build()).numpy(), dtype=np.float64).ravel()
                # A fresh copy of the layer's own default initializer (a new seed), with EinsumDense's axes where it sets them.
                config = dict(used.get_config())
                config.pop("seed", None)
                if axes[0] is not None:
                    config["input_axes"], config["output_axes"] = axes
                fresh = type(used).from_config(config)
                return np.asarray(fresh(shape, dtype="float32"), dtype=np.float64).ravel()

            out.append(_keras_case(framework, dict(kind_layer), pname, None, draw, shape, fan_fn, axes, "%s %s default %s" % (framework, label, pname)))
    return out


def _einsum_axes(layer_obj, pname):
    """The (input_axes, output_axes) an EinsumDense kernel's VarianceScaling initializer is given, or (None, None)."""
    if "." not in pname or not pname.endswith("kernel"):
        return None, None
    from keras.src.layers.core.einsum_dense import _analyze_einsum_string

    sub = getattr(layer_obj, {"query": "_query_dense", "key": "_key_dense", "value": "_value_dense",
                              "attention_output": "_output_dense"}[pname.split(".")[0]])
    heads, key_dim = layer_obj.num_heads, layer_obj.key_dim
    e = sub.kernel.shape[0] if pname.split(".")[0] != "attention_output" else sub.kernel.shape[-1]
    in_shape = (None, 4, e) if pname.split(".")[0] != "attention_output" else (None, 4, heads, key_dim)
    data = _analyze_einsum_string(sub.equation, sub.bias_axes, in_shape, sub.partial_output_shape)
    return data[3], data[4]


def _initializer_of(layer_obj, pname, arg):
    """The initializer object the layer (its cell, or its EinsumDense sublayer) holds for this parameter."""
    owner = layer_obj.cell if hasattr(layer_obj, "cell") else layer_obj
    if "." in pname:
        owner = getattr(layer_obj, {"query": "_query_dense", "key": "_key_dense", "value": "_value_dense",
                                    "attention_output": "_output_dense"}[pname.split(".")[0]])
        arg = "kernel_initializer" if pname.endswith("kernel") else "bias_initializer"
    return getattr(owner, arg, None)


def _keras_case(framework, layer, pname, text, draw, shape, fan_fn, axes, label):
    def fans(shape=shape, axes=axes):
        if framework == "keras" and axes[0] is not None:
            return tuple(float(x) for x in fan_fn(shape, axes[0], axes[1]))
        return tuple(float(x) for x in fan_fn(shape))

    c = Case(framework, layer, pname, text, draw, fans, label)
    c.shape = list(shape)
    return c


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
        ("jax.nn.initializers.truncated_normal(stddev=0.05, lower=-3.0, upper=3.0)", J.truncated_normal(stddev=0.05, lower=-3.0, upper=3.0)),
        ("jax.nn.initializers.orthogonal()", J.orthogonal()), ("jax.nn.initializers.orthogonal(scale=2.0)", J.orthogonal(scale=2.0)),
        ("jax.nn.initializers.kaiming_normal()", J.kaiming_normal()), ("jax.nn.initializers.xavier_uniform()", J.xavier_uniform()),
        ("jax.nn.initializers.constant(0.3)", J.constant(0.3)), ("jax.nn.initializers.zeros", J.zeros), ("jax.nn.initializers.ones", J.ones),
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


def flax_modules(rng):
    """Every Flax layer type the service models, with random sizes: (label, service layer, module factory taking the
    initializers, init(module, key) -> params, parameter names (dotted paths) with the initializer argument each takes)."""
    import jax.numpy as jnp
    import flax.linen as nn

    i, o = rng.choice([3, 16, 64]), rng.choice([32, 96, 128])
    k = [rng.choice([1, 3, 5]), rng.choice([1, 3, 5])]
    g = i if rng.random() < 0.3 else 1
    oc = i * rng.choice([1, 2]) if g > 1 else o
    h = rng.choice([16, 32, 64])
    heads = rng.choice([2, 4])
    e = heads * rng.choice([8, 16])
    c = rng.choice([16, 32])

    def plain(x):
        return lambda m, key: m.init(key, x)["params"]

    def cell(x):
        def init(m, key):
            carry = m.initialize_carry(key, x.shape)
            return m.init(key, carry, x)["params"]
        return init

    gates_lstm = [("i" + q + ".kernel", "kernel_init") for q in "ifgo"] + [("h" + q + ".kernel", "recurrent_kernel_init") for q in "ifgo"] \
        + [("h" + q + ".bias", "bias_init") for q in "ifgo"]
    gates_gru = [("i" + q + ".kernel", "kernel_init") for q in "rzn"] + [("h" + q + ".kernel", "recurrent_kernel_init") for q in "rzn"] \
        + [("i" + q + ".bias", "bias_init") for q in "rzn"] + [("hn.bias", "bias_init")]
    mha = [(q + ".kernel", "kernel_init") for q in ("query", "key", "value", "out")] + [(q + ".bias", "bias_init") for q in ("query", "key", "value", "out")]
    return [
        ("dense", {"type": "linear", "in_features": i, "out_features": o}, lambda **kw: nn.Dense(o, **kw), plain(jnp.zeros((1, i))),
         [("kernel", "kernel_init"), ("bias", "bias_init")]),
        ("conv", {"type": "conv2d", "in_channels": i, "out_channels": oc, "kernel_size": k, "groups": g},
         lambda **kw: nn.Conv(oc, tuple(k), feature_group_count=g, **kw), plain(jnp.zeros((1, 8, 8, i))), [("kernel", "kernel_init"), ("bias", "bias_init")]),
        ("conv1d", {"type": "conv1d", "in_channels": i, "out_channels": o, "kernel_size": [k[0]]},
         lambda **kw: nn.Conv(o, (k[0],), **kw), plain(jnp.zeros((1, 8, i))), [("kernel", "kernel_init"), ("bias", "bias_init")]),
        ("conv_transpose", {"type": "conv_transpose2d", "in_channels": i, "out_channels": o, "kernel_size": k},
         lambda **kw: nn.ConvTranspose(o, tuple(k), **kw), plain(jnp.zeros((1, 6, 6, i))), [("kernel", "kernel_init"), ("bias", "bias_init")]),
        ("embed", {"type": "embedding", "num_embeddings": 50 * i, "embedding_dim": o}, lambda **kw: nn.Embed(50 * i, o, **kw),
         plain(jnp.zeros((1,), jnp.int32)), [("embedding", "embedding_init")]),
        ("lstm", {"type": "lstm", "input_size": i, "hidden_size": h}, lambda **kw: nn.LSTMCell(h, **kw), cell(jnp.zeros((1, i))), gates_lstm),
        ("gru", {"type": "gru", "input_size": i, "hidden_size": h}, lambda **kw: nn.GRUCell(h, **kw), cell(jnp.zeros((1, i))), gates_gru),
        ("mha", {"type": "multihead_attention", "embed_dim": e, "num_heads": heads},
         lambda **kw: nn.MultiHeadDotProductAttention(num_heads=heads, qkv_features=e, **kw), plain(jnp.zeros((1, 4, e))), mha),
        ("layer_norm", {"type": "layer_norm", "normalized_shape": c}, lambda **kw: nn.LayerNorm(**kw), plain(jnp.zeros((1, c))),
         [("scale", "scale_init"), ("bias", "bias_init")]),
        ("batch_norm", {"type": "batch_norm", "num_features": c}, lambda **kw: nn.BatchNorm(use_running_average=False, **kw),
         plain(jnp.zeros((2, c))), [("scale", "scale_init"), ("bias", "bias_init")]),
        ("group_norm", {"type": "group_norm", "num_channels": c, "num_groups": 4}, lambda **kw: nn.GroupNorm(num_groups=4, **kw),
         plain(jnp.zeros((1, 4, c))), [("scale", "scale_init"), ("bias", "bias_init")]),
    ]


def _flat(tree, prefix=""):
    out = {}
    for key, v in tree.items():
        if hasattr(v, "items"):
            out.update(_flat(v, prefix + key + "."))
        else:
            out[prefix + key] = v
    return out


def flax_cases(rng):
    import jax
    from jax.nn import initializers as J
    from jax._src.nn.initializers import _compute_fans

    cache = {}

    def tree(module, init, seed, count):
        """All parameters of one module for one seed (count keys, vmapped), shared by that module's cases."""
        key = (id(module), seed, count)
        if key not in cache:
            if len(cache) > 64:
                cache.clear()
            if seed == 0:
                cache[key] = {k: np.asarray(v, dtype=np.float64) for k, v in _flat(init(module, jax.random.key(0))).items()}
            else:
                keys = jax.random.split(jax.random.key(seed), count)
                cache[key] = {k: np.asarray(v, dtype=np.float64) for k, v in _flat(jax.vmap(lambda kk: init(module, kk))(keys)).items()}
        return cache[key]

    def case(label, layer, module, init, p, text):
        shape = tuple(tree(module, init, 0, 1)[p].shape)
        count = max(1, min(64, -(-N_MIN // math.prod(shape))))

        def draw(seed):
            return tree(module, init, seed, 1 if seed == 0 else count)[p].ravel()

        if label == "embed" and text is None:
            # Flax's default_embed_init is variance_scaling(1.0, 'fan_in', 'normal', out_axis=0): its fans use out_axis 0.
            fans = lambda: tuple(float(v) for v in _compute_fans(shape, -2, 0, ()))
        elif label == "mha" and p.endswith("kernel"):
            # DenseGeneral calls its kernel_init on the kernel flattened to (inputs, features).
            flat = (shape[0], shape[1] * shape[2]) if p.startswith(("query", "key", "value")) else (shape[0] * shape[1], shape[2])
            fans = lambda: tuple(float(v) for v in _compute_fans(flat, -2, -1, ()))
        elif len(shape) >= 2:
            fans = lambda: tuple(float(v) for v in _compute_fans(shape, -2, -1, ()))
        else:
            fans = lambda: None
        c = Case("flax", layer, p, text, draw, fans, "flax %s %s %s" % (label, text or "default", p))
        c.shape = list(shape)
        return c

    out = []
    specs = flax_modules(rng)
    for label, layer, make, init, params in specs:
        module = make()
        for p, _arg in params:
            out.append(case(label, layer, module, init, p, None))
    # Initializers as Flax users pass them (kernel_init=..., recurrent_kernel_init=..., embedding_init=...).
    explicit = [("jax.nn.initializers.he_normal()", J.he_normal()), ("jax.nn.initializers.glorot_uniform()", J.glorot_uniform()),
                ("jax.nn.initializers.orthogonal()", J.orthogonal()), ("jax.nn.initializers.normal(stddev=0.02)", J.normal(stddev=0.02)),
                ("jax.nn.initializers.variance_scaling(2.0, 'fan_out', 'truncated_normal')", J.variance_scaling(2.0, "fan_out", "truncated_normal")),
                ("jax.nn.initializers.lecun_uniform()", J.lecun_uniform())]
    weights = [sp for sp in specs if not sp[0].endswith("norm")]
    for label, layer0, make, init, params in weights + weights:
        text, fn = rng.choice(explicit)
        p, arg = rng.choice([q for q in params if not q[0].endswith("bias")])
        layer = layer0
        layer = dict(layer, inits={p: text}) if "." in p or p != "kernel" else dict(layer, init=text)
        out.append(case(label, layer, make(**{arg: fn}), init, p, text))
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
        if seed == 4 and (all(np.array_equal(values[0], x) for x in values[1:]) or np.ptp(np.concatenate(values)) == 0):
            break  # a deterministic init (constants, a forget-gate bias): more draws write the same values
    return np.concatenate(values)


def expected_kurtosis(declared):
    family = declared.get("family")
    if family == "normal":
        return 0.0
    if family == "uniform":
        return -1.2
    if family == "orthogonal" and declared.get("std"):
        n = round((declared["upper"] / declared["std"]) ** 2)  # std = gain / sqrt(max(rows, cols)), upper = gain
        return -6.0 / (n + 2)
    if family == "piecewise_constant":
        p = (declared["mean"] - declared["lower"]) / (declared["upper"] - declared["lower"])
        return (1 - 6 * p * (1 - p)) / (p * (1 - p))
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
    constant_law = d.get("family") in ("constant", "piecewise_constant")
    if fans is not None and not (fw is None and constant_law):
        # A constant initializer never calls the fan function: no fans is the right answer there.
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


SHARE = {"pytorch": 0.4, "keras": 0.2, "tensorflow": 0.15, "jax": 0.1, "flax": 0.15}
"""Each framework's share of --cases: about the size of one round of its generator, so each runs whole rounds."""

GROUPS = (("pytorch", "flax"), ("keras", "tensorflow", "jax"))
"""Frameworks checked in one process; the groups run in parallel (TensorFlow and torch each keep their own process)."""


def check_frameworks(args, frameworks):
    """Generates and checks the cases of these frameworks; returns their results. Deterministic per framework: each has
    its own random stream, seeded by --seed and its name."""
    # Every draw is seeded: torch per application, JAX/Flax by key, Keras and TensorFlow through their global seeds
    # (an unseeded Keras 3 initializer takes its seed from Python's random module when it is made).
    if "keras" in frameworks or "tensorflow" in frameworks:
        import keras
        keras.utils.set_random_seed(args.seed)
    generators = {"pytorch": torch_cases, "keras": keras_cases, "tensorflow": tensorflow_cases, "jax": jax_cases, "flax": flax_cases}
    results = []
    for fw in frameworks:
        rng = random.Random("%d-%s" % (args.seed, fw))
        quota = math.ceil(args.cases * SHARE[fw] / sum(SHARE[f] for f in args.frameworks.split(",")))
        cases = []
        while len(cases) < quota:
            cases.extend(generators[fw](rng))
        fw_started = time.time()
        results.extend(check_cases(args, fw, cases))
        print("%s: %d cases checked in %.0f s" % (fw, len(cases), time.time() - fw_started), file=sys.stderr, flush=True)
    return results


def check_cases(args, fw, cases):
    results = []
    items = list(enumerate(cases))
    for start in range(0, len(items), 150):
        chunk = items[start:start + 150]
        layers = [dict(c.layer, name="c%d" % idx, inputs=["@input"]) for idx, c in chunk]
        report = audit(args.service, args.key, fw, layers)
        by_name = {l["name"]: l for l in report["layers"]}
        for idx, c in chunk:
            params = {p["name"]: p for p in by_name["c%d" % idx]["parameters"]}
            case_started = time.time()
            values = collect(c)
            p = params.get(c.param)
            if p is None:
                results.append({"case": c.label, "framework": fw, "layer": c.layer, "param": c.param, "n": int(values.size),
                                "problems": ["the report has no parameter %s (it has %s)" % (c.param, sorted(params))]})
                continue
            shape = getattr(c, "shape", None)
            problems, mean, std = compare(c, values, p, shape)
            entry = {"case": c.label, "framework": fw, "layer": c.layer, "param": c.param, "n": int(values.size),
                     "framework_std": std, "framework_mean": mean, "service": p.get("declared"), "problems": problems,
                     "seconds": round(time.time() - case_started, 2)}
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
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--service", required=True)
    ap.add_argument("--key")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=1000, help="at least this many cases (each framework runs whole rounds of its generator)")
    ap.add_argument("--frameworks", default="pytorch,keras,tensorflow,jax,flax")
    ap.add_argument("--jobs", type=int, default=2, help="processes (each runs a group of frameworks)")
    ap.add_argument("--out", default="crosscheck-results.json")
    args = ap.parse_args()
    wanted = args.frameworks.split(",")
    groups = [[f for f in g if f in wanted] for g in GROUPS]
    groups = [g for g in groups if g]
    started = time.time()
    if args.jobs > 1 and len(groups) > 1:
        import multiprocessing
        with multiprocessing.get_context("spawn").Pool(min(args.jobs, len(groups))) as pool:
            parts = pool.starmap(check_frameworks, [(args, g) for g in groups])
    else:
        parts = [check_frameworks(args, g) for g in groups]
    results = [r for part in parts for r in part]
    bad = [r for r in results if r["problems"]]
    summary = {"cases": len(results), "disagreements": len(bad), "frameworks": sorted({r["framework"] for r in results}),
               "seconds": round(time.time() - started, 1), "seed": args.seed}
    with open(args.out, "w") as f:
        json.dump({"summary": summary, "results": results}, f, indent=1)
    for r in bad:
        print("DISAGREE %s [%s]: %s" % (r["case"], r["param"], "; ".join(r["problems"])))
    print("%d passed, %d failed" % (len(results) - len(bad), len(bad)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
