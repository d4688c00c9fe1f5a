"""Smoke tests for the Siamese training package: no dataset, no download, a few seconds.

Run: PYTHONPATH=models/siamese /usr/bin/python3 -m unittest -v train.test_smoke
(npm test runs it through test/unit/siamese/train-smoke.test.ts).
"""
from __future__ import annotations

import io
import random
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path

import torch
import torch.nn.functional as F

from . import checkpoint
from .data import PKSampler, generated_set, make_pairs
from .dlib_resnet import DlibEncoder, load_tfjs_weights, WEIGHTS
from .losses import LogisticHead, pair_logistic_loss, sq_dist, triplet_loss
from .train import best_threshold, main as train_main

torch.set_num_threads(1)


def brute_force(e, labels, margin):
    """Every valid triplet's loss, by loops (the reference for the vectorised versions)."""
    d = sq_dist(e)
    out = {}
    n = len(labels)
    for a in range(n):
        for p in range(n):
            if p == a or labels[p] != labels[a]:
                continue
            for q in range(n):
                if labels[q] != labels[a]:
                    out[(a, p, q)] = max(0.0, float(d[a, p] - d[a, q] + margin))
    return d, out


class LossTests(unittest.TestCase):
    def setUp(self):
        g = torch.Generator().manual_seed(0)
        self.e = F.normalize(torch.randn(12, 8, generator=g), dim=1)
        self.y = torch.tensor([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])

    def test_batch_all_and_active_fraction(self):
        _, ref = brute_force(self.e, self.y.tolist(), 0.5)
        loss, st = triplet_loss(self.e, self.y, 0.5, "batch-all")
        act = [v for v in ref.values() if v > 0]
        self.assertAlmostEqual(float(loss), sum(act) / len(act), places=5)
        self.assertAlmostEqual(st["active"], len(act) / len(ref), places=6)
        self.assertAlmostEqual(st["active_all"], len(act) / len(ref), places=6)

    def test_batch_hard(self):
        d, _ = brute_force(self.e, self.y.tolist(), 0.3)
        vals = []
        for a in range(12):
            pos = [float(d[a, p]) for p in range(12) if p != a and self.y[p] == self.y[a]]
            neg = [float(d[a, q]) for q in range(12) if self.y[q] != self.y[a]]
            vals.append(max(0.0, max(pos) - min(neg) + 0.3))
        loss, _ = triplet_loss(self.e, self.y, 0.3, "batch-hard")
        self.assertAlmostEqual(float(loss), sum(vals) / len(vals), places=5)

    def test_semi_hard_picks_nearest_negative_beyond_positive(self):
        d, _ = brute_force(self.e, self.y.tolist(), 0.2)
        vals = []
        for a in range(12):
            for p in range(12):
                if p == a or self.y[p] != self.y[a]:
                    continue
                neg = [float(d[a, q]) for q in range(12) if self.y[q] != self.y[a]]
                beyond = [x for x in neg if x > float(d[a, p])]
                dn = min(beyond) if beyond else max(neg)
                vals.append(max(0.0, float(d[a, p]) - dn + 0.2))
        loss, _ = triplet_loss(self.e, self.y, 0.2, "semi-hard")
        self.assertAlmostEqual(float(loss), sum(vals) / len(vals), places=5)

    def test_random_negatives_are_easier_than_hard_ones(self):
        centres = F.normalize(torch.randn(4, 8, generator=torch.Generator().manual_seed(1)), dim=1)
        e = F.normalize(centres[self.y] + 0.3 * torch.randn(12, 8, generator=torch.Generator().manual_seed(2)), dim=1)
        _, st_r = triplet_loss(e, self.y, 0.2, "random", torch.Generator().manual_seed(0))
        _, st_h = triplet_loss(e, self.y, 0.2, "batch-hard")
        self.assertEqual(st_r["triplets"], 12 * 2)  # one negative per (anchor, positive)
        self.assertLessEqual(st_r["active"], st_h["active"])

    def test_logistic_loss_and_gradients(self):
        head = LogisticHead(8)
        e = self.e.clone().requires_grad_(True)
        loss, st = pair_logistic_loss(e, self.y, head, torch.Generator().manual_seed(0))
        loss.backward()
        self.assertTrue(torch.isfinite(loss))
        self.assertEqual(st["triplets"], 2 * 12)  # 12 positive pairs (4 x 3) + 12 negatives
        self.assertGreater(float(e.grad.abs().sum()), 0)

    def test_best_threshold(self):
        import numpy as np
        t, acc = best_threshold(np.array([0.1, 0.2, 0.8, 0.9]), np.array([True, True, False, False]))
        self.assertEqual(acc, 1.0)
        self.assertTrue(0.2 < t < 0.8)


class DataTests(unittest.TestCase):
    def test_pk_sampler_and_pairs(self):
        s = generated_set(people=5, per_person=4)
        sampler = PKSampler(s.labels, 3, 2, random.Random(0))
        b = sampler.batch()
        self.assertEqual(len(b), 6)
        self.assertEqual(len(set(s.labels[b].tolist())), 3)
        pairs = make_pairs(s.labels, 100, 100, 0)
        same = sum(1 for p in pairs if p[2])
        self.assertEqual(same, 5 * 6)
        self.assertEqual(len(pairs), 2 * same)


class DlibTests(unittest.TestCase):
    @unittest.skipUnless(WEIGHTS.exists(), "node_modules/@vladmandic/face-api not installed")
    def test_weights_load_and_shapes(self):
        w = load_tfjs_weights()
        self.assertEqual(w["fc"].shape, (256, 128))
        m = DlibEncoder()
        m.trunk.load(w)
        m.head.load(w)
        with torch.no_grad():
            f = m.trunk(torch.full((1, 150, 150, 3), 128.0))
            self.assertEqual(tuple(f.shape), (1, 256, 4, 4))
            self.assertEqual(tuple(m.head(f).shape), (1, 128))


class LoopTests(unittest.TestCase):
    def test_train_all_methods_resume_export(self):
        out = io.StringIO()
        with redirect_stdout(out):
            train_main(["--smoke"])
        self.assertIn("SMOKE OK", out.getvalue())
        self.assertIn("resumed", out.getvalue())
        self.assertIn("active triplets", out.getvalue())

    def test_checkpoint_is_one_atomic_file(self):
        with tempfile.TemporaryDirectory() as d:
            rng = random.Random(3)
            checkpoint.save(Path(d), {"step": 1, "rng": checkpoint.rng_state(rng)})
            checkpoint.save(Path(d), {"step": 2, "rng": checkpoint.rng_state(rng)})
            self.assertEqual([p.name for p in Path(d).iterdir()], [checkpoint.LATEST])
            # A write killed midway leaves only its temporary file; the checkpoint stands.
            (Path(d) / (checkpoint.LATEST + ".tmp")).write_bytes(b"truncated")
            self.assertEqual(checkpoint.load(Path(d))["step"], 2)


if __name__ == "__main__":
    unittest.main()
