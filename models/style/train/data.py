"""Content data: the train / held-out split, random crops and flips, and synthetic data for tests.

The held-out split is a pure function of the file names (SHA-1 order), so every session and every
machine gets the same 20 evaluation photos (10 per training folder) without storing a list, and
adding files later does not reshuffle it. `content/classic/` is never trained on: it is reserved for
before/after figures and contact sheets.
"""
from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .images import load_rgb, to_tensor

IMAGE_EXT = {".jpg", ".jpeg", ".png"}


def list_images(folder: Path) -> List[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_EXT)


def split_heldout(files: Sequence[Path], n_heldout: int) -> Tuple[List[Path], List[Path]]:
    """(train, heldout): the n_heldout files with the smallest SHA-1 of their name are held out."""
    ranked = sorted(files, key=lambda p: hashlib.sha1(p.name.encode()).hexdigest())
    held = set(ranked[:n_heldout])
    return [p for p in files if p not in held], [p for p in files if p in held]


def content_split(data_root: Path, dirs: Sequence[str], heldout_per_dir: int) -> Tuple[List[Path], List[Path]]:
    train, held = [], []
    for d in dirs:
        t, h = split_heldout(list_images(data_root / d), heldout_per_dir)
        train += t
        held += h
    return train, held


class ContentSampler:
    """Random square crops (50-100% of the short side), resized to `size`, random horizontal flip."""

    def __init__(self, files: Sequence[Path], size: int, rng: random.Random, min_scale: float = 0.5):
        if not files:
            raise ValueError("no content images")
        self.files = list(files)
        self.size = size
        self.rng = rng
        self.min_scale = min_scale

    def one(self) -> torch.Tensor:
        im = Image.open(self.rng.choice(self.files)).convert("RGB")
        w, h = im.size
        s = int(self.rng.uniform(self.min_scale, 1.0) * min(w, h))
        s = max(s, min(w, h, self.size // 2))
        x, y = self.rng.randint(0, w - s), self.rng.randint(0, h - s)
        im = im.crop((x, y, x + s, y + s)).resize((self.size, self.size), Image.BICUBIC)
        if self.rng.random() < 0.5:
            im = im.transpose(Image.FLIP_LEFT_RIGHT)
        return to_tensor(np.asarray(im))

    def batch(self, n: int) -> torch.Tensor:
        return torch.cat([self.one() for _ in range(n)]).clamp(0, 1)


class SyntheticSampler:
    """Generated content for smoke tests (no dataset needed): smooth gradients plus random boxes."""

    def __init__(self, size: int, rng: random.Random):
        self.size = size
        self.rng = rng

    def one(self) -> torch.Tensor:
        s, r = self.size, self.rng
        yy, xx = np.mgrid[0:s, 0:s] / s
        img = np.stack([r.random() * xx + r.random() * yy, r.random() * (1 - xx), r.random() * yy], -1)
        for _ in range(3):
            x0, y0 = r.randrange(s), r.randrange(s)
            img[y0:y0 + s // 4, x0:x0 + s // 4] = [r.random(), r.random(), r.random()]
        return torch.tensor(img, dtype=torch.float32).permute(2, 0, 1)[None]

    def batch(self, n: int) -> torch.Tensor:
        return torch.cat([self.one() for _ in range(n)]).clamp(0, 1)


def synthetic_style(index: int, size: int) -> torch.Tensor:
    """A distinct generated 'painting' per index (coloured stripes) for smoke tests."""
    yy, xx = np.mgrid[0:size, 0:size] / size
    f = 4 + 3 * index
    img = np.stack([0.5 + 0.5 * np.sin(f * 6.28 * xx), 0.5 + 0.5 * np.sin(f * 6.28 * (xx + yy) / 2),
                    np.full_like(xx, (index % 3) / 2)], -1)
    return torch.tensor(img, dtype=torch.float32).permute(2, 0, 1)[None]


def load_style(path: Path, short_side: int) -> torch.Tensor:
    return load_rgb(path, short_side=short_side)


def center_square(img: torch.Tensor, size: int) -> torch.Tensor:
    """Centre square crop resized to size x size (for fixed preview / evaluation inputs)."""
    _, _, h, w = img.shape
    s = min(h, w)
    y, x = (h - s) // 2, (w - s) // 2
    return F.interpolate(img[:, :, y:y + s, x:x + s], size=(size, size), mode="area")
