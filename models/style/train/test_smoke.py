"""Smoke tests for the style-training package: no dataset, no ResNet download, a few seconds.

Run: PYTHONPATH=models/style /usr/bin/python3 -m unittest -v train.test_smoke
(npm test runs it through test/unit/style-train.smoke.test.ts).
"""
from __future__ import annotations

import io
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path

import torch

from . import checkpoint
from .data import SyntheticSampler, split_heldout, synthetic_style
from .lossnet import build_loss_net
from .losses import LossConfig, Perceptual, gram, softmax_transform
from .network import StyleNet, one_hot
from .optimize import stylize
from .train import main as train_main

torch.set_num_threads(2)


class LossTests(unittest.TestCase):
    def test_gram_is_size_normalised(self) -> None:
        f = torch.rand(1, 4, 8, 8)
        tiled = f.repeat(1, 1, 2, 2)  # same statistics, 4x the positions
        self.assertTrue(torch.allclose(gram(f), gram(tiled), atol=1e-6))

    def test_softmax_transform_has_mean_one(self) -> None:
        f = torch.randn(2, 3, 5, 7)
        s = softmax_transform(f, 2.0)
        self.assertTrue(torch.allclose(s.mean((1, 2, 3)), torch.ones(2), atol=1e-5))
        self.assertTrue(bool((s > 0).all()))

    def test_heldout_split_is_stable(self) -> None:
        files = [Path(f"img{i}.jpg") for i in range(50)]
        tr, held = split_heldout(files, 5)
        tr2, held2 = split_heldout(list(reversed(files)), 5)
        self.assertEqual(sorted(held), sorted(held2))
        self.assertEqual(len(tr) + len(held), 50)
        self.assertFalse(set(tr) & set(held))


class NetworkTests(unittest.TestCase):
    def test_output_shape_range_and_blending(self) -> None:
        torch.manual_seed(0)
        net = StyleNet(3).eval()
        for p in net.parameters():  # make styles differ
            if p.dim() == 2:
                p.data.add_(torch.randn_like(p) * 0.3)
        x = torch.rand(1, 3, 36, 44)
        with torch.no_grad():
            y = net(x, one_hot(torch.tensor([1]), 3))
            self.assertEqual(tuple(y.shape), (1, 3, 36, 44))
            self.assertTrue(bool(((y >= 0) & (y <= 1)).all()))
            mix = net(x, torch.tensor([[0.5, 0.5, 0.0]]))
            a, b = net(x, one_hot(torch.tensor([0]), 3)), net(x, one_hot(torch.tensor([1]), 3))
            self.assertFalse(torch.allclose(a, b))
            self.assertEqual(tuple(mix.shape), tuple(a.shape))


class LoopTests(unittest.TestCase):
    def test_train_smoke_runs_and_resumes(self) -> None:
        out = io.StringIO()
        with redirect_stdout(out):
            train_main(["--smoke", "--iterations", "2"])
        self.assertIn("SMOKE OK", out.getvalue())
        self.assertIn("resumed", out.getvalue())

    def test_loss_decreases_on_fixed_batch(self) -> None:
        torch.manual_seed(0)
        cfg = LossConfig(content_layer="res2c", style_layers={"conv1": 1.0, "res2a": 1.0, "res3a": 1.0}, tv=0.1)
        per = Perceptual(build_loss_net("random", cfg.feature_layers), cfg)
        tgt = per.style_target(synthetic_style(0, 48))
        import random
        x = SyntheticSampler(48, random.Random(0)).batch(2)
        with torch.no_grad():
            cf = per.features(x)[cfg.content_layer]
        net = StyleNet(1)
        opt = torch.optim.Adam(net.parameters(), lr=5e-3)
        losses = []
        for _ in range(15):
            parts = per.cost(net(x, one_hot(torch.zeros(2), 1)), cf, [tgt, tgt])
            opt.zero_grad()
            parts["total"].backward()
            opt.step()
            losses.append(parts["total"].item())
        self.assertLess(min(losses[-3:]), losses[0])

    def test_gatys_reduces_style_loss(self) -> None:
        cfg = LossConfig(content_layer="res2c", style_layers={"conv1": 1.0, "res2a": 1.0})
        per = Perceptual(build_loss_net("random", cfg.feature_layers), cfg)
        import random
        content = SyntheticSampler(32, random.Random(1)).batch(1)
        style = synthetic_style(1, 32)
        y = stylize(content, style, per, steps=10, optimizer="adam", lr=0.05, log_every=0)
        tgt = per.style_target(style)
        with torch.no_grad():
            cf = per.features(content)[cfg.content_layer]
            before = per.cost(content, cf, [tgt])["style"].item()
            after = per.cost(y, cf, [tgt])["style"].item()
        self.assertLess(after, before)

    def test_checkpoint_roundtrip_is_atomic(self) -> None:
        import random
        with tempfile.TemporaryDirectory() as d:
            rng = random.Random(3)
            checkpoint.save(Path(d), {"step": 1, "rng": checkpoint.rng_state(rng)})
            checkpoint.save(Path(d), {"step": 2, "rng": checkpoint.rng_state(rng)})
            self.assertEqual(checkpoint.load(Path(d))["step"], 2)
            self.assertEqual([p.name for p in Path(d).iterdir()], [checkpoint.LATEST])  # one file, no copies
            # A kill in the middle of a write leaves only the temporary file behind; the checkpoint stands.
            (Path(d) / (checkpoint.LATEST + ".tmp")).write_bytes(b"truncated")
            self.assertEqual(checkpoint.load(Path(d))["step"], 2)
            self.assertIsNone(checkpoint.load(Path(d) / "fresh"))


if __name__ == "__main__":
    unittest.main()
