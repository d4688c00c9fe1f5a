"""The ORL table: 10-fold, identity-disjoint verification accuracy of the small CNN trained from
scratch with each method (same epochs, same seed, same batches of P x K).

For test fold k (folds.txt: 4 people each), the network trains on 8 folds (32 people), fold k+1
(mod 10) is the validation fold (its best-accuracy threshold, from the last epoch, is the decision
threshold), and fold k's 200 pairs of pairs.txt (100 same, 100 different, LFW format) are scored at
that threshold. People of the test fold are never seen in training or threshold choice: one-shot.
Runs are resumable: a finished fold (report.json) is skipped, an interrupted one resumes.

  npm run siamese:orl -- [--data ../shared/data/faces/att_orl] [--methods random,batch-hard,semi-hard,logistic] [--epochs N]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import torch

from .data import load_folder, read_folds, read_pairs
from .train import (DEFAULT_CONFIG, METHODS, REPO_ROOT, SIAMESE_ROOT, accuracy_at, build_model, embed, load_config,
                    roc_auc, train)
from .losses import LogisticHead

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "faces" / "att_orl"


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--methods", default="random,batch-hard,semi-hard,logistic,batch-all")
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--folds", default=None, help="comma-separated 1-based folds (default all)")
    ap.add_argument("--config", default=str(DEFAULT_CONFIG))
    ap.add_argument("--runs-dir", default=str(REPO_ROOT / ".cache" / "siamese" / "orl"))
    ap.add_argument("--out", default=str(SIAMESE_ROOT / "results" / "orl.json"))
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    data = Path(args.data)
    base = load_config(Path(args.config))
    base.pop("_doc", None)
    if args.epochs:
        base["epochs"] = args.epochs
    methods = args.methods.split(",")
    for m in methods:
        if m not in METHODS:
            raise SystemExit(f"unknown method {m}")
    folds = read_folds(data / "folds.txt")
    pairs, n_folds = read_pairs(data / "pairs.txt")
    per_fold = len(pairs) // n_folds
    full = load_folder(data / "images", tuple(base["size"]), base["channels"])
    index = {f: i for i, f in enumerate(full.files)}
    which = [int(f) - 1 for f in args.folds.split(",")] if args.folds else list(range(len(folds)))
    shown = str(data)
    for base_dir, prefix in ((REPO_ROOT, ""), (REPO_ROOT.parent, "../")):
        try:
            shown = prefix + str(data.resolve().relative_to(base_dir.resolve()))
            break
        except ValueError:
            pass
    results: Dict[str, Any] = {"config": base, "data": shown, "methods": {}}
    out = Path(args.out)
    if out.exists():
        prev = json.loads(out.read_text())
        if {k: v for k, v in prev.get("config", {}).items()} == base:
            results["methods"] = prev.get("methods", {})
    t0 = time.time()
    for k in which:
        test_people, val_people = folds[k], folds[(k + 1) % len(folds)]
        train_people = [p for p in full.people if p not in set(test_people) | set(val_people)]
        fold_pairs = pairs[k * per_fold:(k + 1) * per_fold]
        assert all(a in test_people and b in test_people for a, _, b, _, _ in fold_pairs), f"fold {k + 1} pairs/people mismatch"
        tr, va = full.subset(train_people), full.subset(val_people)
        for m in methods:
            cfg = dict(base, mining=m)
            run_dir = Path(args.runs_dir) / m / f"fold{k + 1}"
            print(f"[orl] fold {k + 1}/{len(folds)} {m}: train {len(train_people)} people, val {val_people}, test {test_people} "
                  f"({time.time() - t0:.0f}s elapsed)", flush=True)
            rep_file = run_dir / "report.json"
            if rep_file.exists() and json.loads(rep_file.read_text())["config"] == cfg:
                rep = json.loads(rep_file.read_text())
            else:
                rep = train(cfg, tr, va, run_dir, log=lambda s: print("   ", s, flush=True))
            ck = torch.load(run_dir / "model.pt")
            model = build_model(cfg, full.images.shape[1])
            model.load_state_dict(ck["model"])
            e = embed(model, full.images)
            a = torch.tensor([index[f"{n1}/{n1}_{i1:04d}.png"] for n1, i1, _, _, _ in fold_pairs])
            b = torch.tensor([index[f"{n2}/{n2}_{i2:04d}.png"] for _, _, n2, i2, _ in fold_pairs])
            same = np.array([s for *_, s in fold_pairs], dtype=bool)
            d = (e[a] - e[b]).pow(2).sum(1).sqrt().numpy()
            t = rep["final"]["val_threshold"]
            row = {"fold": k + 1, "accuracy": accuracy_at(d, same, t), "threshold": t, "auc": roc_auc(d, same),
                   "val_acc": rep["final"]["val_acc"], "final_loss": rep["final"]["loss"],
                   "active_first_epoch": rep["history"][0]["active"], "active_last_epoch": rep["final"]["active"],
                   "active_all_last_epoch": rep["final"]["active_all"],
                   "seconds": sum(h["seconds"] for h in rep["history"])}
            if ck.get("head") is not None:
                head = LogisticHead(cfg["dim"])
                head.load_state_dict(ck["head"])
                with torch.no_grad():
                    p = torch.sigmoid(head(e[a], e[b])).numpy()
                row["accuracy_logistic_p05"] = float(((p > 0.5) == same).mean())
            print(f"    -> fold {k + 1} {m}: test accuracy {100 * row['accuracy']:.1f}% at t={t:.3f}, AUC {row['auc']:.4f}", flush=True)
            rows = [r for r in results["methods"].get(m, []) if r["fold"] != k + 1] + [row]
            results["methods"][m] = sorted(rows, key=lambda r: r["fold"])
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(results, indent=1))
    print(table(results))
    (out.with_suffix(".md")).write_text(table(results) + "\n")


def table(results: Dict[str, Any]) -> str:
    cfg = results["config"]
    lines = [f"Small CNN from scratch, {cfg['size'][0]}x{cfg['size'][1]} grey, {cfg['epochs']} epochs, P x K = {cfg['p']} x {cfg['k']}, "
             f"margin {cfg['margin']}, seed {cfg['seed']}; accuracy on each test fold's 200 pairs at the validation fold's threshold.",
             "",
             "| method | 10-fold accuracy (mean ± sd) | folds | ROC AUC (mean) | active triplets, epoch 1 → last | all-triplet active, last | train s/fold |",
             "|---|---|---|---|---|---|---|"]
    for m, rows in results["methods"].items():
        acc = np.array([r["accuracy"] for r in rows])
        auc = np.mean([r["auc"] for r in rows])
        act = f"{100 * np.mean([r['active_first_epoch'] for r in rows]):.0f} % → {100 * np.mean([r['active_last_epoch'] for r in rows]):.0f} %"
        if m == "logistic":
            act = "(misclassified pairs) " + act
        extra = ""
        if "accuracy_logistic_p05" in rows[0]:
            extra = f" (p > 0.5: {100 * np.mean([r['accuracy_logistic_p05'] for r in rows]):.1f} %)"
        lines.append(f"| {m} | {100 * acc.mean():.1f} % ± {100 * acc.std():.1f}{extra} | {len(rows)} | {auc:.4f} | {act} | "
                     f"{100 * np.mean([r['active_all_last_epoch'] for r in rows]):.0f} % | {np.mean([r['seconds'] for r in rows]):.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
