"""The described network as torch.nn modules, with the semantics of the service's ND4J builder (channels-first
tensors; linear and layer norm act on axis 1; batch norm in training mode; dropout off). Layer types: those of
io.initaudit.trial.TorchEngine (keep the two in step)."""
import torch
from torch import nn
from torch.nn import functional as F

ACTIVATIONS = {
    "relu": lambda x, p: F.relu(x), "leaky_relu": lambda x, p: F.leaky_relu(x, p), "gelu": lambda x, p: F.gelu(x),
    "silu": lambda x, p: F.silu(x), "mish": lambda x, p: F.mish(x), "tanh": lambda x, p: torch.tanh(x),
    "sigmoid": lambda x, p: torch.sigmoid(x), "selu": lambda x, p: F.selu(x), "elu": lambda x, p: F.elu(x, p),
    "softplus": lambda x, p: F.softplus(x), "softmax": lambda x, p: F.softmax(x, 1), "identity": lambda x, p: x,
}

NORM_EPSILON = 1e-5


def _pad(layer):
    if layer.get("paddingMode") == "same":
        return "same"
    return tuple(layer["padding"]) if layer["padding"] else 0


class Layer(nn.Module):
    """One described layer; its parameters carry the service's names (weight, bias, weight_ih_l0, in_proj_weight, …)."""

    def __init__(self, d, seed):
        super().__init__()
        self.d = d
        t = d["type"]
        k = tuple(d["kernel"]) if d["kernel"] else None
        stride = tuple(d["stride"]) if d["stride"] else 1
        dilation = tuple(d["dilation"]) if d["dilation"] else 1
        cin, cout, g, bias = int(d["in"]), int(d["out"]), int(d["groups"] or 1), bool(d["bias"])
        self.op = None
        if t == "linear":
            self.op = nn.Linear(cin, cout, bias=bias)
        elif t in ("conv1d", "conv2d", "conv3d"):
            cls = {"conv1d": nn.Conv1d, "conv2d": nn.Conv2d, "conv3d": nn.Conv3d}[t]
            self.op = cls(cin, cout, k, stride=stride, padding=_pad(d), dilation=dilation, groups=g, bias=bias)
        elif t in ("conv_transpose1d", "conv_transpose2d"):
            cls = nn.ConvTranspose1d if t.endswith("1d") else nn.ConvTranspose2d
            pad = tuple(d["padding"]) if d["padding"] else 0
            self.op = cls(cin, cout, k, stride=stride, padding=pad, dilation=dilation, groups=g, bias=bias)
        elif t == "embedding":
            self.op = nn.Embedding(int(d["vocabulary"]), cout)
            gen = torch.Generator().manual_seed(int(seed) & 0x7FFF_FFFF)
            self.register_buffer("ids", torch.randint(0, int(d["vocabulary"]), (1, int(d["outputShape"][1])), generator=gen))
        elif t in ("lstm", "gru"):
            cls = nn.LSTM if t == "lstm" else nn.GRU
            self.op = cls(cin, cout, batch_first=True, bias=bias)
        elif t == "multihead_attention":
            self.op = nn.MultiheadAttention(cout, int(d["numHeads"]), bias=bias, batch_first=True)
        elif t == "batch_norm":
            self.weight = nn.Parameter(torch.ones(cin))
            self.bias = nn.Parameter(torch.zeros(cin))
        elif t in ("layer_norm", "group_norm"):
            self.weight = nn.Parameter(torch.ones(cin))
            self.bias = nn.Parameter(torch.zeros(cin))
        elif t == "layer_scale":
            self.gamma = nn.Parameter(torch.ones(cin))

    def params(self):
        """The service's parameter name → tensor."""
        if self.op is not None:
            return dict(self.op.named_parameters())
        return dict(self.named_parameters())

    def forward(self, xs):
        d, t = self.d, self.d["type"]
        x = xs[0]
        if t == "linear":
            y = self.op(x) if x.dim() == 2 else self.op(x.movedim(1, -1)).movedim(-1, 1)
        elif t.startswith("conv"):
            y = self.op(x)
        elif t == "embedding":
            y = self.op(self.ids.expand(x.shape[0], -1)).movedim(-1, 1)
        elif t in ("lstm", "gru"):
            y = self.op(x.movedim(1, -1))[0].movedim(-1, 1)
        elif t == "multihead_attention":
            seq = x.unsqueeze(-1) if x.dim() == 2 else x
            s = seq.movedim(1, -1)
            y = self.op(s, s, s, need_weights=False)[0].movedim(-1, 1)
            y = y.squeeze(-1) if x.dim() == 2 else y
        elif t == "batch_norm":
            dims = [i for i in range(x.dim()) if i != 1]
            mean = x.mean(dims, keepdim=True)
            var = x.var(dims, unbiased=False, keepdim=True)
            y = (x - mean) / torch.sqrt(var + NORM_EPSILON) * _channels(self.weight, x) + _channels(self.bias, x)
        elif t == "layer_norm":
            y = F.layer_norm(x.movedim(1, -1), (x.shape[1],), self.weight, self.bias, NORM_EPSILON).movedim(-1, 1)
        elif t == "group_norm":
            y = F.group_norm(x, int(d["numGroups"]), self.weight, self.bias, NORM_EPSILON)
        elif t == "layer_scale":
            y = x * _channels(self.gamma, x)
        elif t in ACTIVATIONS:
            y = ACTIVATIONS[t](x, float(d["activationParam"]))
        elif t in ("avg_pool1d", "avg_pool2d", "max_pool1d", "max_pool2d"):
            k = tuple(d["kernel"])
            stride = tuple(d["stride"]) if d["stride"] else k
            pad = tuple(d["padding"]) if d["padding"] else 0
            fn = {"avg_pool1d": F.avg_pool1d, "avg_pool2d": F.avg_pool2d, "max_pool1d": F.max_pool1d, "max_pool2d": F.max_pool2d}[t]
            y = fn(x, k, stride, pad)
        elif t in ("zero_pad1d", "zero_pad2d"):
            # the service's (before, after) per spatial axis, first axis first; F.pad takes the last axis first
            sides = [int(v) for v in d["padding"]]
            pairs = [sides[i:i + 2] for i in range(0, len(sides), 2)]
            y = F.pad(x, tuple(v for pair in reversed(pairs) for v in pair))
        elif t == "global_avg_pool":
            y = x.mean(tuple(range(2, x.dim())), keepdim=bool(d.get("keepDims"))) if x.dim() > 2 else x
        elif t == "flatten":
            y = x.reshape(x.shape[0], -1)
        elif t == "dropout":
            y = x
        elif t == "add":
            y = xs[0]
            for other in xs[1:]:
                y = y + other
        elif t == "concat":
            y = torch.cat(xs, 1)
        else:
            raise ValueError("layer type %s is not built by the torch worker" % t)
        act = d.get("activation")
        if act and t not in ACTIVATIONS:
            y = ACTIVATIONS[act](y, float(d["activationParam"]))
        return y


def _channels(v, x):
    return v.reshape([1, -1] + [1] * (x.dim() - 2))


class Network(nn.Module):
    """The layers in order; each reads its named inputs (@input: the model's input)."""

    def __init__(self, model, seed):
        super().__init__()
        self.descs = model["layers"]
        self.layers = nn.ModuleList([Layer(d, seed + i) for i, d in enumerate(self.descs)])

    def forward(self, x):
        outs = {"@input": x}
        last = x
        for d, layer in zip(self.descs, self.layers):
            names = d["inputs"]
            last = layer([outs[n] for n in names] if names else [last])
            outs[d["name"]] = last
        return last

    def parameter(self, layer_name, param_name):
        for d, layer in zip(self.descs, self.layers):
            if d["name"] == layer_name:
                return layer.params()[param_name]
        raise KeyError("%s.%s" % (layer_name, param_name))
