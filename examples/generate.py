#!/usr/bin/env python3
"""Writes the example model descriptions in this folder (standard library only).

Run `python3 examples/generate.py` after changing it; the JSON files are committed and served by
GET /api/v1/examples. Each network follows its source: the seed articles (depthwise init, TF truncated
normal, Keras->PyTorch port, Xception, DO-Conv) and how torchvision / timm initialize common models.
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))

TORCHVISION_CONV = "torch.nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')"


def write(name, model):
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(model, f, indent=2)
        f.write("\n")


def convnext_block():
    layers = [{"name": "stem", "type": "conv2d", "in_channels": 3, "out_channels": 96, "kernel_size": 4, "stride": 4,
               "init": "timm.layers.trunc_normal_(m.weight, std=.02)"},
              {"name": "stem_norm", "type": "layer_norm", "normalized_shape": 96}]
    prev = "stem_norm"
    for b in range(2):
        p = f"block{b}_"
        layers += [
            {"name": p + "dw", "type": "conv2d", "in_channels": 96, "out_channels": 96, "kernel_size": 7, "padding": 3, "groups": 96,
             "inputs": [prev], "init": "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')"},
            {"name": p + "norm", "type": "layer_norm", "normalized_shape": 96},
            {"name": p + "pw1", "type": "linear", "in_features": 96, "out_features": 384, "activation": "gelu",
             "init": "timm.layers.trunc_normal_(w, std=.02)"},
            {"name": p + "pw2", "type": "linear", "in_features": 384, "out_features": 96,
             "init": "timm.layers.trunc_normal_(w, std=.02)"},
            {"name": p + "gamma", "type": "layer_scale", "init_value": 1e-6},
            {"name": p + "res", "type": "add", "inputs": [p + "gamma", prev]},
        ]
        prev = p + "res"
    return {"name": "convnext-block", "framework": "pytorch",
            "description": "ConvNeXt-style stage: 7x7 depthwise convs initialized with kaiming_normal_(mode='fan_out'), "
                           "which ignores groups (std 0.0206 instead of 0.202), and timm's trunc_normal_(std=.02), whose bounds are absolute.",
            "input": {"shape": [3, 224, 224]}, "layers": layers}


def relu_cnn_24():
    layers = []
    cin = 3
    for i in range(24):
        std = f"math.sqrt(2 / (3 * 3 * {cin}))"
        layers.append({"name": f"conv{i + 1}", "type": "conv2d", "in_channels": cin, "out_channels": 64, "kernel_size": 3,
                       "padding": "same", "activation": "relu",
                       "init": f"tf.initializers.truncated_normal(mean=0.0, stddev={std})",
                       "intent": {"scheme": "he", "mode": "fan_in"}})
        cin = 64
    layers += [{"name": "pool", "type": "global_avg_pool"},
               {"name": "logits", "type": "linear", "in_features": 64, "out_features": 10, "init": "he_normal"}]
    return {"name": "relu-cnn-24-truncated-normal", "framework": "tensorflow",
            "description": "24-layer ReLU CNN from the TF truncated-normal article: truncated_normal(stddev=sqrt(2/fan_in)) "
                           "meant as He init, but the stddev is the pre-truncation sigma, so every layer is 0.88x He.",
            "input": {"shape": [3, 32, 32]}, "layers": layers}


def keras_port_bilstm(framework):
    keras = framework == "keras"
    layers = [
        {"name": "conv", "type": "conv1d", "in_channels": 16, "out_channels": 64, "kernel_size": 5},
        {"name": "bn", "type": "batch_norm"},
        {"name": "lstm", "type": "lstm", "hidden_size": 64, "bidirectional": True},
        {"name": "dense", "type": "linear", "out_features": 10},
        {"name": "dropout", "type": "dropout", "p": 0.2},
        {"name": "softmax", "type": "softmax"},
    ]
    if keras:
        layers[3]["init"] = "truncated_normal"
    return {"name": "bilstm-" + ("keras" if keras else "pytorch-port"), "framework": framework,
            "description": ("Conv1D + BatchNorm + BiLSTM + Dense as written in Keras (glorot_uniform, orthogonal, unit forget bias, "
                            "truncated_normal Dense)." if keras else
                            "The same network ported to PyTorch with its defaults: kaiming_uniform(a=sqrt(5)), U(+-1/sqrt(H)) LSTM, "
                            "forget bias 0 - the port that converged with Adam but not with RMSprop."),
            "input": {"shape": [16, 128]}, "layers": layers}


def xception_middle_flow():
    layers = []
    prev = "@input"
    for b in range(2):
        p = f"block{b}_"
        for i in range(3):
            layers += [
                {"name": f"{p}relu{i}", "type": "relu", "inputs": [prev if i == 0 else f"{p}bn{i - 1}"]},
                {"name": f"{p}sepconv{i}", "type": "separable_conv2d", "filters": 728, "kernel_size": 3, "padding": "same",
                 "bias": False},
                {"name": f"{p}bn{i}", "type": "batch_norm"},
            ]
        layers.append({"name": p + "add", "type": "add", "inputs": [f"{p}bn2", prev]})
        prev = p + "add"
    return {"name": "xception-middle-flow", "framework": "keras",
            "description": "Two Xception middle-flow blocks with Keras defaults: glorot_uniform on the depthwise kernel counts "
                           "all 728 input channels in fan_in.",
            "input": {"shape": [728, 19, 19]}, "layers": layers}


def doconv_net():
    layers = [
        {"name": "doconv1", "type": "do_conv2d", "in_channels": 3, "out_channels": 64, "kernel_size": 3, "padding": 1, "d_mul": 16,
         "activation": "relu"},
        {"name": "doconv2", "type": "do_conv2d", "in_channels": 64, "out_channels": 128, "kernel_size": 3, "padding": 1, "d_mul": 16,
         "activation": "relu"},
        {"name": "doconv3", "type": "do_conv2d", "in_channels": 128, "out_channels": 128, "kernel_size": 3, "padding": 1,
         "activation": "relu"},
        {"name": "pool", "type": "global_avg_pool"},
        {"name": "fc", "type": "linear", "in_features": 128, "out_features": 10},
    ]
    return {"name": "doconv-net", "framework": "pytorch",
            "description": "DO-Conv layers with D_mul=16 > M*N=9: W is initialized with fan_in (Cin/g)*D_mul.",
            "input": {"shape": [3, 32, 32]}, "layers": layers}


def conv_bn(layers, name, cin, cout, k, s, groups=1, relu=True, inputs=None):
    layer = {"name": name, "type": "conv2d", "in_channels": cin, "out_channels": cout, "kernel_size": k, "stride": s,
             "padding": k // 2, "groups": groups, "bias": False, "init": TORCHVISION_CONV}
    if inputs:
        layer["inputs"] = inputs
    layers.append(layer)
    layers.append({"name": name + "_bn", "type": "batch_norm"})
    if relu:
        layers.append({"name": name + "_relu", "type": "relu"})
    return layers[-1]["name"]


def mobilenet_v2():
    layers = []
    prev = conv_bn(layers, "stem", 3, 32, 3, 2)
    cin = 32
    settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
    idx = 0
    for t, c, n, s in settings:
        for i in range(n):
            stride = s if i == 0 else 1
            hidden = cin * t
            p = f"ir{idx}_"
            x = prev
            if t != 1:
                x = conv_bn(layers, p + "expand", cin, hidden, 1, 1, inputs=[x])
            x = conv_bn(layers, p + "dw", hidden, hidden, 3, stride, groups=hidden, inputs=[x])
            x = conv_bn(layers, p + "project", hidden, c, 1, 1, relu=False, inputs=[x])
            if stride == 1 and cin == c:
                layers.append({"name": p + "add", "type": "add", "inputs": [x, prev]})
                x = p + "add"
            prev = x
            cin = c
            idx += 1
    conv_bn(layers, "last", cin, 1280, 1, 1, inputs=[prev])
    layers += [{"name": "pool", "type": "global_avg_pool"}, {"name": "dropout", "type": "dropout", "p": 0.2},
               {"name": "classifier", "type": "linear", "in_features": 1280, "out_features": 1000,
                "init": "torch.nn.init.normal_(m.weight, 0, 0.01)", "bias_init": "torch.nn.init.zeros_(m.bias)"}]
    return {"name": "mobilenetv2", "framework": "pytorch",
            "description": "MobileNetV2 as torchvision initializes it: kaiming_normal_(mode='fan_out') on every conv, depthwise "
                           "included, so the depthwise convs get std sqrt(2/(9*C)) instead of sqrt(2/9).",
            "input": {"shape": [3, 224, 224]}, "layers": layers}


def resnet50():
    layers = []
    prev = conv_bn(layers, "conv1", 3, 64, 7, 2)
    layers.append({"name": "maxpool", "type": "max_pool2d", "kernel_size": 3, "stride": 2, "padding": 1})
    prev = "maxpool"
    cin = 64
    for stage, (blocks, width, stride) in enumerate([(3, 64, 1), (4, 128, 2), (6, 256, 2), (3, 512, 2)]):
        for b in range(blocks):
            s = stride if b == 0 else 1
            p = f"layer{stage + 1}_{b}_"
            x = conv_bn(layers, p + "conv1", cin, width, 1, 1, inputs=[prev])
            x = conv_bn(layers, p + "conv2", width, width, 3, s, inputs=[x])
            x = conv_bn(layers, p + "conv3", width, width * 4, 1, 1, relu=False, inputs=[x])
            skip = prev
            if b == 0:
                skip = conv_bn(layers, p + "downsample", cin, width * 4, 1, s, relu=False, inputs=[prev])
            layers.append({"name": p + "add", "type": "add", "inputs": [x, skip]})
            layers.append({"name": p + "relu", "type": "relu"})
            prev = p + "relu"
            cin = width * 4
    layers += [{"name": "avgpool", "type": "global_avg_pool"},
               {"name": "fc", "type": "linear", "in_features": 2048, "out_features": 1000}]
    return {"name": "resnet50", "framework": "pytorch",
            "description": "ResNet-50 as torchvision initializes it: kaiming_normal_(mode='fan_out', nonlinearity='relu') on convs, "
                           "BatchNorm 1/0, the fc layer at PyTorch's default.",
            "input": {"shape": [3, 224, 224]}, "layers": layers}


def vit_block():
    init = "torch.nn.init.trunc_normal_(m.weight, std=.02)"
    layers = [
        {"name": "norm1", "type": "layer_norm", "normalized_shape": 768},
        {"name": "qkv", "type": "linear", "in_features": 768, "out_features": 2304, "init": init, "bias_init": "zeros_"},
        {"name": "proj", "type": "linear", "in_features": 2304, "out_features": 768, "init": init, "bias_init": "zeros_"},
        {"name": "res1", "type": "add", "inputs": ["proj", "@input"]},
        {"name": "norm2", "type": "layer_norm", "normalized_shape": 768},
        {"name": "fc1", "type": "linear", "in_features": 768, "out_features": 3072, "activation": "gelu", "init": init, "bias_init": "zeros_"},
        {"name": "fc2", "type": "linear", "in_features": 3072, "out_features": 768, "init": init, "bias_init": "zeros_"},
        {"name": "res2", "type": "add", "inputs": ["fc2", "res1"]},
    ]
    return {"name": "vit-block", "framework": "pytorch",
            "description": "A ViT-B/16 encoder block as timm initializes it: trunc_normal_(std=.02) on every Linear "
                           "(absolute bounds +-2: nothing is truncated), no residual scaling. The attention product is left out "
                           "(it has no parameters); qkv stands for the fused projection.",
            "input": {"shape": [768, 197]}, "layers": layers}


def multihead_attention():
    return {"name": "multihead-attention", "framework": "pytorch",
            "description": "nn.MultiheadAttention with its defaults: xavier_uniform_ on the fused in_proj_weight [3E, E] counts "
                           "3E as fan_out (x1/sqrt(2) per projection); out_proj keeps Linear's default.",
            "input": {"shape": [512, 64]},
            "layers": [{"name": "attn", "type": "multihead_attention", "embed_dim": 512, "num_heads": 8}]}


def bars_cnn():
    return {"name": "bars-cnn", "framework": "pytorch",
            "description": "A small conv net with a depthwise layer for trials on synthetic-bars (1x16x16, 10 classes): "
                           "the depthwise conv uses kaiming_normal_(mode='fan_out'), 4x too small on 16 channels.",
            "input": {"shape": [1, 16, 16]},
            "layers": [
                {"name": "conv", "type": "conv2d", "in_channels": 1, "out_channels": 16, "kernel_size": 3, "padding": 1,
                 "activation": "relu", "init": "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')"},
                {"name": "dw", "type": "conv2d", "in_channels": 16, "out_channels": 16, "kernel_size": 3, "padding": 1, "groups": 16,
                 "activation": "relu", "init": "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')"},
                {"name": "pw", "type": "conv2d", "in_channels": 16, "out_channels": 32, "kernel_size": 1, "activation": "relu",
                 "init": "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')"},
                {"name": "pool", "type": "global_avg_pool"},
                {"name": "head", "type": "linear", "in_features": 32, "out_features": 10}]}


def spirals_mlp():
    # nn.Linear's default (reset_parameters: kaiming_uniform_(a=sqrt(5)), weight variance 1/(3 fan_in)) before ReLU:
    # each of the 8 hidden layers keeps 1/6 of the signal's second moment.
    layers = []
    width, cin = 64, 2
    for i in range(8):
        layers.append({"name": "fc%d" % i, "type": "linear", "in_features": cin, "out_features": width, "activation": "relu"})
        cin = width
    layers.append({"name": "head", "type": "linear", "in_features": width, "out_features": 3})
    return {"name": "spirals-mlp", "framework": "pytorch",
            "description": "An 8-layer ReLU MLP on 2-D points for trials on the spirals task (3 classes) at PyTorch's nn.Linear "
                           "default, which keeps 1/6 of the signal per layer where He keeps all of it.",
            "input": {"shape": [2]}, "layers": layers}


if __name__ == "__main__":
    write("spirals-mlp", spirals_mlp())
    write("bars-cnn", bars_cnn())
    write("convnext-block", convnext_block())
    write("relu-cnn-24-truncated-normal", relu_cnn_24())
    write("bilstm-keras", keras_port_bilstm("keras"))
    write("bilstm-pytorch-port", keras_port_bilstm("pytorch"))
    write("xception-middle-flow", xception_middle_flow())
    write("doconv-net", doconv_net())
    write("mobilenetv2", mobilenet_v2())
    write("resnet50", resnet50())
    write("vit-block", vit_block())
    write("multihead-attention", multihead_attention())
