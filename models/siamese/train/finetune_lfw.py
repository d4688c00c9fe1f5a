"""Fine-tune the served encoder (dlib ResNet-29, from the same TF.js weights as its ONNX) with the
triplet loss on LFW View 1 pairsDevTrain identities, on chips made by the product pipeline
(npm run siamese:chips). pairsDevTest is never read here: it is scored afterwards by faces:eval.

What is trained, and why: only the last residual block (conv256_down_out: two 3x3 convs of 256
channels, 1.2 M parameters) and the 256x128 projection, initialised from the pretrained weights.
The 800 DevTrain identities (2,100 images, mostly 2-3 per person) are far too few to move a
5.6 M-parameter encoder trained on ~3 M faces without forgetting, and the frozen trunk lets its
features be computed once (with the mirrored chip as augmentation), which is what makes training
affordable on two shared CPU cores. `--train fc` trains the projection alone. An L2-SP penalty
(`--l2sp`) pulls the weights toward the pretrained ones; the epoch kept is the one with the best
validation AUC on held-out DevTrain identities (epoch 0 = the pretrained encoder, so fine-tuning
can only be chosen when it helps on people it did not train on); the best fine-tuned epoch (>= 1) is
exported either way, so that faces:eval can measure what fine-tuning does on DevTest.

Steps: (1) parity: the PyTorch encoder vs the fp32 ONNX encoder on real chips (cosine >= 0.999);
(2) trunk features (cached); (3) train (checkpoint per epoch, resumes); (4) report.json/png;
(5) export ONNX (opset 17, served contract: image [N,150,150,3] RGB 0..255 -> embedding [N,128],
L2-normalised) for models/siamese/build/export-encoder.ts (int8 + manifest) and faces:eval.

  npm run siamese:finetune -- [--chips .cache/siamese/lfw-devtrain] [--mining semi-hard] [--epochs 30]
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import torch
import torch.nn.functional as F

from . import checkpoint, report
from .data import PKSampler, make_pairs
from .dlib_resnet import DlibEncoder, for_export, pretrained
from .losses import MINING, triplet_loss
from .train import REPO_ROOT, best_threshold, roc_auc, seed_everything

DEFAULT_CHIPS = REPO_ROOT / ".cache" / "siamese" / "lfw-devtrain"


def load_chips(d: Path):
    idx = json.loads((d / "index.json").read_text())
    n = len(idx["files"])
    chips = np.fromfile(d / "chips.u8", dtype=np.uint8).reshape(n, 150, 150, 3)
    return idx, chips


@torch.no_grad()
def parity(model: DlibEncoder, chips: np.ndarray, d: Path, n: int) -> Dict[str, float]:
    ref = np.fromfile(d / "parity.f32", dtype=np.float32).reshape(-1, 128)[:n]
    got = model(torch.from_numpy(chips[:len(ref)].astype(np.float32))).numpy()
    cos = (ref * got).sum(1) / np.linalg.norm(ref, axis=1) / np.linalg.norm(got, axis=1)
    return {"chips": len(ref), "cosine_min": float(cos.min()), "cosine_mean": float(cos.mean()),
            "max_abs_diff": float(np.abs(ref - got).max())}


@torch.no_grad()
def trunk_features(model: DlibEncoder, chips: np.ndarray, cache: Path, log) -> torch.Tensor:
    """[N, 2, 256, 4, 4]: features of each chip and of its mirror image."""
    if cache.exists():
        f = torch.load(cache)
        if f.shape[0] == len(chips):
            return f
    out = torch.empty(len(chips), 2, 256, 4, 4)
    t0 = time.time()
    for i in range(0, len(chips), 16):
        x = torch.from_numpy(chips[i:i + 16].astype(np.float32))
        out[i:i + 16, 0] = model.trunk(x)
        out[i:i + 16, 1] = model.trunk(x.flip(2))
        if (i // 16) % 20 == 0:
            log(f"trunk features {i + len(x)}/{len(chips)} ({time.time() - t0:.0f}s)")
    torch.save(out, cache)
    return out


@torch.no_grad()
def val_metrics(head, feats: torch.Tensor, pairs) -> Dict[str, float]:
    head.eval()
    e = F.normalize(head(feats[:, 0]) + head(feats[:, 1]), dim=1)  # flip-averaged, as the product
    a = torch.tensor([p[0] for p in pairs]); b = torch.tensor([p[1] for p in pairs])
    d = (e[a] - e[b]).pow(2).sum(1).sqrt().numpy()
    same = np.array([p[2] for p in pairs], dtype=bool)
    t, acc = best_threshold(d, same)
    return {"val_acc": acc, "val_threshold": t, "val_auc": roc_auc(d, same)}


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chips", default=str(DEFAULT_CHIPS))
    ap.add_argument("--mining", choices=MINING, default="semi-hard")
    ap.add_argument("--train", choices=("last-block", "fc"), default="last-block")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--p", type=int, default=32)
    ap.add_argument("--k", type=int, default=2)
    ap.add_argument("--margin", type=float, default=0.2)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--l2sp", type=float, default=1e-2, help="weight of ||w - w_pretrained||^2")
    ap.add_argument("--val-fraction", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--run", default=None)
    ap.add_argument("--runs-dir", default=str(REPO_ROOT / ".cache" / "siamese" / "lfw-runs"))
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--keep", choices=("best", "last"), default="best",
                    help="export the best fine-tuned epoch by validation AUC (default) or the last one")
    ap.add_argument("--export", default=None, help="ONNX path for the kept model (default <run>/encoder-finetuned.onnx)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    log = lambda s: print(s, flush=True)
    chips_dir = Path(args.chips)
    idx, chips = load_chips(chips_dir)
    run = args.run or f"{args.train}-{args.mining}"
    run_dir = Path(args.runs_dir) / run
    run_dir.mkdir(parents=True, exist_ok=True)

    model = pretrained(normalise=False)
    par = parity(model, chips, chips_dir, idx.get("parity", 64))
    log(f"parity PyTorch vs fp32 ONNX on {par['chips']} real chips: cosine min {par['cosine_min']:.7f}, "
        f"mean {par['cosine_mean']:.7f}, max |diff| {par['max_abs_diff']:.2e}")
    if par["cosine_min"] < 0.999:
        raise SystemExit("parity check failed: the PyTorch encoder does not match the ONNX encoder")
    feats = trunk_features(model, chips, chips_dir / "trunk-features.pt", log)

    people = sorted({f["person"] for f in idx["files"]})
    labels_all = torch.tensor([people.index(f["person"]) for f in idx["files"]])
    counts = torch.bincount(labels_all, minlength=len(people))
    multi = [p for i, p in enumerate(people) if counts[i] >= 2]
    rng = seed_everything(args.seed)
    shuffled = list(multi)
    random.Random(args.seed).shuffle(shuffled)
    val_people = set(shuffled[:round(len(multi) * args.val_fraction)])
    tr_idx = torch.tensor([i for i, f in enumerate(idx["files"]) if f["person"] not in val_people and counts[labels_all[i]] >= 2])
    va_idx = torch.tensor([i for i, f in enumerate(idx["files"]) if f["person"] in val_people])
    val_pairs = make_pairs(labels_all[va_idx], 10_000, 10_000, args.seed)
    log(f"{len(multi)} DevTrain people with >= 2 chips: {len(multi) - len(val_people)} train ({len(tr_idx)} chips), "
        f"{len(val_people)} validation ({len(va_idx)} chips, {len(val_pairs)} balanced pairs)")

    head = copy.deepcopy(model.head)
    head.normalise = True
    ref = {k: v.detach().clone() for k, v in head.named_parameters()}
    if args.train == "fc":
        for n_, p_ in head.named_parameters():
            p_.requires_grad = n_ == "fc"
    params = [p_ for p_ in head.parameters() if p_.requires_grad]
    opt = torch.optim.Adam(params, lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    sampler = PKSampler(labels_all[tr_idx], args.p, args.k, rng)
    cfg = {k: v for k, v in vars(args).items() if k not in ("fresh", "threads", "export", "runs_dir", "run", "keep")}
    v0 = val_metrics(head, feats[va_idx], val_pairs)
    history: List[Dict[str, Any]] = [{"epoch": 0, "loss": float("nan"), "active": float("nan"), "active_all": float("nan"), **v0}]
    best = {"epoch": 0, "val_auc": v0["val_auc"], "state": copy.deepcopy(head.state_dict())}
    best_ft = {"epoch": 0, "val_auc": -1.0, "state": None}
    start = 0
    ck = None if args.fresh else checkpoint.load(run_dir)
    if ck is not None and ck["config"] == cfg:
        head.load_state_dict(ck["head"]); opt.load_state_dict(ck["opt"])
        checkpoint.restore_rng(ck["rng"], rng); gen.set_state(ck["gen"])
        history, best, best_ft, start = ck["history"], ck["best"], ck["best_ft"], ck["epoch"]
        log(f"resumed {run_dir} at epoch {start}")
    log(f"epoch 0 (pretrained, L2-normalised): val acc {100 * v0['val_acc']:.2f}% auc {v0['val_auc']:.4f}")
    steps = sampler.steps_per_epoch()
    for epoch in range(start, args.epochs):
        head.train()
        s = {"loss": 0.0, "active": 0.0, "active_all": 0.0}
        t0 = time.time()
        for _ in range(steps):
            bi = sampler.batch()
            ii = tr_idx[bi]
            flip = torch.randint(0, 2, (len(ii),), generator=gen)
            e = head(feats[ii, flip])
            loss, st = triplet_loss(e, labels_all[ii], args.margin, args.mining, gen)
            reg = sum(((p_ - ref[n_]) ** 2).sum() for n_, p_ in head.named_parameters() if p_.requires_grad)
            opt.zero_grad()
            (loss + args.l2sp * reg).backward()
            opt.step()
            s["loss"] += float(loss); s["active"] += st["active"]; s["active_all"] += st["active_all"]
        v = val_metrics(head, feats[va_idx], val_pairs)
        h = {"epoch": epoch + 1, **{k: x / steps for k, x in s.items()}, **v, "seconds": round(time.time() - t0, 1)}
        history.append(h)
        if v["val_auc"] > best["val_auc"]:
            best = {"epoch": epoch + 1, "val_auc": v["val_auc"], "state": copy.deepcopy(head.state_dict())}
        if v["val_auc"] > best_ft["val_auc"]:
            best_ft = {"epoch": epoch + 1, "val_auc": v["val_auc"], "state": copy.deepcopy(head.state_dict())}
        log(f"epoch {epoch + 1}/{args.epochs} loss {h['loss']:.4f} active triplets {100 * h['active']:.1f}% "
            f"(all {100 * h['active_all']:.1f}%) val acc {100 * v['val_acc']:.2f}% auc {v['val_auc']:.4f} [{h['seconds']}s]")
        checkpoint.save(run_dir, {"config": cfg, "head": head.state_dict(), "opt": opt.state_dict(), "rng": checkpoint.rng_state(rng),
                                  "gen": gen.get_state(), "history": history, "best": best, "best_ft": best_ft, "epoch": epoch + 1})
    verdict = "fine-tuning helps on validation people" if best["epoch"] > 0 else "fine-tuning does NOT beat the pretrained encoder on validation people"
    log(f"best epoch {best['epoch']} (val AUC {best['val_auc']:.4f}; pretrained {v0['val_auc']:.4f}): {verdict}")
    if args.keep == "last":
        best_ft = {"epoch": len(history) - 1, "val_auc": history[-1]["val_auc"], "state": copy.deepcopy(head.state_dict())}
    log(f"exporting the {args.keep} fine-tuned epoch {best_ft['epoch']} (val AUC {best_ft['val_auc']:.4f})")
    head.load_state_dict(best_ft["state"])
    enc = DlibEncoder(normalise=True)
    enc.trunk.load_state_dict(model.trunk.state_dict())
    enc.head.load_state_dict(head.state_dict())
    enc.eval()
    out = Path(args.export) if args.export else run_dir / ("encoder-finetuned.onnx" if args.keep == "best" else "encoder-finetuned-last.onnx")
    torch.onnx.export(for_export(enc), torch.rand(1, 150, 150, 3) * 255, str(out), input_names=["image"], output_names=["embedding"],
                      dynamic_axes={"image": {0: "N"}, "embedding": {0: "N"}}, opset_version=17)
    torch.save({"head": head.state_dict(), "config": cfg}, run_dir / "head.pt")
    report.write(run_dir if args.keep == "best" else run_dir / "last", {"title": f"LFW fine-tune {run}", "config": cfg, "parity": par, "history": history,
                           "best_epoch_including_pretrained": best["epoch"], "verdict": verdict,
                           "kept_epoch": best_ft["epoch"], "pretrained_val": v0, "kept_val": history[best_ft["epoch"]],
                           "onnx": str(out), "train_people": len(multi) - len(val_people), "val_people": len(val_people)})
    log(f"exported {out}")


if __name__ == "__main__":
    main()
