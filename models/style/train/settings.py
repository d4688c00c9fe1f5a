"""The per-style settings file (models/style/config/styles.json), shared by training, Gatys,
export and reporting so that every number in a report can be traced to the config it came from.

Layout: top-level `loss`, `network`, `train` blocks are defaults; every entry of `styles` may
override `beta`, `style_size` (short side in px the painting is resized to before its Gram targets
are taken: controls brush-stroke scale) and `style_layers`.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

from .losses import LossConfig

STYLE_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETTINGS = STYLE_ROOT / "config" / "styles.json"
REPO_ROOT = STYLE_ROOT.parents[1]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "style"


@dataclass
class StyleEntry:
    name: str
    file: str
    beta: float
    style_size: int
    style_layers: Dict[str, float]


def load_settings(path: Optional[Path] = None) -> Dict[str, Any]:
    return json.loads(Path(path or DEFAULT_SETTINGS).read_text())


def loss_config(settings: Dict[str, Any], overrides: Optional[Dict[str, Any]] = None) -> LossConfig:
    d = copy.deepcopy(settings["loss"])
    d.update(overrides or {})
    return LossConfig.from_dict(d)


def style_entries(settings: Dict[str, Any], names: Optional[List[str]] = None) -> List[StyleEntry]:
    """Styles in settings order (that order = the CIN style index), optionally filtered by name."""
    loss = settings["loss"]
    out = []
    for s in settings["styles"]:
        if names and s["name"] not in names and s["file"] not in names:
            continue
        out.append(StyleEntry(name=s["name"], file=s["file"], beta=float(s.get("beta", loss["beta"])),
                              style_size=int(s.get("style_size", settings["train"]["style_size"])),
                              style_layers=dict(s.get("style_layers", loss["style_layers"]))))
    if names and len(out) != len(names):
        known = [s["name"] for s in settings["styles"]]
        raise SystemExit(f"unknown style in {names}; known: {known}")
    return out
