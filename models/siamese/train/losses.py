"""Triplet loss with selectable mining, and the pairwise logistic alternative.

All losses take L2-normalised embeddings `e` [B, D] and integer identity labels [B] from a P x K
batch (P people, K images each) and use squared Euclidean distances, so
    L(A, P, N) = max(||f(A) - f(P)||^2 - ||f(A) - f(N)||^2 + margin, 0).

Mining (which triplets of the batch enter the loss):
  random     for each (anchor, positive) pair one uniformly random negative: mostly "too easy"
  batch-all  every valid triplet; the mean is taken over the active (non-zero) ones (Hermans et al.)
  batch-hard per anchor the farthest positive and the nearest negative (Hermans et al. 2017)
  semi-hard  per (anchor, positive) the nearest negative that is still farther than the positive
             (d_ap < d_an); if none, the farthest negative (FaceNet; as tf-addons' semihard loss)

Each returns (loss, stats) with stats["active"] = fraction of the selected triplets with loss > 0
and stats["active_all"] = the same fraction over every valid triplet of the batch (mining-
independent: shows how many triplets still carry information).
"""
from __future__ import annotations

from typing import Dict, Tuple

import torch
import torch.nn.functional as F

MINING = ("random", "batch-all", "batch-hard", "semi-hard")


def sq_dist(e: torch.Tensor) -> torch.Tensor:
    """Pairwise squared Euclidean distances [B, B] (clamped at 0)."""
    g = e @ e.t()
    n = g.diag()
    return (n[:, None] + n[None, :] - 2 * g).clamp_min(0)


def _masks(labels: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(len(labels), dtype=torch.bool, device=labels.device)
    return same & ~eye, ~same  # positive pairs (a != p), negative pairs


def triplet_loss(e: torch.Tensor, labels: torch.Tensor, margin: float, mining: str,
                 generator: torch.Generator | None = None) -> Tuple[torch.Tensor, Dict[str, float]]:
    if mining not in MINING:
        raise ValueError(f"mining must be one of {MINING}, not {mining!r}")
    d = sq_dist(e)
    pos, neg = _masks(labels)
    # every valid triplet: [a, p, n]
    all_t = d[:, :, None] - d[:, None, :] + margin
    valid = pos[:, :, None] & neg[:, None, :]
    n_valid = int(valid.sum())
    active_all = float(((all_t > 0) & valid).sum()) / max(1, n_valid)
    zero = e.sum() * 0
    if n_valid == 0:
        return zero, {"active": 0.0, "active_all": 0.0, "triplets": 0}

    if mining == "batch-all":
        vals = all_t[valid].clamp_min(0)
        n_act = int((vals > 0).sum())
        loss = vals.sum() / max(1, n_act)
        return loss, {"active": n_act / vals.numel(), "active_all": active_all, "triplets": vals.numel()}

    if mining == "batch-hard":
        has = pos.any(1) & neg.any(1)
        hp = (d * pos).max(1).values
        hn = d.masked_fill(~neg, float("inf")).min(1).values
        vals = (hp - hn + margin)[has].clamp_min(0)
        return vals.mean(), {"active": float((vals > 0).float().mean()), "active_all": active_all, "triplets": vals.numel()}

    a_idx, p_idx = pos.nonzero(as_tuple=True)
    d_ap = d[a_idx, p_idx]
    d_an = d[a_idx]  # [T, B]
    negm = neg[a_idx]
    if mining == "random":
        w = negm.float()
        n_idx = torch.multinomial(w, 1, generator=generator).squeeze(1)
        chosen = d_an.gather(1, n_idx[:, None]).squeeze(1)
    else:  # semi-hard
        outside = negm & (d_an > d_ap[:, None])
        semi = d_an.masked_fill(~outside, float("inf")).min(1).values
        inside = d_an.masked_fill(~negm, float("-inf")).max(1).values
        chosen = torch.where(outside.any(1), semi, inside)
    vals = (d_ap - chosen + margin).clamp_min(0)
    return vals.mean(), {"active": float((vals > 0).float().mean()), "active_all": active_all, "triplets": vals.numel()}


class LogisticHead(torch.nn.Module):
    """P(same) = sigmoid(w . |f(a) - f(b)| + c): the binary-classification way to learn
    verification (as the served verification head, but trained end to end)."""

    def __init__(self, dim: int):
        super().__init__()
        self.lin = torch.nn.Linear(dim, 1)
        torch.nn.init.constant_(self.lin.weight, -1.0)
        torch.nn.init.constant_(self.lin.bias, 4.0)

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return self.lin((a - b).abs()).squeeze(-1)


def pair_logistic_loss(e: torch.Tensor, labels: torch.Tensor, head: LogisticHead,
                       generator: torch.Generator | None = None) -> Tuple[torch.Tensor, Dict[str, float]]:
    """Cross-entropy on pairs of the batch: every positive pair (a < b) and as many random negative
    pairs (balanced classes). stats["active"] = fraction of pairs misclassified at p = 0.5."""
    pos, neg = _masks(labels)
    tri = torch.triu(torch.ones_like(pos), 1)
    pa, pb = (pos & tri).nonzero(as_tuple=True)
    na, nb = (neg & tri).nonzero(as_tuple=True)
    if len(na) > len(pa) > 0:
        pick = torch.randperm(len(na), generator=generator)[: len(pa)]
        na, nb = na[pick], nb[pick]
    a = torch.cat([pa, na])
    b = torch.cat([pb, nb])
    y = torch.cat([torch.ones(len(pa)), torch.zeros(len(na))]).to(e)
    logit = head(e[a], e[b])
    loss = F.binary_cross_entropy_with_logits(logit, y)
    wrong = float(((logit > 0).float() != y).float().mean()) if len(y) else 0.0
    with torch.no_grad():  # the triplet view of the same batch, for the log
        _, st = triplet_loss(e, labels, 0.2, "batch-all")
    return loss, {"active": wrong, "active_all": st["active_all"], "triplets": len(y)}
