"""Perceptual cost J(G) = alpha*J_content + beta*J_style + tv*J_tv on a frozen loss network.

Why the normalisations:
- Gram matrices are divided by C*H*W so they do not depend on image size (style images and
  training crops have different sizes).
- ResNet activations differ by orders of magnitude between layers (and more so after the softmax
  transform), so every style layer term is divided by the mean square of its *target* Gram, and the
  content term by the mean square of the content features. Then the per-layer weights in the
  settings file mean what they say, and alpha/beta transfer between loss-net configurations.
- Softmax transform (Wang et al., CVPR 2021, "SWAG"): ResNet features are peaky (low entropy), which
  lets a few large activations dominate the Gram matrices; a softmax over all C*H*W activations of
  a layer smooths them. We multiply by C*H*W so the mean stays 1 whatever the image size (the paper
  uses equal sizes, where this is only a constant factor).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from .lossnet import caffe_preprocess


class _SymGram(torch.autograd.Function):
    """G = M M^T / n with a one-matmul backward (dM = (dG + dG^T) M / n).

    Autograd's generic backward does two batched matmuls; on 2 CPU cores the Gram matrices are a
    large share of a training step, so this saves ~1/3 of their cost.
    """

    @staticmethod
    def forward(ctx, m: torch.Tensor, n: float) -> torch.Tensor:  # type: ignore[override]
        ctx.save_for_backward(m)
        ctx.n = n
        return torch.bmm(m, m.transpose(1, 2)) / n

    @staticmethod
    def backward(ctx, g: torch.Tensor):  # type: ignore[override]
        (m,) = ctx.saved_tensors
        return torch.bmm(g + g.transpose(1, 2), m) / ctx.n, None


def gram(f: torch.Tensor) -> torch.Tensor:
    """Size-normalised Gram matrix: (B, C, H, W) -> (B, C, C), divided by C*H*W."""
    b, c, h, w = f.shape
    m = f.reshape(b, c, h * w).contiguous()
    return _SymGram.apply(m, float(c * h * w))


def softmax_transform(f: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """SWAG smoothing: softmax over all activations of one image's layer, rescaled to mean 1."""
    b = f.shape[0]
    n = f[0].numel()
    return (F.softmax(f.reshape(b, -1) / temperature, dim=1) * n).reshape(f.shape)


def total_variation(y: torch.Tensor) -> torch.Tensor:
    """Mean absolute difference of neighbouring pixels (anisotropic TV), per image average."""
    return (y[:, :, 1:] - y[:, :, :-1]).abs().mean() + (y[:, :, :, 1:] - y[:, :, :, :-1]).abs().mean()


@dataclass
class LossConfig:
    """The loss part of the settings file (see models/style/config/styles.json)."""
    content_layer: str = "res2c"
    style_layers: Dict[str, float] = field(default_factory=lambda: {"conv1": 1.0, "res2a": 1.0, "res2c": 1.0, "res3a": 1.0})
    alpha: float = 1.0
    beta: float = 5.0
    tv: float = 1e-2
    softmax: bool = False
    softmax_layers: Optional[List[str]] = None  # None = all style layers
    softmax_temperature: float = 1.0

    @classmethod
    def from_dict(cls, d: dict) -> "LossConfig":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @property
    def feature_layers(self) -> List[str]:
        return list(dict.fromkeys(list(self.style_layers) + [self.content_layer]))


class Perceptual(nn.Module):
    """Feature extraction + Gram targets + the weighted cost, shared by training and Gatys."""

    def __init__(self, loss_net: nn.Module, cfg: LossConfig, channels_last: bool = True):
        super().__init__()
        self.net = loss_net
        self.cfg = cfg
        self.layers = cfg.feature_layers
        self.channels_last = channels_last
        self.smooth = set(cfg.softmax_layers or cfg.style_layers) if cfg.softmax else set()

    def features(self, rgb01: torch.Tensor) -> Dict[str, torch.Tensor]:
        x = caffe_preprocess(rgb01)
        if self.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        return dict(zip(self.layers, self.net(x)))

    def style_grams(self, feats: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
        out = {}
        for layer in self.cfg.style_layers:
            f = feats[layer]
            if layer in self.smooth:
                f = softmax_transform(f, self.cfg.softmax_temperature)
            out[layer] = gram(f)
        return out

    @torch.no_grad()
    def style_target(self, style_rgb01: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Gram targets of one style image (batch 1) plus their normalisers."""
        g = self.style_grams(self.features(style_rgb01))
        return {layer: v[0] for layer, v in g.items()}

    def cost(self, y: torch.Tensor, content_feat: torch.Tensor,
             targets: Sequence[Dict[str, torch.Tensor]], beta: Optional[torch.Tensor] = None,
             layer_weights: Optional[Sequence[Dict[str, float]]] = None) -> Dict[str, torch.Tensor]:
        """y: generated batch; content_feat: content-layer features of the inputs (no grad);
        targets: per-sample Gram target dicts; beta: optional per-sample style weight (B,);
        layer_weights: optional per-sample style-layer weights (default: cfg.style_layers)."""
        cfg = self.cfg
        fy = self.features(y)
        lc = F.mse_loss(fy[cfg.content_layer], content_feat) / content_feat.pow(2).mean().clamp_min(1e-12)
        gy = self.style_grams(fy)
        b = y.shape[0]
        lw = list(layer_weights) if layer_weights is not None else [cfg.style_layers] * b
        per_sample = torch.zeros(b, dtype=y.dtype)
        for layer in cfg.style_layers:
            w = torch.tensor([d.get(layer, 0.0) / sum(d.values()) for d in lw], dtype=y.dtype)
            if not bool(w.any()):
                continue
            tgt = torch.stack([t[layer] for t in targets])
            norm = tgt.pow(2).mean((1, 2)).clamp_min(1e-30)
            per_sample = per_sample + w * (gy[layer] - tgt).pow(2).mean((1, 2)) / norm
        bw = beta if beta is not None else torch.full((b,), cfg.beta)
        ls = (bw * per_sample).mean()
        ltv = total_variation(y)
        total = cfg.alpha * lc + ls + cfg.tv * ltv
        return {"total": total, "content": lc.detach(), "style": ls.detach(), "tv": ltv.detach(),
                "style_raw": per_sample.detach()}
