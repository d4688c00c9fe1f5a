"""dlib's ResNet-29 face encoder (dlib_face_recognition_resnet_model_v1) in PyTorch, loaded from the
same TF.js weights the served ONNX encoder is converted from (@vladmandic/face-api 1.7.15,
model/face_recognition_model-weights_manifest.json + .bin), de-quantised exactly as TF.js and
models/faces/build/tfjs-weights.ts do (q * scale + min in float64, stored as float32).

The topology mirrors models/faces/build/dlib-resnet.ts (face-api's FaceRecognitionNet): conv +
per-channel scale/shift (dlib's affine layer), 'valid' strided convolutions, 2x2 average-pool
shortcuts zero-padded in channels (and by one row/column when the strided conv comes out smaller),
global mean, a 256x128 matrix without bias. Input: NHWC float 0..255 (the served contract);
normalisation (x - mean) / 255 is inside forward().

For fine-tuning the model splits into trunk(x) -> [N,256,4,4] (everything before the last residual
block, frozen) and head(features) -> [N,128] (block conv256_down_out + mean + fc)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN_RGB = (122.782, 117.001, 104.298)
DIVISOR = 255.0
REPO_ROOT = Path(__file__).resolve().parents[3]
WEIGHTS = REPO_ROOT / "node_modules" / "@vladmandic" / "face-api" / "model" / "face_recognition_model-weights_manifest.json"


def load_tfjs_weights(manifest: Path = WEIGHTS) -> Dict[str, np.ndarray]:
    groups = json.loads(Path(manifest).read_text())
    out: Dict[str, np.ndarray] = {}
    for g in groups:
        buf = b"".join((Path(manifest).parent / p).read_bytes() for p in g["paths"])
        off = 0
        for spec in g["weights"]:
            n = int(np.prod(spec["shape"])) if spec["shape"] else 1
            q = spec.get("quantization")
            if q and q["dtype"] in ("uint8", "uint16"):
                dt = np.uint8 if q["dtype"] == "uint8" else np.dtype("<u2")
                raw = np.frombuffer(buf, dtype=dt, count=n, offset=off)
                off += n * raw.itemsize
                v = (raw.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32)
            elif q and q["dtype"] == "float16":
                v = np.frombuffer(buf, dtype="<f2", count=n, offset=off).astype(np.float32)
                off += 2 * n
            elif spec["dtype"] == "float32":
                v = np.frombuffer(buf, dtype="<f4", count=n, offset=off).copy()
                off += 4 * n
            else:
                raise ValueError(f"{spec['name']}: unsupported {spec}")
            out[spec["name"]] = v.reshape(spec["shape"])
        if off != len(buf):
            raise ValueError(f"weights use {off} of {len(buf)} bytes")
    return out


class ConvLayer(nn.Module):
    def __init__(self, ci: int, co: int, k: int, stride: int, relu: bool, same: bool):
        super().__init__()
        self.conv = nn.Conv2d(ci, co, k, stride, padding=(k - 1) // 2 if same else 0)
        self.scale = nn.Parameter(torch.ones(co))
        self.shift = nn.Parameter(torch.zeros(co))
        self.relu = relu
        self.folded = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.conv(x)
        if not self.folded:
            y = y * self.scale[:, None, None] + self.shift[:, None, None]
        return F.relu(y) if self.relu else y

    @torch.no_grad()
    def fold_(self) -> None:
        """conv(x, W) * s + t == conv(x, W * s) + (b * s + t): one Conv in the exported graph, as
        models/faces/build/dlib-resnet.ts builds it, so int8 QDQ fuses it into QLinearConv."""
        if self.folded:
            return
        self.conv.weight.mul_(self.scale[:, None, None, None])
        self.conv.bias.copy_(self.conv.bias * self.scale + self.shift)
        self.scale.fill_(1.0)
        self.shift.zero_()
        self.folded = True

    def load(self, w: Dict[str, np.ndarray], prefix: str) -> None:
        f = torch.from_numpy(w[f"{prefix}/conv/filters"])  # HWIO
        self.conv.weight.data.copy_(f.permute(3, 2, 0, 1))
        self.conv.bias.data.copy_(torch.from_numpy(w[f"{prefix}/conv/bias"]))
        self.scale.data.copy_(torch.from_numpy(w[f"{prefix}/scale/weights"]))
        self.shift.data.copy_(torch.from_numpy(w[f"{prefix}/scale/biases"]))


class Residual(nn.Module):
    def __init__(self, c: int):
        super().__init__()
        self.conv1 = ConvLayer(c, c, 3, 1, True, True)
        self.conv2 = ConvLayer(c, c, 3, 1, False, True)

    def forward(self, x):
        return F.relu(self.conv2(self.conv1(x)) + x)

    def load(self, w, prefix):
        self.conv1.load(w, f"{prefix}/conv1")
        self.conv2.load(w, f"{prefix}/conv2")


class ResidualDown(nn.Module):
    def __init__(self, ci: int, co: int):
        super().__init__()
        self.conv1 = ConvLayer(ci, co, 3, 2, True, False)
        self.conv2 = ConvLayer(co, co, 3, 1, False, True)
        self.extra = co - ci

    def forward(self, x):
        b = self.conv2(self.conv1(x))
        pooled = F.avg_pool2d(x, 2, 2)
        grow = pooled.shape[-1] - b.shape[-1]
        if grow:
            b = F.pad(b, (0, grow, 0, grow))
        if self.extra:
            pooled = F.pad(pooled, (0, 0, 0, 0, 0, self.extra))
        return F.relu(pooled + b)

    def load(self, w, prefix):
        self.conv1.load(w, f"{prefix}/conv1")
        self.conv2.load(w, f"{prefix}/conv2")


class DlibTrunk(nn.Module):
    """Image (NHWC 0..255) -> [N,256,4,4], the input of the last residual block."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor(MEAN_RGB).view(1, 3, 1, 1))
        self.conv32_down = ConvLayer(3, 32, 7, 2, True, False)
        self.blocks = nn.ModuleDict({
            "conv32_1": Residual(32), "conv32_2": Residual(32), "conv32_3": Residual(32),
            "conv64_down": ResidualDown(32, 64), "conv64_1": Residual(64), "conv64_2": Residual(64), "conv64_3": Residual(64),
            "conv128_down": ResidualDown(64, 128), "conv128_1": Residual(128), "conv128_2": Residual(128),
            "conv256_down": ResidualDown(128, 256), "conv256_1": Residual(256), "conv256_2": Residual(256),
        })

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        x = (image.permute(0, 3, 1, 2) - self.mean) / DIVISOR
        x = F.max_pool2d(self.conv32_down(x), 3, 2)
        for b in self.blocks.values():
            x = b(x)
        return x

    def load(self, w):
        self.conv32_down.load(w, "conv32_down")
        for name, b in self.blocks.items():
            b.load(w, name)


class DlibHead(nn.Module):
    """[N,256,4,4] -> embedding [N,128]: last residual block, global mean, fc (no bias).
    normalise=True L2-normalises the output (what the triplet loss is trained on)."""

    def __init__(self, normalise: bool = False):
        super().__init__()
        self.block = ResidualDown(256, 256)
        self.fc = nn.Parameter(torch.zeros(256, 128))
        self.normalise = normalise

    def pooled(self, f: torch.Tensor) -> torch.Tensor:
        return self.block(f).mean((2, 3))

    def forward(self, f: torch.Tensor) -> torch.Tensor:
        e = self.pooled(f) @ self.fc
        return F.normalize(e, dim=1) if self.normalise else e

    def load(self, w):
        self.block.load(w, "conv256_down_out")
        self.fc.data.copy_(torch.from_numpy(w["fc"]))


class DlibEncoder(nn.Module):
    def __init__(self, normalise: bool = False):
        super().__init__()
        self.trunk = DlibTrunk()
        self.head = DlibHead(normalise)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.head(self.trunk(image))


def pretrained(normalise: bool = False, manifest: Path = WEIGHTS) -> DlibEncoder:
    w = load_tfjs_weights(manifest)
    m = DlibEncoder(normalise)
    m.trunk.load(w)
    m.head.load(w)
    return m.eval()


def for_export(model: DlibEncoder) -> DlibEncoder:
    """A copy with every scale layer folded into its convolution (for ONNX export)."""
    import copy
    m = copy.deepcopy(model).eval()
    for mod in m.modules():
        if isinstance(mod, ConvLayer):
            mod.fold_()
    return m
