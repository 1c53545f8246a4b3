#!/usr/bin/env python3
"""Export a PyTorch model's layers and initial weight statistics for InitAudit.

Walks the leaf modules of an ``nn.Module`` in registration order and writes a manifest: each module's class,
its sizes (channels, kernel, groups, ...) and, for every parameter, shape, count, mean, std, min and max as
initialized. Nothing is pickled or unpickled, and no weights leave the machine - only these statistics.

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
VERSION = 1

CONFIG_FIELDS = (
    "in_channels", "out_channels", "in_features", "out_features", "kernel_size", "stride", "padding", "dilation",
    "groups", "num_embeddings", "embedding_dim", "input_size", "hidden_size", "num_layers", "bidirectional",
    "num_features", "normalized_shape", "num_groups", "num_channels", "embed_dim", "num_heads", "negative_slope",
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
    }


def export(model, name=None):
    """Returns the manifest of ``model`` (an ``nn.Module``) as a dict."""
    import torch

    modules = []
    for module_name, module in model.named_modules():
        if any(True for _ in module.children()):
            continue
        config = {}
        for field in CONFIG_FIELDS:
            if hasattr(module, field):
                config[field] = _plain(getattr(module, field))
        if hasattr(module, "bias") and not isinstance(getattr(module, "bias"), bool):
            config["bias"] = getattr(module, "bias") is not None
        parameters = {p_name: _stats(p) for p_name, p in module.named_parameters(recurse=False)}
        modules.append({"name": module_name or type(module).__name__, "class": type(module).__name__, "config": config,
                        "parameters": parameters})
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
