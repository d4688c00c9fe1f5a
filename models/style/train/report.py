"""Reports for a trained run, computed with the run's own settings (the settings file it trained with):

- contact sheet: the six `report.contact_photos` (portrait, group, landscape, city, animal, object),
  original + every style, one PNG;
- cost table: J_content, J_style, J_tv and J (alpha, per-style beta, tv from the settings) on the 20
  held-out photos (runs/<run>/heldout.txt, never trained on), per style, next to the unstylised
  photo's J_style as a baseline, plus PyTorch inference time. Markdown + CSV.

Example: npm run style:report -- --run cin10 --out docs/styles
"""
from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import torch
from PIL import Image

from .export import load_run
from .images import grid, load_rgb, to_uint8
from .lossnet import build_loss_net
from .losses import Perceptual
from .network import one_hot
from .settings import DEFAULT_DATA, STYLE_ROOT, load_settings, loss_config, style_entries
from .data import load_style


def contact_sheet(net: torch.nn.Module, photos: Dict[str, Path], size: int, n_styles: int) -> np.ndarray:
    rows = []
    with torch.no_grad():
        for _, path in photos.items():
            x = load_rgb(path, max_side=size, multiple=4)
            y = net(x.repeat(n_styles, 1, 1, 1), one_hot(torch.arange(n_styles), n_styles))
            rows.append([to_uint8(x)] + [to_uint8(y[i]) for i in range(n_styles)])
    return grid(rows)


def cost_table(net: torch.nn.Module, settings: dict, files: List[Path], data: Path, size: int) -> List[dict]:
    cfg = loss_config(settings)
    styles = style_entries(settings)
    per = Perceptual(build_loss_net(settings["loss"].get("loss_net", "resnet50"), cfg.feature_layers), cfg)
    targets = [per.style_target(load_style(data / "styles" / s.file, s.style_size)) for s in styles]
    out = []
    with torch.no_grad():
        for f in files:
            x = load_rgb(f, max_side=size, multiple=4)
            cf = per.features(x)[cfg.content_layer]
            for i, s in enumerate(styles):
                t0 = time.time()
                y = net(x, one_hot(torch.tensor([i]), len(styles)))
                ms = (time.time() - t0) * 1000
                b = torch.tensor([s.beta])
                p = per.cost(y, cf, [targets[i]], beta=b, layer_weights=[s.style_layers])
                base = per.cost(x, cf, [targets[i]], beta=b, layer_weights=[s.style_layers])
                out.append({"photo": f.name, "style": s.name, "J": p["total"].item(), "J_content": p["content"].item(),
                            "J_style": p["style"].item(), "J_tv": p["tv"].item(),
                            "J_style_unstyled": base["style"].item(), "infer_ms": ms})
    return out


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--runs-dir", default=str(STYLE_ROOT / "runs"))
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--out", required=True, help="output folder (e.g. docs/styles)")
    ap.add_argument("--skip-costs", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    run_dir, data, out = Path(args.runs_dir) / args.run, Path(args.data), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    net, ck = load_run(run_dir)
    settings, step = ck["settings"], ck["step"]
    # runs started before the report block existed fall back to the current settings file
    rep = settings.get("report") or load_settings()["report"]
    photos = {k: data / v for k, v in rep["contact_photos"].items()}
    sheet = contact_sheet(net, photos, int(rep["size"]), len(ck["style_names"]))
    sheet_path = out / f"contact_{args.run}_step{step}.png"
    Image.fromarray(sheet).save(sheet_path)
    print("wrote", sheet_path, "rows:", list(photos), "columns: original +", ck["style_names"])
    if args.skip_costs:
        return
    held = [data / line.strip() for line in (run_dir / "heldout.txt").read_text().splitlines() if line.strip()]
    rows = cost_table(net, settings, held, data, int(rep["size"]))
    csv_path = out / f"cost_{args.run}_step{step}.csv"
    with open(csv_path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    lines = [f"# Cost table: run `{args.run}` step {step}, {len(held)} held-out photos (max side {rep['size']})", "",
             f"Loss settings: `{settings['loss']}`", "",
             "| style | J (mean) | J_content | J_style | J_tv | J_style of the unstyled photo | infer ms (torch) |",
             "|---|---|---|---|---|---|---|"]
    for s in ck["style_names"]:
        r = [x for x in rows if x["style"] == s]
        m = {k: float(np.mean([x[k] for x in r])) for k in ("J", "J_content", "J_style", "J_tv", "J_style_unstyled", "infer_ms")}
        lines.append(f"| {s} | {m['J']:.3f} | {m['J_content']:.3f} | {m['J_style']:.3f} | {m['J_tv']:.4f} | "
                     f"{m['J_style_unstyled']:.3f} | {m['infer_ms']:.0f} |")
    md = out / f"cost_{args.run}_step{step}.md"
    md.write_text("\n".join(lines) + "\n")
    print("wrote", md, csv_path)


if __name__ == "__main__":
    main()
