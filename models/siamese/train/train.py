"""Train a Siamese face-embedding network from scratch: triplet loss with a selectable mining
strategy, or the pairwise logistic alternative, on a folder with one sub-folder per person.

Every epoch prints the mean loss, the fraction of active (non-zero-loss) triplets among those the
mining selected and among all valid triplets of the batch, and the verification accuracy on
validation people never seen in training (best-threshold accuracy on balanced pairs). A checkpoint
(model, optimiser, epoch, every RNG state, history) is written after every epoch into the run
folder; running the same command again resumes (use --fresh to start over). At the end the run
folder holds report.json and report.png (loss / active fraction / validation accuracy curves) and,
with --export, an ONNX file of the embedding network.

Examples:
  npm run siamese:train -- --data ../shared/data/faces/att_orl/images --mining semi-hard --run orl-semihard
  npm run siamese:train -- --data my_faces/ --mining batch-hard --epochs 40 --export my.onnx
  npm run siamese:train -- --smoke        # seconds, a generated dataset
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import random
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from . import checkpoint, report
from .data import FaceSet, PKSampler, augment, generated_set, load_folder, make_pairs, write_generated
from .losses import MINING, LogisticHead, pair_logistic_loss, triplet_loss
from .nets import SmallFaceNet

SIAMESE_ROOT = Path(__file__).resolve().parents[1]
REPO_ROOT = SIAMESE_ROOT.parents[1]
DEFAULT_CONFIG = SIAMESE_ROOT / "config" / "defaults.json"
METHODS = MINING + ("logistic",)


def load_config(path: Optional[Path] = None) -> Dict[str, Any]:
    return json.loads(Path(path or DEFAULT_CONFIG).read_text())


def seed_everything(seed: int) -> random.Random:
    torch.manual_seed(seed)
    np.random.seed(seed)
    return random.Random(seed)


def lr_at(epoch: int, total: int, base: float) -> float:
    """Constant, then cosine decay to 5 % over the second half (a pure function of the epoch)."""
    half = total // 2
    if epoch < half:
        return base
    t = (epoch - half) / max(1, total - half)
    return base * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * t)))


@torch.no_grad()
def embed(model: torch.nn.Module, images: torch.Tensor, flip: bool = True, batch: int = 128) -> torch.Tensor:
    """L2-normalised embeddings, averaged with the mirrored image's when flip (as the product does)."""
    model.eval()
    out = []
    for i in range(0, len(images), batch):
        x = images[i:i + batch]
        e = model(x)
        if flip:
            e = torch.nn.functional.normalize(e + model(x.flip(3)), dim=1)
        out.append(e)
    return torch.cat(out)


def pair_distances(e: torch.Tensor, pairs: Sequence[Tuple[int, int, bool]]) -> Tuple[np.ndarray, np.ndarray]:
    a = torch.tensor([p[0] for p in pairs])
    b = torch.tensor([p[1] for p in pairs])
    d = (e[a] - e[b]).pow(2).sum(1).sqrt().numpy()
    return d, np.array([p[2] for p in pairs], dtype=bool)


def best_threshold(d: np.ndarray, same: np.ndarray) -> Tuple[float, float]:
    """Threshold maximising accuracy of `distance <= t` (midpoints between sorted distances)."""
    order = np.sort(np.unique(d))
    cands = np.concatenate([[order[0] - 1e-6], (order[1:] + order[:-1]) / 2, [order[-1] + 1e-6]])
    best = (0.0, float(cands[0]))
    for t in cands:
        acc = float(((d <= t) == same).mean())
        if acc > best[0]:
            best = (acc, float(t))
    return best[1], best[0]


def accuracy_at(d: np.ndarray, same: np.ndarray, t: float) -> float:
    return float(((d <= t) == same).mean())


def roc_auc(d: np.ndarray, same: np.ndarray) -> float:
    s, n = -d[same], -d[~same]
    if not len(s) or not len(n):
        return float("nan")
    return float(((s[:, None] > n[None, :]).sum() + 0.5 * (s[:, None] == n[None, :]).sum()) / (len(s) * len(n)))


def build_model(cfg: Dict[str, Any], channels: int) -> torch.nn.Module:
    return SmallFaceNet(channels, cfg["width"], cfg["dim"])


def train(cfg: Dict[str, Any], train_set: FaceSet, val_set: Optional[FaceSet], run_dir: Path, fresh: bool = False,
          log: Callable[[str], None] = print, max_minutes: Optional[float] = None) -> Dict[str, Any]:
    """One training run; resumable from run_dir. Returns the report dict (also written to run_dir)."""
    method = cfg["mining"]
    if method not in METHODS:
        raise SystemExit(f"--mining must be one of {', '.join(METHODS)}")
    run_dir.mkdir(parents=True, exist_ok=True)
    rng = seed_everything(cfg["seed"])
    gen = torch.Generator().manual_seed(cfg["seed"])
    model = build_model(cfg, train_set.images.shape[1])
    head = LogisticHead(cfg["dim"]) if method == "logistic" else None
    params = list(model.parameters()) + (list(head.parameters()) if head else [])
    opt = torch.optim.Adam(params, lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    sampler = PKSampler(train_set.labels, cfg["p"], cfg["k"], rng)
    val_pairs = make_pairs(val_set.labels, cfg["val_pairs"], cfg["val_pairs"], cfg["seed"]) if val_set is not None else []
    history: List[Dict[str, Any]] = []
    start_epoch = 0
    ck = None if fresh else checkpoint.load(run_dir)
    if ck is not None:
        same = lambda c: {k: v for k, v in c.items() if k != "epochs"}
        if same(ck.get("config", {})) != same(cfg):
            raise SystemExit(f"{run_dir} holds a run with another configuration; use --fresh or another --run")
        model.load_state_dict(ck["model"])
        if head is not None:
            head.load_state_dict(ck["head"])
        opt.load_state_dict(ck["opt"])
        checkpoint.restore_rng(ck["rng"], rng)
        gen.set_state(ck["gen"])
        history, start_epoch = ck["history"], ck["epoch"]
        log(f"resumed {run_dir} at epoch {start_epoch}")
    steps = sampler.steps_per_epoch()
    t_start = time.time()
    stop = {"now": False}

    def on_signal(sig, _frame):  # finish the epoch, checkpoint, exit
        stop["now"] = True
    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)} if _main_thread() else {}
    try:
        for epoch in range(start_epoch, cfg["epochs"]):
            for g in opt.param_groups:
                g["lr"] = lr_at(epoch, cfg["epochs"], cfg["lr"])
            model.train()
            sums = {"loss": 0.0, "active": 0.0, "active_all": 0.0}
            t0 = time.time()
            for _ in range(steps):
                idx = sampler.batch()
                x = augment(train_set.images[idx].float(), gen, cfg["shift"], cfg["flip"])
                e = model(x)
                y = train_set.labels[idx]
                if head is not None:
                    loss, st = pair_logistic_loss(e, y, head, gen)
                else:
                    loss, st = triplet_loss(e, y, cfg["margin"], method, gen)
                opt.zero_grad()
                loss.backward()
                opt.step()
                sums["loss"] += float(loss)
                sums["active"] += st["active"]
                sums["active_all"] += st["active_all"]
            h: Dict[str, Any] = {"epoch": epoch + 1, **{k: v / steps for k, v in sums.items()},
                                 "lr": opt.param_groups[0]["lr"], "seconds": round(time.time() - t0, 2)}
            if val_pairs:
                d, same = pair_distances(embed(model, val_set.images), val_pairs)
                h["val_threshold"], h["val_acc"] = best_threshold(d, same)
                h["val_auc"] = roc_auc(d, same)
            history.append(h)
            val = f" val acc {100 * h['val_acc']:.1f}% (t={h['val_threshold']:.3f}, auc {h['val_auc']:.3f})" if val_pairs else ""
            act = "misclassified pairs" if head is not None else "active triplets"
            log(f"epoch {epoch + 1}/{cfg['epochs']} loss {h['loss']:.4f} {act} {100 * h['active']:.1f}% "
                f"(all triplets {100 * h['active_all']:.1f}%){val} [{h['seconds']:.1f}s]")
            checkpoint.save(run_dir, {"config": cfg, "model": model.state_dict(), "head": head.state_dict() if head else None,
                                      "opt": opt.state_dict(), "rng": checkpoint.rng_state(rng), "gen": gen.get_state(),
                                      "history": history, "epoch": epoch + 1})
            if stop["now"] or (max_minutes and time.time() - t_start > 60 * max_minutes):
                log(f"stopped after epoch {epoch + 1} (checkpoint saved; rerun to resume)")
                return {"stopped": True, "history": history}
    finally:
        for s, h_ in old.items():
            signal.signal(s, h_)
    rep = {"title": f"{method} - {run_dir.name}", "config": cfg, "history": history,
           "train_people": len(train_set.people), "train_images": len(train_set.labels),
           "val_people": len(val_set.people) if val_set is not None else 0, "val_pairs": len(val_pairs),
           "final": history[-1] if history else {}}
    report.write(run_dir, rep)
    torch.save({"config": cfg, "model": model.state_dict(), "head": head.state_dict() if head else None,
                "channels": train_set.images.shape[1]}, run_dir / "model.pt")
    return rep


def _main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


class OnnxWrapper(torch.nn.Module):
    """The served-model contract for exported nets: NHWC float 0..255 in, embedding out."""

    def __init__(self, net: torch.nn.Module):
        super().__init__()
        self.net = net

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.net(image.permute(0, 3, 1, 2))


def export_onnx(model: torch.nn.Module, channels: int, size: Tuple[int, int], path: Path) -> None:
    model.eval()
    dummy = torch.rand(1, size[0], size[1], channels) * 255
    torch.onnx.export(OnnxWrapper(model), dummy, str(path), input_names=["image"], output_names=["embedding"],
                      dynamic_axes={"image": {0: "N"}, "embedding": {0: "N"}}, opset_version=17)


def parse_size(s: str) -> Tuple[int, int]:
    h, w = (int(v) for v in s.lower().split("x"))
    return h, w


def split_people(s: FaceSet, val_fraction: float, seed: int) -> Tuple[FaceSet, Optional[FaceSet]]:
    people = [p for p in s.people if int((s.labels == s.people.index(p)).sum()) >= 2]
    rng = random.Random(seed)
    shuffled = sorted(people)
    rng.shuffle(shuffled)
    n_val = max(2, round(len(people) * val_fraction)) if val_fraction > 0 else 0
    if n_val and len(people) - n_val < 2:
        raise SystemExit("too few people for a validation split; lower --val-fraction or pass --val-data")
    val = sorted(shuffled[:n_val])
    train_p = [p for p in s.people if p not in set(val)]
    return s.subset(train_p), (s.subset(val) if val else None)


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="folder with one sub-folder of images per person")
    ap.add_argument("--val-data", help="validation people (default: --val-fraction of --data's people, held out)")
    ap.add_argument("--val-fraction", type=float, default=0.2)
    ap.add_argument("--mining", choices=METHODS, help="triplet mining, or 'logistic' for pairwise cross-entropy")
    ap.add_argument("--config", default=str(DEFAULT_CONFIG), help="defaults (models/siamese/config/defaults.json)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=JSON", help="override a config value, e.g. --set margin=0.3")
    for k, t in (("epochs", int), ("p", int), ("k", int), ("margin", float), ("lr", float), ("seed", int), ("dim", int), ("width", int)):
        ap.add_argument(f"--{k}", type=t, default=None)
    ap.add_argument("--size", help="input HxW, e.g. 56x46 (default from config)")
    ap.add_argument("--channels", type=int, choices=(1, 3), default=None, help="1 = greyscale (default from config)")
    ap.add_argument("--run", default=None, help="run folder name under --runs-dir (default: <data folder>-<mining>)")
    ap.add_argument("--runs-dir", default=str(REPO_ROOT / ".cache" / "siamese" / "runs"))
    ap.add_argument("--fresh", action="store_true", help="ignore an existing checkpoint")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-minutes", type=float, default=None, help="stop with a checkpoint after this long")
    ap.add_argument("--export", default=None, help="write the trained embedding net as ONNX (NHWC 0..255 input)")
    ap.add_argument("--smoke", action="store_true", help="a few iterations on a generated dataset, with a resume check")
    return ap.parse_args(argv)


def config_from_args(args: argparse.Namespace) -> Dict[str, Any]:
    cfg = load_config(Path(args.config))
    cfg.pop("_doc", None)
    for k in ("epochs", "p", "k", "margin", "lr", "seed", "dim", "width", "channels", "mining"):
        v = getattr(args, k, None)
        if v is not None:
            cfg[k] = v
    if args.size:
        cfg["size"] = list(parse_size(args.size))
    for kv in args.set:
        k, v = kv.split("=", 1)
        if k not in cfg:
            raise SystemExit(f"unknown config key {k}; known: {sorted(cfg)}")
        cfg[k] = json.loads(v)
    return cfg


def smoke(args: argparse.Namespace) -> None:
    """Every method for 2 epochs on a generated set, then one run resumed to 3 epochs and exported."""
    with tempfile.TemporaryDirectory() as tmp:
        data = write_generated(Path(tmp) / "data", people=8, per_person=5, size=(28, 24))
        runs = Path(tmp) / "runs"
        base = ["--data", str(data), "--size", "28x24", "--p", "4", "--k", "3", "--width", "4", "--dim", "16",
                "--runs-dir", str(runs), "--val-fraction", "0.25", "--set", "val_pairs=20"]
        for m in METHODS:
            main(base + ["--epochs", "2", "--mining", m, "--run", m])
            assert len(json.loads((runs / m / "report.json").read_text())["history"]) == 2
        main(base + ["--epochs", "3", "--mining", "semi-hard", "--run", "semi-hard", "--export", str(Path(tmp) / "m.onnx")])
        rep = json.loads((runs / "semi-hard" / "report.json").read_text())
        assert len(rep["history"]) == 3, rep["history"]
        assert (runs / "semi-hard" / "report.png").exists()
        assert (Path(tmp) / "m.onnx").stat().st_size > 1000
    print("SMOKE OK")


def main(argv: Optional[List[str]] = None) -> Dict[str, Any]:
    args = parse_args(argv)
    if args.smoke:
        smoke(args)
        return {}
    torch.set_num_threads(args.threads)
    if not args.data:
        raise SystemExit("--data <folder with one sub-folder per person> is required")
    cfg = config_from_args(args)
    size = tuple(cfg["size"])
    full = load_folder(Path(args.data), size, cfg["channels"])
    if args.val_data:
        train_set, val_set = full, load_folder(Path(args.val_data), size, cfg["channels"])
    else:
        train_set, val_set = split_people(full, args.val_fraction, cfg["seed"])
    run = args.run or f"{Path(args.data).resolve().name}-{cfg['mining']}"
    run_dir = Path(args.runs_dir) / run
    print(f"siamese:train {cfg['mining']}: {len(train_set.people)} people / {len(train_set.labels)} images for training, "
          f"{len(val_set.people) if val_set else 0} validation people; input {size[0]}x{size[1]}x{cfg['channels']}; run {run_dir}")
    rep = train(cfg, train_set, val_set, run_dir, args.fresh, max_minutes=args.max_minutes)
    if rep.get("stopped"):
        return rep
    print(f"report: {run_dir / 'report.json'} and report.png")
    if args.export:
        model = build_model(cfg, cfg["channels"])
        model.load_state_dict(torch.load(run_dir / "model.pt")["model"])
        export_onnx(model, cfg["channels"], size, Path(args.export))
        print(f"exported {args.export}")
    return rep


if __name__ == "__main__":
    main()
