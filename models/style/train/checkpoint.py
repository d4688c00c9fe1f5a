"""Atomic, resumable checkpoints: model + optimiser + step + every RNG state, kept small.

Written as <name>.tmp, fsynced, then renamed over ckpt.pt, so a crash or a kill mid-write never
leaves a broken checkpoint: there is one file per run and no second copy.

Git policy (.gitignore ignores runs/*/ckpt*.pt): a checkpoint is committed (`git add -f`) only when a
session stops in the middle of training, so the next session can resume; when training ends, export
the model, then `git rm --cached` the checkpoint.
"""
from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any, Dict, Optional

import numpy as np
import torch

LATEST = "ckpt.pt"


def rng_state(py_rng: random.Random) -> Dict[str, Any]:
    return {"python": py_rng.getstate(), "torch": torch.get_rng_state(), "numpy": np.random.get_state()}


def restore_rng(state: Dict[str, Any], py_rng: random.Random) -> None:
    py_rng.setstate(state["python"])
    torch.set_rng_state(state["torch"])
    np.random.set_state(state["numpy"])


def save(run_dir: Path, payload: Dict[str, Any]) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    latest, tmp = run_dir / LATEST, run_dir / (LATEST + ".tmp")
    torch.save(payload, tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, latest)
    return latest


def load(run_dir: Path) -> Optional[Dict[str, Any]]:
    """The run's checkpoint, or None when it has none (a fresh run)."""
    p = run_dir / LATEST
    return torch.load(p, map_location="cpu") if p.exists() else None
