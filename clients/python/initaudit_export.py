#!/usr/bin/env python3
"""Export a PyTorch model's layers and initial weight statistics for InitAudit.

Walks the module tree of an ``nn.Module`` in registration order and writes a manifest: every module that holds
parameters of its own (leaf or not: ``cls_token``, ``pos_embed``, a block's ``gamma`` are kept), its class (the
``torch.nn`` class it derives from, and its own), its sizes (channels, kernel, groups, ...) and, for every
parameter, shape, count, mean, std, min, max, excess kurtosis and (for matrices) whether it is orthonormal up to a
gain, as initialized. ``nn.MultiheadAttention`` is written as one module with all its parameters. Nothing is
pickled or unpickled, and no weights leave the machine - only these statistics.

    from initaudit_export import export
    manifest = export(torchvision.models.mobilenet_v2())          # a dict
    json.dump(manifest, open("mobilenet_v2.manifest.json", "w"))

Then audit it:

    curl -s -X POST "http://localhost:8080/api/v1/audits?source=torch" \
         -H 'Content-Type: application/json' -d @mobilenet_v2.manifest.json

Or from the command line, for a model importable as ``module:factory``:

    python3 initaudit_export.py torchvision.models:mobilenet_v2 > manifest.json

Needs only the standard library and torch.
"""
import importlib
import json
import sys

FORMAT = "initaudit.torch-manifest"
VERSION = 2

# Modules written as one, with all their parameters (dotted names), instead of their children.
COMPOSITE = ("MultiheadAttention",)

CONFIG_FIELDS = (
    "in_channels", "out_channels", "in_features", "out_features", "kernel_size", "stride", "padding", "dilation",
    "groups", "num_embeddings", "embedding_dim", "input_size", "hidden_size", "num_layers", "bidirectional",
    "num_features", "normalized_shape", "num_groups", "num_channels", "embed_dim", "num_heads", "negative_slope", "affine",
    "elementwise_affine", "kdim", "vdim",
)


def _plain(value):
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return str(value)


def _stats(tensor):
    import torch

    t = tensor.detach().to(dtype=torch.float64).flatten()
    n = t.numel()
    if n == 0:
        return {"shape": list(tensor.shape), "count": 0}
    return {
        "shape": list(tensor.shape),
        "count": n,
        "mean": t.mean().item(),
        "std": t.std(unbiased=False).item() if n > 1 else 0.0,
        "min": t.min().item(),
        "max": t.max().item(),
        "kurtosis": _kurtosis(t),
        **({"orthonormal": _orthonormal(tensor)} if tensor.dim() >= 2 else {}),
    }


def _kurtosis(t):
    c = t - t.mean()
    m2 = (c * c).mean().item()
    return (c ** 4).mean().item() / (m2 * m2) - 3.0 if m2 > 0 else None


def _orthonormal(tensor, limit=4096):
    """Whether the (rows, rest) matrix has orthonormal rows or columns up to one gain, as orthogonal_ writes it."""
    import torch

    w = tensor.detach().to(dtype=torch.float64).reshape(tensor.shape[0], -1)
    if min(w.shape) > limit or w.numel() == 0:
        return None
    g = w @ w.T if w.shape[0] <= w.shape[1] else w.T @ w
    scale = g.diagonal().mean()
    if scale <= 0:
        return False
    return bool((g / scale - torch.eye(g.shape[0], dtype=g.dtype)).abs().max().item() < 1e-3)


def _torch_class(module):
    """The torch.nn class the module is or derives from (NonDynamicallyQuantizableLinear -> Linear)."""
    import torch.nn as nn

    for cls in type(module).__mro__:
        if cls.__module__.startswith("torch.nn.modules") and cls is not nn.Module and getattr(nn, cls.__name__, None) is cls:
            return cls.__name__
    return type(module).__name__


def export(model, name=None):
    """Returns the manifest of ``model`` (an ``nn.Module``) as a dict."""
    import torch

    modules = []
    inside = []
    for module_name, module in model.named_modules():
        if any(module_name.startswith(p + ".") for p in inside):
            continue
        cls = _torch_class(module)
        composite = cls in COMPOSITE
        if composite:
            inside.append(module_name)
        own = list(module.named_parameters(recurse=composite))
        has_children = any(True for _ in module.children())
        if has_children and not composite and not own:
            continue
        config = {}
        for field in CONFIG_FIELDS:
            if hasattr(module, field):
                config[field] = _plain(getattr(module, field))
        if hasattr(module, "bias") and not isinstance(getattr(module, "bias"), bool):
            config["bias"] = getattr(module, "bias") is not None
        elif hasattr(module, "in_proj_bias"):  # nn.MultiheadAttention(bias=False)
            config["bias"] = getattr(module, "in_proj_bias") is not None
        entry = {"name": module_name or type(module).__name__, "class": cls, "config": config,
                 "parameters": {p_name: _stats(p) for p_name, p in own}}
        if cls != type(module).__name__:
            entry["pyclass"] = type(module).__module__ + "." + type(module).__qualname__
        if has_children and not composite:
            entry["container"] = True
        modules.append(entry)
    return {
        "format": FORMAT,
        "version": VERSION,
        "model": name or type(model).__name__,
        "torch": torch.__version__,
        "modules": modules,
    }


def main(argv):
    if len(argv) != 2 or ":" not in argv[1]:
        sys.stderr.write("usage: initaudit_export.py package.module:factory > manifest.json\n")
        return 2
    module_name, factory = argv[1].split(":", 1)
    model = getattr(importlib.import_module(module_name), factory)()
    json.dump(export(model, name=factory), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
