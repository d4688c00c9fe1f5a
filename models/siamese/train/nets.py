"""The small CNN trained from scratch (ORL-sized grey faces).

Four 3x3 conv stages (BatchNorm, ReLU; 2x2 max-pool after the first three), global average
pooling, a linear projection to `dim` and L2 normalisation. 0.30 M parameters at width 16: ORL has
360 training images, so a small net is both what the data supports and what two shared CPU cores
can train 40 times (4 methods x 10 folds) in half an hour. Input: uint8-range grey images scaled
to x/255 - 0.5 inside forward(), any size >= 16 px (global pooling)."""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F


def _stage(ci: int, co: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(ci, co, 3, padding=1, bias=False), nn.BatchNorm2d(co), nn.ReLU(inplace=True),
                         nn.Conv2d(co, co, 3, padding=1, bias=False), nn.BatchNorm2d(co), nn.ReLU(inplace=True))


class SmallFaceNet(nn.Module):
    def __init__(self, in_channels: int = 1, width: int = 16, dim: int = 64):
        super().__init__()
        w = width
        self.features = nn.Sequential(
            _stage(in_channels, w), nn.MaxPool2d(2),
            _stage(w, 2 * w), nn.MaxPool2d(2),
            _stage(2 * w, 4 * w), nn.MaxPool2d(2),
            _stage(4 * w, 8 * w),
        )
        self.proj = nn.Linear(8 * w, dim)
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.float() / 255.0 - 0.5
        f = self.features(x).mean((2, 3))
        return F.normalize(self.proj(f), dim=1)
