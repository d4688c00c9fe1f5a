"""Train the feed-forward style network(s) with the perceptual cost on a frozen ResNet50.

Default: one conditional-instance-norm network for every style in the settings file. With
`--style NAME` (repeatable) only those styles are trained (one style = a plain Johnson net), e.g. for
the per-style vs multi-style comparison.

Resumes automatically from models/style/runs/<run>/ckpt.pt (use --fresh to start over). Writes
losses.jsonl (one line per --log-every steps), preview PNGs, settings.json (the snapshot the run
uses), heldout.txt. SIGINT/SIGTERM save a checkpoint before exiting.

Examples:
  npm run style:train -- --run cin10                       # all styles, resumes if possible
  npm run style:train -- --style starry_night --run starry --iterations 4000
  npm run style:train -- --smoke                           # seconds, random loss net, generated data
"""
from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import torch

from . import checkpoint
from .data import ContentSampler, SyntheticSampler, center_square, content_split, load_style, synthetic_style
from .images import grid, load_rgb, to_uint8
from .lossnet import build_loss_net
from .losses import Perceptual
from .network import StyleNet, one_hot
from .settings import DEFAULT_DATA, STYLE_ROOT, load_settings, loss_config, style_entries

CL = torch.channels_last


def lr_at(step: int, total: int, base: float) -> float:
    """Constant, then linear decay to 10% over the last 25% of the run (a pure function of step, so
    resuming reproduces the schedule)."""
    start = int(total * 0.75)
    if step <= start:
        return base
    return base * (1.0 - 0.9 * min(1.0, (step - start) / max(1, total - start)))


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", default=None, help="run name (folder under models/style/runs); default cin<N> or the style name")
    ap.add_argument("--runs-dir", default=str(STYLE_ROOT / "runs"))
    ap.add_argument("--style", action="append", default=None, help="train only this style (name or file); repeatable")
    ap.add_argument("--settings", default=None, help="settings JSON for a new run (default config/styles.json)")
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="../shared/data/style folder")
    ap.add_argument("--iterations", type=int, default=None, help="total steps (overrides settings; may be raised on resume)")
    ap.add_argument("--loss-net", choices=["resnet50", "random"], default=None)
    ap.add_argument("--fresh", action="store_true", help="ignore an existing checkpoint in the run folder")
    ap.add_argument("--set", action="append", default=[], metavar="BLOCK.KEY=JSON",
                    help="override a setting, also when resuming (recorded in the run's settings.json), "
                         "e.g. --set loss.tv=2 --set train.lr=5e-4")
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-minutes", type=float, default=None, help="stop (with a checkpoint) after this long")
    ap.add_argument("--smoke", action="store_true", help="tiny run on generated data with the random loss net")
    return ap.parse_args(argv)


class Trainer:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        torch.set_num_threads(args.threads)
        self.run_dir = Path(args.runs_dir) / args.run
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.ckpt = None if args.fresh else checkpoint.load(self.run_dir)
        snap = self.run_dir / "settings.json"
        if self.ckpt is not None:
            self.settings = self.ckpt["settings"]
            if args.settings:
                print("note: resuming, so the run's own settings snapshot is used, not --settings")
        else:
            self.settings = load_settings(Path(args.settings) if args.settings else None)
            if args.style:
                self.settings["styles"] = [s for s in self.settings["styles"]
                                           if s["name"] in args.style or s["file"] in args.style]
            if args.smoke:
                self.settings["train"].update({"image_size": 64, "batch": 2, "style_size": 64, "preview_every": 0})
                self.settings["loss"]["loss_net"] = "random"
            if args.loss_net:
                self.settings["loss"]["loss_net"] = args.loss_net
        if args.iterations:
            self.settings["train"]["iterations"] = args.iterations
        for item in args.set:
            key, value = item.split("=", 1)
            block, name = key.split(".", 1)
            self.settings[block][name] = json.loads(value)
            print(f"setting {block}.{name} = {self.settings[block][name]!r}", flush=True)
        self.settings.setdefault("history", []).append(
            {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "argv": sys.argv[1:],
             "from_step": int(self.ckpt["step"]) if self.ckpt else 0})
        snap.write_text(json.dumps(self.settings, indent=2) + "\n")
        self.tr = self.settings["train"]
        self.styles = style_entries(self.settings)
        self.cfg = loss_config(self.settings)
        seed = int(self.tr.get("seed", 0))
        self.rng = random.Random(seed)
        torch.manual_seed(seed)
        np.random.seed(seed)

        self.perceptual = Perceptual(build_loss_net(self.settings["loss"].get("loss_net", "resnet50"),
                                                    self.cfg.feature_layers), self.cfg)
        self.perceptual.net.to(memory_format=CL)
        size = int(self.tr["image_size"])
        data = Path(args.data)
        if args.smoke:
            self.sampler = SyntheticSampler(size, self.rng)
            style_imgs = [synthetic_style(i, int(self.tr["style_size"])) for i in range(len(self.styles))]
            self.preview_inputs = SyntheticSampler(size, random.Random(123)).batch(2)
        else:
            dcfg = self.settings["data"]
            train_files, held = content_split(data, dcfg["content_dirs"], int(dcfg["heldout_per_dir"]))
            (self.run_dir / "heldout.txt").write_text("".join(f"{p.relative_to(data)}\n" for p in held))
            print(f"content: {len(train_files)} training photos, {len(held)} held out (heldout.txt), "
                  f"{dcfg['eval_dir']} never used", flush=True)
            self.sampler = ContentSampler(train_files, size, self.rng)
            style_imgs = [load_style(data / "styles" / s.file, s.style_size) for s in self.styles]
            classic = data / dcfg["eval_dir"]
            self.preview_inputs = torch.cat([center_square(load_rgb(classic / n), 192)
                                             for n in ("tubingen.jpg", "brad_pitt.jpg")])
        self.targets = [self.perceptual.style_target(im) for im in style_imgs]
        self.betas = torch.tensor([s.beta for s in self.styles])
        self.layer_w = [s.style_layers for s in self.styles]

        ncfg = self.settings["network"]
        self.net = StyleNet(len(self.styles), ncfg["channels"], ncfg["res_blocks"]).to(memory_format=CL)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=float(self.tr["lr"]))
        self.step = 0
        self.order: List[int] = []
        if self.ckpt is not None:
            self.net.load_state_dict(self.ckpt["model"])
            self.opt.load_state_dict(self.ckpt["optimizer"])
            self.step = int(self.ckpt["step"])
            self.order = list(self.ckpt.get("order", []))
            checkpoint.restore_rng(self.ckpt["rng"], self.rng)
            print(f"resumed {self.run_dir} at step {self.step}", flush=True)
        self.stop = False
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def _on_signal(self, signum: int, _frame: Any) -> None:
        print(f"signal {signum}: will checkpoint and stop after this step", flush=True)
        self.stop = True

    def next_styles(self, n: int) -> torch.Tensor:
        """Styles for a batch: walk shuffled permutations so all styles get equal turns."""
        out = []
        for _ in range(n):
            if not self.order:
                self.order = list(range(len(self.styles)))
                self.rng.shuffle(self.order)
            out.append(self.order.pop())
        return torch.tensor(out)

    def jitter(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Crop input and output by the same random offset in [0, j) before the loss net.

        ResNet50 v1 downsamples res3a with a stride-2 1x1 convolution, so its gradient reaches only
        every other stride-4 position: a fixed alignment lets the net learn a period-8 grid
        artefact. A random offset per step averages that alignment out (train.jitter = 0: off).
        """
        j = int(self.tr.get("jitter", 0))
        if j <= 1:
            return x, y
        dy, dx = self.rng.randrange(j), self.rng.randrange(j)
        h, w = x.shape[2] - j, x.shape[3] - j
        return x[:, :, dy:dy + h, dx:dx + w], y[:, :, dy:dy + h, dx:dx + w]

    def save(self) -> None:
        checkpoint.save(self.run_dir, {
            "model": self.net.state_dict(), "optimizer": self.opt.state_dict(), "step": self.step,
            "rng": checkpoint.rng_state(self.rng), "order": self.order, "settings": self.settings,
            "style_names": [s.name for s in self.styles], "saved_at": time.time()})

    @torch.no_grad()
    def preview(self) -> None:
        """Rows: preview photos; columns: input then every style."""
        self.net.eval()
        rows = []
        for i in range(self.preview_inputs.shape[0]):
            x = self.preview_inputs[i:i + 1].repeat(len(self.styles), 1, 1, 1)
            y = self.net(x.contiguous(memory_format=CL), one_hot(torch.arange(len(self.styles)), len(self.styles)))
            rows.append([to_uint8(self.preview_inputs[i])] + [to_uint8(y[j]) for j in range(y.shape[0])])
        self.net.train()
        from PIL import Image
        img = Image.fromarray(grid(rows))
        pdir = self.run_dir / "preview"
        pdir.mkdir(exist_ok=True)
        # JPEG keeps the committed run folder small; evidence figures are made separately as PNG
        img.save(pdir / "latest.jpg", quality=85)
        if self.step % (4 * int(self.tr["preview_every"])) == 0:
            img.save(pdir / f"step{self.step:06d}.jpg", quality=85)

    def train(self) -> None:
        total = int(self.tr["iterations"])
        bs = int(self.tr["batch"])
        ck_s = float(self.tr["checkpoint_minutes"]) * 60
        preview_every = int(self.tr.get("preview_every", 0))
        log = open(self.run_dir / "losses.jsonl", "a")
        names = [s.name for s in self.styles]
        t_start = last_ck = time.time()
        window: List[float] = []
        print(f"training {len(names)} style(s) {names} for {total} steps, batch {bs}, "
              f"size {self.tr['image_size']}, loss {self.cfg}", flush=True)
        while self.step < total and not self.stop:
            t0 = time.time()
            lr = lr_at(self.step, total, float(self.tr["lr"]))
            for g in self.opt.param_groups:
                g["lr"] = lr
            x = self.sampler.batch(bs).contiguous(memory_format=CL)
            idx = self.next_styles(bs)
            y = self.net(x, one_hot(idx, len(self.styles)))
            x_l, y_l = self.jitter(x, y)
            with torch.no_grad():
                cfeat = self.perceptual.features(x_l)[self.cfg.content_layer]
            parts = self.perceptual.cost(y_l, cfeat, [self.targets[i] for i in idx.tolist()],
                                         beta=self.betas[idx], layer_weights=[self.layer_w[i] for i in idx.tolist()])
            self.opt.zero_grad(set_to_none=True)
            parts["total"].backward()
            self.opt.step()
            self.step += 1
            dt = time.time() - t0
            window = (window + [dt])[-50:]
            if not math.isfinite(parts["total"].item()):
                raise SystemExit(f"non-finite loss at step {self.step}; last checkpoint kept")
            if self.step % self.args.log_every == 0 or self.step == total:
                rec = {"step": self.step, "time": round(time.time(), 1), "lr": lr,
                       **{k: round(parts[k].item(), 6) for k in ("total", "content", "style", "tv")},
                       "sec_per_it": round(float(np.median(window)), 3),
                       "styles": idx.tolist(), "style_raw": [round(v, 6) for v in parts["style_raw"].tolist()]}
                log.write(json.dumps(rec) + "\n")
                log.flush()
                eta_h = (total - self.step) * float(np.median(window)) / 3600
                print(f"step {self.step}/{total} loss {rec['total']:.4f} (content {rec['content']:.4f} style "
                      f"{rec['style']:.4f} tv {rec['tv']:.4f}) lr {lr:.2e} {rec['sec_per_it']:.2f}s/it "
                      f"eta {eta_h:.1f}h", flush=True)
            if preview_every and self.step % preview_every == 0:
                self.preview()
            if time.time() - last_ck > ck_s:
                self.save()
                last_ck = time.time()
                print(f"checkpoint {self.run_dir / checkpoint.LATEST} at step {self.step}", flush=True)
            if self.args.max_minutes and time.time() - t_start > self.args.max_minutes * 60:
                print("time limit reached", flush=True)
                break
        self.save()
        if preview_every:
            self.preview()
        log.close()
        print(f"saved {self.run_dir / checkpoint.LATEST} at step {self.step}/{total}", flush=True)


def main(argv: Optional[List[str]] = None) -> None:
    args = parse_args(argv)
    tmp = None
    if args.smoke:
        tmp = tempfile.mkdtemp(prefix="style-smoke-")
        args.runs_dir = tmp
        args.run = args.run or "smoke"
        args.iterations = args.iterations or 3
        args.log_every = 1
    if not args.run:
        args.run = (args.style[0] if args.style and len(args.style) == 1 else None) or "cin"
    try:
        Trainer(args).train()
        if args.smoke:  # resume path: one more step from the checkpoint just written
            args.iterations += 1
            t = Trainer(args)
            assert t.step == args.iterations - 1, t.step
            t.train()
            print("SMOKE OK", flush=True)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
