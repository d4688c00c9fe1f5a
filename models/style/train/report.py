"""Reports for a trained run, computed with the run's own settings (the settings file it trained with):

- contact sheet: the six `report.contact_photos` (portrait, group, landscape, city, animal, object),
  original + every style, one PNG;
- cost table: J_content, J_style, J_tv and J (alpha, per-style beta, tv from the settings) on the 20
  held-out photos (runs/<run>/heldout.txt, never trained on), per style, next to the unstylised
  photo's J_style as a baseline, plus PyTorch inference time. Markdown + CSV.
  With --gatys-steps N, also the Gatys optimum for the same photo and style (optimize.py, L-BFGS
  from the content photo, N steps, the same per-style cost) on the first --gatys-photos held-out
  photos, so the table shows how close the fast network gets to the optimum.

Example: npm run style:report -- --run cin10 --out docs/styles
"""
from __future__ import annotations

import argparse
import csv
import json
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
from .optimize import stylize as gatys_stylize
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


def gatys_cache_key(photo: str, style: str, steps: int, size: int, settings: dict) -> str:
    """The optimum depends on the photo, the style's cost and the steps, not on the fast network:
    it is cached (--gatys-cache) so later checkpoints reuse it."""
    s = next(x for x in style_entries(settings) if x.name == style)
    return json.dumps([photo, style, steps, size, settings["loss"], s.beta, s.style_layers, s.style_size], sort_keys=True)


def cost_table(net: Optional[torch.nn.Module], settings: dict, files: List[Path], data: Path, size: int,
               gatys_steps: int = 0, gatys_photos: int = 0, gatys_cache: Optional[Path] = None) -> List[dict]:
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
                # net None: only fill the Gatys cache (the optimum does not depend on the fast net)
                y = net(x, one_hot(torch.tensor([i]), len(styles))) if net is not None else x
                ms = (time.time() - t0) * 1000
                b = torch.tensor([s.beta])
                p = per.cost(y, cf, [targets[i]], beta=b, layer_weights=[s.style_layers])
                base = per.cost(x, cf, [targets[i]], beta=b, layer_weights=[s.style_layers])
                row = {"photo": f.name, "style": s.name, "J": p["total"].item(), "J_content": p["content"].item(),
                       "J_style": p["style"].item(), "J_tv": p["tv"].item(),
                       "J_style_unstyled": base["style"].item(), "infer_ms": ms,
                       "gatys_J": "", "gatys_J_content": "", "gatys_J_style": "", "gatys_s": ""}
                if gatys_steps and len({r["photo"] for r in out} | {f.name}) <= gatys_photos:
                    cache = json.loads(gatys_cache.read_text()) if gatys_cache and gatys_cache.exists() else {}
                    key = gatys_cache_key(f.name, s.name, gatys_steps, size, settings)
                    if key not in cache:
                        with torch.enable_grad():
                            t0 = time.time()
                            g = gatys_stylize(x, None, per, steps=gatys_steps, beta=s.beta, log_every=0,
                                              layer_weights=s.style_layers, target=targets[i])
                            secs = round(time.time() - t0, 1)
                        q = per.cost(g, cf, [targets[i]], beta=b, layer_weights=[s.style_layers])
                        cache[key] = {"gatys_J": q["total"].item(), "gatys_J_content": q["content"].item(),
                                      "gatys_J_style": q["style"].item(), "gatys_s": secs}
                        if gatys_cache:  # write then rename, so a kill mid-write keeps the old cache
                            gatys_cache.parent.mkdir(parents=True, exist_ok=True)
                            tmp = gatys_cache.with_suffix(".tmp")
                            tmp.write_text(json.dumps(cache, indent=1) + "\n")
                            tmp.replace(gatys_cache)
                    row.update(cache[key])
                    print(f"  gatys {f.name} {s.name}: J {row['gatys_J']:.3f} (fast net {row['J']:.3f}) {row['gatys_s']} s", flush=True)
                out.append(row)
    return out


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--runs-dir", default=str(STYLE_ROOT / "runs"))
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--out", required=True, help="output folder (e.g. docs/styles)")
    ap.add_argument("--skip-costs", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--gatys-steps", type=int, default=0, help="L-BFGS steps of the Gatys optimum per photo and style (0: skip)")
    ap.add_argument("--gatys-photos", type=int, default=20, help="how many held-out photos get the Gatys optimum")
    ap.add_argument("--gatys-cache", default=None, help="JSON cache of Gatys optima (default <out>/gatys_<run>.json)")
    ap.add_argument("--gatys-only", action="store_true", help="only compute the Gatys optima into the cache (no checkpoint needed)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    run_dir, data, out = Path(args.runs_dir) / args.run, Path(args.data), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    gatys_cache = Path(args.gatys_cache) if args.gatys_cache else out / f"gatys_{args.run}.json"
    if args.gatys_only:
        settings = json.loads((run_dir / "settings.json").read_text())
        held = [data / line.strip() for line in (run_dir / "heldout.txt").read_text().splitlines() if line.strip()]
        rep = settings.get("report") or load_settings()["report"]
        cost_table(None, settings, held[: args.gatys_photos], data, int(rep["size"]), args.gatys_steps, args.gatys_photos, gatys_cache)
        print("wrote", gatys_cache)
        return
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
    rows = cost_table(net, settings, held, data, int(rep["size"]), args.gatys_steps, args.gatys_photos, gatys_cache)
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
    gat = [x for x in rows if x["gatys_J"] != ""]
    if gat:
        photos_g = sorted({x["photo"] for x in gat})
        lines += ["", f"## Fast network vs the Gatys optimum ({len(photos_g)} of the held-out photos, "
                  f"L-BFGS {args.gatys_steps} steps from the content photo, the same per-style cost)", "",
                  "The unstyled photo is where both start (its J_content is 0 by definition); the closer the fast network's costs are "
                  "to the optimum's, the better. J = alpha J_content + J_style + tv J_tv, where J_style is already weighted by the style's beta.", "",
                  "| style | J_content unstyled / fast / Gatys | J_style unstyled / fast / Gatys | J fast / Gatys | Gatys s per image |",
                  "|---|---|---|---|---|"]
        for s in ck["style_names"]:
            r = [x for x in gat if x["style"] == s]
            if not r:
                continue
            mean = lambda k: float(np.mean([float(x[k]) for x in r]))
            lines.append(f"| {s} | 0 / {mean('J_content'):.3f} / {mean('gatys_J_content'):.3f} | "
                         f"{mean('J_style_unstyled'):.3f} / {mean('J_style'):.3f} / {mean('gatys_J_style'):.3f} | "
                         f"{mean('J'):.3f} / {mean('gatys_J'):.3f} | {mean('gatys_s'):.0f} |")
    md = out / f"cost_{args.run}_step{step}.md"
    md.write_text("\n".join(lines) + "\n")
    print("wrote", md, csv_path)


if __name__ == "__main__":
    main()
