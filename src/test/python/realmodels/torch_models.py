"""Real torch models for the importer tests (RealTorchModelsIntegrationTests): transformers models built from small
configs (no weights: their own _init_weights runs), torchvision-style modules written here with torchvision's init
code (torchvision's native ops do not load on this machine), and the cases the seeds and the README name.

    python3 torch_models.py OUT_DIR      writes OUT_DIR/<name>.manifest.json (clients/python/initaudit_export.py) and
                                         OUT_DIR/<name>.params.json (every trainable parameter: full name -> shape)
"""
import json
import os
import sys

import torch
import torch.nn as nn

def bert():
    from transformers import BertConfig, BertModel
    return BertModel(BertConfig(num_hidden_layers=2, hidden_size=256, num_attention_heads=4, intermediate_size=1024))

def gpt2():
    from transformers import GPT2Config, GPT2Model
    return GPT2Model(GPT2Config(n_layer=2, n_embd=256, n_head=4))

def vit():
    from transformers import ViTConfig, ViTModel
    return ViTModel(ViTConfig(num_hidden_layers=2, hidden_size=192, num_attention_heads=3, intermediate_size=768, image_size=64, patch_size=16))

def convnext():
    from transformers import ConvNextConfig, ConvNextModel
    return ConvNextModel(ConvNextConfig(depths=[1, 1, 1, 1], hidden_sizes=[32, 64, 128, 256]))

def resnet():
    from transformers import ResNetConfig, ResNetModel
    return ResNetModel(ResNetConfig(depths=[1, 1, 1, 1], hidden_sizes=[64, 128, 256, 512], embedding_size=64, layer_type="bottleneck"))

def mobilenetv2():
    from transformers import MobileNetV2Config, MobileNetV2Model
    return MobileNetV2Model(MobileNetV2Config(depth_multiplier=0.35))

def swin():
    from transformers import SwinConfig, SwinModel
    return SwinModel(SwinConfig(image_size=64, patch_size=4, embed_dim=32, depths=[1, 1], num_heads=[2, 4], window_size=4))

class TvMobileNetV2Block(nn.Module):
    """torchvision's MobileNetV2 init: kaiming_normal_(fan_out) on every conv, depthwise included (the real bug)."""
    def __init__(self, c=32, t=6):
        super().__init__()
        h = c * t
        self.conv = nn.Sequential(nn.Conv2d(c, h, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU6(inplace=True),
                                  nn.Conv2d(h, h, 3, padding=1, groups=h, bias=False), nn.BatchNorm2d(h), nn.ReLU6(inplace=True),
                                  nn.Conv2d(h, c, 1, bias=False), nn.BatchNorm2d(c))
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight); nn.init.zeros_(m.bias)
    def forward(self, x):
        return x + self.conv(x)

def tv_mobilenetv2():
    return nn.Sequential(nn.Conv2d(3, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU6(), TvMobileNetV2Block(), TvMobileNetV2Block())

class TvBottleneck(nn.Module):
    def __init__(self, c=64, zero_init_residual=True):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c // 4, 1, bias=False); self.bn1 = nn.BatchNorm2d(c // 4)
        self.conv2 = nn.Conv2d(c // 4, c // 4, 3, padding=1, bias=False); self.bn2 = nn.BatchNorm2d(c // 4)
        self.conv3 = nn.Conv2d(c // 4, c, 1, bias=False); self.bn3 = nn.BatchNorm2d(c)
        self.relu = nn.ReLU(inplace=True)
    def forward(self, x):
        return self.relu(x + self.bn3(self.conv3(self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))))))

def tv_resnet():
    m = nn.Sequential(nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), TvBottleneck(), TvBottleneck(),
                      nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))
    for mod in m.modules():
        if isinstance(mod, nn.Conv2d):
            nn.init.kaiming_normal_(mod.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(mod, nn.BatchNorm2d):
            nn.init.constant_(mod.weight, 1); nn.init.constant_(mod.bias, 0)
    for mod in m.modules():
        if isinstance(mod, TvBottleneck):
            nn.init.constant_(mod.bn3.weight, 0)
    return m

def transformer_layer():
    return nn.TransformerEncoder(nn.TransformerEncoderLayer(128, 4, 512, batch_first=True), 2, enable_nested_tensor=False)

def lstm():
    return nn.Sequential(nn.Embedding(1000, 64), nn.LSTM(64, 128, num_layers=2, batch_first=True))

def headline():
    """The README's headline case: kaiming_normal_(fan_out, linear) on a 7x7 depthwise conv of 128 channels."""
    m = nn.Sequential(nn.Conv2d(128, 128, 7, padding=3, groups=128), nn.Conv2d(128, 256, 1))
    nn.init.kaiming_normal_(m[0].weight, mode="fan_out", nonlinearity="linear")
    return m

def identity_before_relu():
    """nn.Identity placeholders (drop_path, timm's norm slots) are not activations: the ReLU after one follows the conv."""
    m = nn.Sequential(nn.Conv2d(64, 64, 3, padding=1), nn.Identity(), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1), nn.Identity(), nn.ReLU())
    for c in (m[0], m[3]):
        nn.init.kaiming_normal_(c.weight, nonlinearity="relu")
        nn.init.zeros_(c.bias)
    return m


ALL = ["bert", "gpt2", "vit", "convnext", "resnet", "mobilenetv2", "swin", "tv_mobilenetv2", "tv_resnet", "transformer_layer", "lstm", "headline",
       "identity_before_relu"]


def main(out):
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "clients", "python"))
    from initaudit_export import export

    os.makedirs(out, exist_ok=True)
    for name in ALL:
        torch.manual_seed(0)
        model = globals()[name]()
        with open(os.path.join(out, name + ".manifest.json"), "w") as f:
            json.dump(export(model, name=name), f)
        with open(os.path.join(out, name + ".params.json"), "w") as f:
            json.dump({n: list(p.shape) for n, p in model.named_parameters() if p.requires_grad}, f)


if __name__ == "__main__":
    main(sys.argv[1])
