"""Atomic, resumable checkpoints (written as <name>.tmp then renamed over ckpt.pt), plus RNG state
capture/restore.

One implementation for both trainers: this module re-exports models/style/train/checkpoint.py,
loaded by path because both trainers' packages are named `train` (each runs with its own
PYTHONPATH), so a plain import cannot reach the other one.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

_SOURCE = Path(__file__).resolve().parents[2] / "style" / "train" / "checkpoint.py"
_spec = importlib.util.spec_from_file_location("likeness_checkpoint", _SOURCE)
assert _spec is not None and _spec.loader is not None, f"cannot load {_SOURCE}"
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)

LATEST = _module.LATEST
rng_state = _module.rng_state
restore_rng = _module.restore_rng
save = _module.save
load = _module.load
