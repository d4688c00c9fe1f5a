"""Feed-forward transformation network (Johnson et al. 2016 family) with conditional instance norm.

- Reflection padding (no border artefacts), instance norm, residual blocks, and nearest-neighbour
  resize followed by a convolution for upsampling (transposed convolutions cause checkerboards).
- Conditional instance normalisation (Dumoulin et al. 2017): all convolutions are shared; each
  style owns only the per-channel scale/shift of every norm layer. One run trains all styles, one
  small file ships, and styles can be blended (or weakened towards another style) by mixing the
  style weight vector, since the scale/shift are linear in it.
- Reduced width (16/32/64, 3 residual blocks by default) to keep training feasible on 2 CPU cores and
  inference cheap at the edge (~0.3 M shared params; each extra style costs 2*sum(channels) floats).

Input/Output: RGB in [0,1], NCHW. `style` is a (B, n_styles) weight matrix (one-hot to pick a
style, convex mixtures to blend).
"""
from __future__ import annotations

from typing import List, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F


class CondInstanceNorm(nn.Module):
    """Instance norm whose affine scale/shift come from a per-style table mixed by style weights."""

    def __init__(self, channels: int, n_styles: int):
        super().__init__()
        self.norm = nn.InstanceNorm2d(channels, affine=False)
        self.gamma = nn.Parameter(torch.ones(n_styles, channels))
        self.beta = nn.Parameter(torch.zeros(n_styles, channels))

    def forward(self, x: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
        g = (style @ self.gamma)[:, :, None, None]
        b = (style @ self.beta)[:, :, None, None]
        return self.norm(x) * g + b


class ConvCIN(nn.Module):
    """Reflection pad -> conv -> conditional instance norm -> optional ReLU."""

    def __init__(self, cin: int, cout: int, k: int, n_styles: int, stride: int = 1, relu: bool = True):
        super().__init__()
        self.pad = nn.ReflectionPad2d(k // 2)
        self.conv = nn.Conv2d(cin, cout, k, stride)
        self.norm = CondInstanceNorm(cout, n_styles)
        self.relu = relu

    def forward(self, x: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
        x = self.norm(self.conv(self.pad(x)), style)
        return F.relu(x) if self.relu else x


class Residual(nn.Module):
    def __init__(self, c: int, n_styles: int):
        super().__init__()
        self.a = ConvCIN(c, c, 3, n_styles)
        self.b = ConvCIN(c, c, 3, n_styles, relu=False)

    def forward(self, x: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
        return x + self.b(self.a(x, style), style)


class Upsample(nn.Module):
    """Nearest-neighbour x2 then conv: avoids the checkerboard of transposed convolutions."""

    def __init__(self, cin: int, cout: int, n_styles: int):
        super().__init__()
        self.conv = ConvCIN(cin, cout, 3, n_styles)

    def forward(self, x: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"), style)


class StyleNet(nn.Module):
    """Multi-style transformation net. With n_styles=1 it is a plain single-style Johnson net."""

    def __init__(self, n_styles: int, channels: Sequence[int] = (16, 32, 64), res_blocks: int = 3):
        super().__init__()
        c1, c2, c3 = channels
        self.n_styles = n_styles
        self.down = nn.ModuleList([ConvCIN(3, c1, 9, n_styles), ConvCIN(c1, c2, 3, n_styles, 2),
                                   ConvCIN(c2, c3, 3, n_styles, 2)])
        self.res = nn.ModuleList([Residual(c3, n_styles) for _ in range(res_blocks)])
        self.up = nn.ModuleList([Upsample(c3, c2, n_styles), Upsample(c2, c1, n_styles)])
        self.pad_out = nn.ReflectionPad2d(4)
        self.out = nn.Conv2d(c1, 3, 9)

    def forward(self, x: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
        h = x * 2 - 1
        for m in self.down:
            h = m(h, style)
        for m in self.res:
            h = m(h, style)
        for m in self.up:
            h = m(h, style)
        # sigmoid keeps the output a valid image without clamping (clamping kills gradients)
        return torch.sigmoid(self.out(self.pad_out(h)))

    def style_param_names(self) -> List[str]:
        return [n for n, _ in self.named_parameters() if n.endswith(".gamma") or n.endswith(".beta")]


def one_hot(indices: torch.Tensor, n_styles: int) -> torch.Tensor:
    return F.one_hot(indices.long(), n_styles).float()
