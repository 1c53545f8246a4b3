"""Initial weights as the service describes them: the user's own torch.nn.init call, or a law to draw.

Every parameter comes with its seed; the generator is seeded with it before the parameter is written, so a run is
reproducible. A call is data (a function name from a fixed list and literal arguments): nothing is evaluated.
"""
import math

import torch

FUNCTIONS = {
    "kaiming_normal_", "kaiming_uniform_", "xavier_normal_", "xavier_uniform_", "normal_", "uniform_", "trunc_normal_",
    "constant_", "zeros_", "ones_", "orthogonal_",
}
"""The torch.nn.init functions a job may name (io.initaudit.semantics.TorchCall.FUNCTIONS holds the same list)."""


def apply(tensor, spec):
    """Writes one parameter: spec = {"seed", "law": {...}, "call": {"function", "args", "kwargs"} | absent}."""
    torch.manual_seed(int(spec["seed"]) & 0xFFFF_FFFF_FFFF_FFFF)
    with torch.no_grad():
        call = spec.get("call")
        if call is not None and call.get("function") in FUNCTIONS:
            fn = getattr(torch.nn.init, call["function"])
            fn(tensor, *call.get("args", []), **call.get("kwargs", {}))
            return "torch.nn.init." + call["function"]
        draw(tensor, spec["law"])
        return spec["law"]["family"]


def draw(tensor, law):
    """Fills the tensor with a draw of the law (the families of io.initaudit.core.Family)."""
    family = law["family"]
    mean, std = float(law["mean"]), float(law["std"])
    lower, upper = law.get("lower"), law.get("upper")
    if family == "normal":
        tensor.normal_(mean, std)
    elif family == "uniform":
        tensor.uniform_(float(lower), float(upper))
    elif family in ("truncated_normal", "truncated_normal_redraw_once"):
        # N(mu, sigma) restricted to [lower, upper]; the parent's location is the centre for the symmetric laws the
        # service writes (an asymmetric one keeps its mean approximately).
        sigma = float(law.get("paramStd") or std)
        centre = 0.5 * (float(lower) + float(upper))
        mu = centre if abs(mean - centre) < 1e-12 * max(1.0, abs(centre)) else mean
        torch.nn.init.trunc_normal_(tensor, mean=mu, std=sigma, a=float(lower), b=float(upper))
    elif family in ("fmod_normal", "remainder_normal"):
        scale = float(law["paramStd"])
        z = torch.randn(tensor.shape)
        m = float(law["modulus"])
        folded = torch.fmod(z, m) if family == "fmod_normal" else torch.remainder(z, m)
        tensor.copy_(folded * scale)
    elif family == "orthogonal":
        rows, cols = int(law["rows"]), int(law["cols"])
        gain = float(upper)
        flat = torch.empty(rows, cols)
        torch.nn.init.orthogonal_(flat, gain=gain)
        tensor.copy_(flat.reshape(tensor.shape))
    elif family == "constant":
        tensor.fill_(mean)
    elif family == "forget_gate_constant":
        blocks = int(round(float(law["modulus"])))
        n = tensor.numel()
        block = n // blocks
        flat = torch.full((n,), float(lower))  # the other gates; the forget gate (the second block) holds upper
        flat[block:2 * block] = float(upper)
        tensor.copy_(flat.reshape(tensor.shape))
    else:
        raise ValueError("unknown law family %r" % family)
    if not math.isfinite(float(tensor.abs().max())):
        raise ValueError("the %s law wrote non-finite values" % family)
