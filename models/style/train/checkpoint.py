"""Atomic, resumable checkpoints: model + optimiser + step + every RNG state, kept small.

Written as <name>.tmp then renamed, so a crash or a kill mid-write never leaves a broken latest
checkpoint; the previous one is kept as ckpt_prev.pt as a second line of defence.
"""
from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any, Dict, Optional

import numpy as np
import torch

LATEST = "ckpt.pt"
PREVIOUS = "ckpt_prev.pt"


def rng_state(py_rng: random.Random) -> Dict[str, Any]:
    return {"python": py_rng.getstate(), "torch": torch.get_rng_state(), "numpy": np.random.get_state()}


def restore_rng(state: Dict[str, Any], py_rng: random.Random) -> None:
    py_rng.setstate(state["python"])
    torch.set_rng_state(state["torch"])
    np.random.set_state(state["numpy"])


def save(run_dir: Path, payload: Dict[str, Any]) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    latest, prev, tmp = run_dir / LATEST, run_dir / PREVIOUS, run_dir / (LATEST + ".tmp")
    torch.save(payload, tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    if latest.exists():
        os.replace(latest, prev)
    os.replace(tmp, latest)
    return latest


def load(run_dir: Path) -> Optional[Dict[str, Any]]:
    """Latest checkpoint, falling back to the previous one if the latest cannot be read."""
    for name in (LATEST, PREVIOUS):
        p = run_dir / name
        if p.exists():
            try:
                return torch.load(p, map_location="cpu")
            except Exception as e:  # truncated file etc.
                print(f"warning: cannot read {p}: {e}")
    return None
