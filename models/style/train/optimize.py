"""Gatys et al. optimisation-based style transfer with the same loss net and cost as training.

Starts from the content photo and minimises J(G) over the pixels. Slow (hundreds of loss-net
forward/backward passes per image) but needs no training: it is the quality reference for the
feed-forward nets and the quick way to choose loss settings (e.g. the softmax transform).

Example: npm run style:optimize -- --content c.jpg --style s.jpg --out g.png
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any, Dict, Optional

import torch

from .images import load_rgb, save_png
from .lossnet import build_loss_net
from .losses import LossConfig, Perceptual
from .settings import load_settings, loss_config


def stylize(content: torch.Tensor, style: Optional[torch.Tensor], perceptual: Perceptual, steps: int = 200,
            optimizer: str = "lbfgs", lr: float = 0.02, beta: Optional[float] = None,
            log_every: int = 50, layer_weights: Optional[Dict[str, float]] = None,
            target: Optional[Dict[str, torch.Tensor]] = None) -> torch.Tensor:
    """Return the optimised image (1,3,H,W) in [0,1]. `target` (Gram targets of the style image)
    may be given instead of `style`, to reuse it; `layer_weights` are a style's own layer weights
    (default: the settings' style_layers), so the optimum minimises exactly the cost it is scored on."""
    if target is None:
        if style is None:
            raise ValueError("stylize needs a style image or its Gram target")
        target = perceptual.style_target(style)
    lw = [layer_weights] if layer_weights is not None else None
    with torch.no_grad():
        cfeat = perceptual.features(content)[perceptual.cfg.content_layer]
    img = content.clone().requires_grad_(True)
    b = torch.tensor([beta if beta is not None else perceptual.cfg.beta])
    state = {"it": 0}

    def closure() -> torch.Tensor:
        opt.zero_grad()
        parts = perceptual.cost(img.clamp(0, 1), cfeat, [target], beta=b, layer_weights=lw)
        parts["total"].backward()
        state["it"] += 1
        if log_every and state["it"] % log_every == 0:
            print(f"  step {state['it']}: total {parts['total'].item():.4f} content {parts['content'].item():.4f} "
                  f"style {parts['style'].item():.4f} tv {parts['tv'].item():.4f}", flush=True)
        return parts["total"]

    if optimizer == "lbfgs":
        opt = torch.optim.LBFGS([img], lr=1.0, max_iter=steps, history_size=20, line_search_fn="strong_wolfe")
        opt.step(closure)
    else:
        opt = torch.optim.Adam([img], lr=lr)
        for _ in range(steps):
            opt.step(closure)
            with torch.no_grad():
                img.clamp_(0, 1)
    return img.detach().clamp(0, 1)


def main(argv: Optional[list] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--content", required=True)
    ap.add_argument("--style", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=256, help="content long side in px")
    ap.add_argument("--style-size", type=int, default=None, help="style short side in px (default: settings train.style_size)")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--optimizer", choices=["lbfgs", "adam"], default="lbfgs")
    ap.add_argument("--lr", type=float, default=0.02, help="Adam only")
    ap.add_argument("--settings", default=None, help="settings JSON (default models/style/config/styles.json)")
    ap.add_argument("--loss-net", choices=["resnet50", "random"], default="resnet50")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                    help="override a loss setting, e.g. --set softmax=true --set beta=10")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    settings = load_settings(Path(args.settings) if args.settings else None)
    overrides: Dict[str, Any] = {k: json.loads(v) for k, v in (s.split("=", 1) for s in args.set)}
    cfg: LossConfig = loss_config(settings, overrides)
    perceptual = Perceptual(build_loss_net(args.loss_net, cfg.feature_layers), cfg)
    content = load_rgb(args.content, max_side=args.size, multiple=4)
    style = load_rgb(args.style, short_side=args.style_size or settings["train"]["style_size"])
    t0 = time.time()
    out = stylize(content, style, perceptual, steps=args.steps, optimizer=args.optimizer, lr=args.lr)
    save_png(out, args.out)
    print(f"wrote {args.out} ({out.shape[3]}x{out.shape[2]}) in {time.time() - t0:.1f}s; loss settings: {cfg}")


if __name__ == "__main__":
    main()
