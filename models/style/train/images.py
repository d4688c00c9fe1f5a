"""Small image I/O helpers shared by training, Gatys optimisation, export checks and evidence sheets."""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence, Tuple, Union

import numpy as np
import torch
from PIL import Image


def load_rgb(path: Union[str, Path], short_side: Optional[int] = None, max_side: Optional[int] = None,
             multiple: int = 1) -> torch.Tensor:
    """Load as (1,3,H,W) float RGB in [0,1]; optionally resize (bicubic) so the short side or the
    long side has the given length, and crop to a multiple of `multiple` (the net downsamples by 4)."""
    im = Image.open(path).convert("RGB")
    w, h = im.size
    scale = 1.0
    if short_side:
        scale = short_side / min(w, h)
    elif max_side and max(w, h) > max_side:
        scale = max_side / max(w, h)
    if scale != 1.0:
        im = im.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.BICUBIC)
    w, h = im.size
    if multiple > 1:
        im = im.crop((0, 0, w - w % multiple, h - h % multiple))
    return to_tensor(np.asarray(im))


def to_tensor(arr: np.ndarray) -> torch.Tensor:
    return torch.tensor(arr / 255.0, dtype=torch.float32).permute(2, 0, 1)[None].contiguous()


def to_uint8(t: torch.Tensor) -> np.ndarray:
    """(1,3,H,W) or (3,H,W) in [0,1] -> HxWx3 uint8."""
    if t.dim() == 4:
        t = t[0]
    return (t.detach().float().clamp(0, 1).permute(1, 2, 0).numpy() * 255 + 0.5).astype(np.uint8)


def save_png(t: torch.Tensor, path: Union[str, Path]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(to_uint8(t)).save(path)


def grid(rows: Sequence[Sequence[np.ndarray]], pad: int = 4, bg: Tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    """Paste uint8 tiles into a grid (tiles in a row are top-aligned; cells sized by the largest)."""
    ch = max(t.shape[0] for r in rows for t in r)
    cw = max(t.shape[1] for r in rows for t in r)
    ncol = max(len(r) for r in rows)
    out = np.empty((len(rows) * (ch + pad) + pad, ncol * (cw + pad) + pad, 3), np.uint8)
    out[:] = bg
    for i, r in enumerate(rows):
        for j, t in enumerate(r):
            y, x = pad + i * (ch + pad), pad + j * (cw + pad)
            out[y:y + t.shape[0], x:x + t.shape[1]] = t
    return out
