"""report.json + report.png (loss, active-triplet fraction and validation accuracy per epoch).
matplotlib is not installed on these machines (and not in Debian's minimal set we install), so the
plot is drawn with PIL: three small line charts side by side."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Sequence

from PIL import Image, ImageDraw

COLOURS = [(31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189)]


def _chart(d: ImageDraw.ImageDraw, box, title: str, series: Dict[str, Sequence[float]], xs: Sequence[float]) -> None:
    x0, y0, x1, y1 = box
    d.rectangle(box, outline=(0, 0, 0))
    d.text((x0 + 4, y0 - 16), title, fill=(0, 0, 0))
    series = {k: [float("nan") if v is None else v for v in s] for k, s in series.items()}
    vals = [v for s in series.values() for v in s if v == v]
    if not vals or not xs:
        return
    lo, hi = min(vals), max(vals)
    if hi - lo < 1e-9:
        hi, lo = hi + 0.5, lo - 0.5
    pad = (hi - lo) * 0.05
    lo, hi = lo - pad, hi + pad
    xmin, xmax = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
    sx = lambda x: x0 + 6 + (x - xmin) / (xmax - xmin) * (x1 - x0 - 12)
    sy = lambda y: y1 - 6 - (y - lo) / (hi - lo) * (y1 - y0 - 12)
    for t in range(5):
        v = lo + (hi - lo) * t / 4
        d.line([(x0, sy(v)), (x0 + 4, sy(v))], fill=(0, 0, 0))
        d.text((x0 - 44, sy(v) - 6), f"{v:.3g}", fill=(80, 80, 80))
    d.text((x1 - 60, y1 + 4), f"epoch {xmax:g}", fill=(80, 80, 80))
    for k, (name, ys) in enumerate(series.items()):
        c = COLOURS[k % len(COLOURS)]
        pts = [(sx(x), sy(y)) for x, y in zip(xs, ys) if y == y]
        if len(pts) > 1:
            d.line(pts, fill=c, width=2)
        for p in pts[-1:]:
            d.ellipse([p[0] - 2, p[1] - 2, p[0] + 2, p[1] + 2], fill=c)
        d.text((x0 + 8, y0 + 4 + 12 * k), name, fill=c)


def plot(history: List[Dict[str, Any]], path: Path, title: str = "") -> None:
    xs = [h["epoch"] for h in history]
    im = Image.new("RGB", (960, 300), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.text((10, 4), title, fill=(0, 0, 0))
    _chart(d, (60, 40, 330, 270), "training loss", {"loss": [h["loss"] for h in history]}, xs)
    _chart(d, (380, 40, 650, 270), "active triplets (fraction)",
           {"selected": [h["active"] for h in history], "all in batch": [h["active_all"] for h in history]}, xs)
    _chart(d, (700, 40, 950, 270), "validation accuracy",
           {"val acc": [h.get("val_acc", float("nan")) for h in history]}, xs)
    im.save(path)


def _finite(o: Any) -> Any:
    """NaN/inf -> null, so that report.json is strict JSON (readable by JSON.parse)."""
    if isinstance(o, float) and (o != o or o in (float("inf"), float("-inf"))):
        return None
    if isinstance(o, dict):
        return {k: _finite(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_finite(v) for v in o]
    return o


def write(run_dir: Path, report: Dict[str, Any]) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "report.json").write_text(json.dumps(_finite(report), indent=1, allow_nan=False))
    plot(report["history"], run_dir / "report.png", report.get("title", ""))
