"""Datasets: a folder with one sub-folder per person, P x K batch sampling, verification pairs,
ORL folds, and a tiny generated dataset for the smoke test.

Images are loaded once into memory as a uint8 tensor [N, C, H, W] (resized to the network's input
size), which suits the small sets trained here (ORL: 400 images; LFW chips are handled by
finetune_lfw.py as precomputed features)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from PIL import Image

IMAGE_EXT = {".png", ".jpg", ".jpeg", ".pgm", ".bmp", ".webp"}


@dataclass
class FaceSet:
    images: torch.Tensor  # uint8 [N, C, H, W]
    labels: torch.Tensor  # int64 [N], index into people
    people: List[str]
    files: List[str] = field(default_factory=list)

    def subset(self, names: Sequence[str]) -> "FaceSet":
        keep = set(names)
        idx = [i for i, f in enumerate(self.labels.tolist()) if self.people[f] in keep]
        people = [p for p in self.people if p in keep]
        remap = {self.people.index(p): j for j, p in enumerate(people)}
        t = torch.tensor(idx, dtype=torch.long)
        return FaceSet(self.images[t], torch.tensor([remap[int(self.labels[i])] for i in idx]), people,
                       [self.files[i] for i in idx] if self.files else [])


def list_people(root: Path) -> Dict[str, List[Path]]:
    out: Dict[str, List[Path]] = {}
    for d in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(f for f in d.iterdir() if f.suffix.lower() in IMAGE_EXT)
        if files:
            out[d.name] = files
    if not out:
        raise SystemExit(f"{root}: expected one folder per person with images inside")
    return out


def load_folder(root: Path, size: Tuple[int, int], channels: int = 1, min_images: int = 1) -> FaceSet:
    """size = (height, width). Greyscale when channels == 1."""
    h, w = size
    imgs, labels, people, files = [], [], [], []
    for name, fs in list_people(root).items():
        if len(fs) < min_images:
            continue
        people.append(name)
        for f in fs:
            im = Image.open(f).convert("L" if channels == 1 else "RGB")
            if im.size != (w, h):
                im = im.resize((w, h), Image.BILINEAR if im.size[0] < w else Image.BOX)
            a = np.asarray(im, dtype=np.uint8)
            imgs.append(a[None] if channels == 1 else a.transpose(2, 0, 1))
            labels.append(len(people) - 1)
            files.append(str(f.relative_to(root)))
    return FaceSet(torch.from_numpy(np.stack(imgs)), torch.tensor(labels), people, files)


def generated_set(people: int = 6, per_person: int = 6, size: Tuple[int, int] = (28, 24), seed: int = 0) -> FaceSet:
    """Synthetic 'faces': each person is a fixed random blob pattern, each image a noisy, shifted
    copy. Learnable in a few steps; for smoke tests only."""
    g = torch.Generator().manual_seed(seed)
    h, w = size
    base = torch.rand(people, 1, h // 4, w // 4, generator=g)
    base = torch.nn.functional.interpolate(base, size=(h, w), mode="bilinear", align_corners=False)
    imgs, labels = [], []
    for p in range(people):
        for _ in range(per_person):
            dy, dx = torch.randint(-2, 3, (2,), generator=g).tolist()
            x = torch.roll(base[p], shifts=(dy, dx), dims=(1, 2)) + 0.1 * torch.randn(1, h, w, generator=g)
            imgs.append((x.clamp(0, 1) * 255).to(torch.uint8))
            labels.append(p)
    return FaceSet(torch.stack(imgs), torch.tensor(labels), [f"p{i}" for i in range(people)],
                   [f"p{l}/{i}.png" for i, l in enumerate(labels)])


def write_generated(root: Path, **kw) -> Path:
    """The generated set as PNG files, one folder per person (tests the --data path)."""
    s = generated_set(**kw)
    for i, (img, lab) in enumerate(zip(s.images, s.labels.tolist())):
        d = root / s.people[lab]
        d.mkdir(parents=True, exist_ok=True)
        Image.fromarray(img[0].numpy()).save(d / f"{i:04d}.png")
    return root


class PKSampler:
    """Batches of P people x K images. An epoch visits every image about once: people are drawn
    in a shuffled cycle, K images per person without replacement within the person's shuffled list
    (with replacement only when a person has fewer than K images)."""

    def __init__(self, labels: torch.Tensor, p: int, k: int, rng: random.Random):
        self.by_person: Dict[int, List[int]] = {}
        for i, l in enumerate(labels.tolist()):
            self.by_person.setdefault(l, []).append(i)
        self.people = [l for l, v in self.by_person.items() if len(v) >= 2]
        if len(self.people) < 2:
            raise SystemExit("need at least two people with two or more images each")
        self.p, self.k, self.rng = min(p, len(self.people)), k, rng
        self.n = sum(len(self.by_person[l]) for l in self.people)

    def steps_per_epoch(self) -> int:
        return max(1, round(self.n / (self.p * self.k)))

    def batch(self) -> torch.Tensor:
        people = self.rng.sample(self.people, self.p)
        idx: List[int] = []
        for l in people:
            v = self.by_person[l]
            idx += self.rng.sample(v, self.k) if len(v) >= self.k else [self.rng.choice(v) for _ in range(self.k)]
        return torch.tensor(idx)


def make_pairs(labels: torch.Tensor, n_same: int, n_diff: int, seed: int) -> List[Tuple[int, int, bool]]:
    """Balanced verification pairs over image indices (all same pairs if fewer than n_same)."""
    rng = random.Random(seed)
    lab = labels.tolist()
    same = [(i, j, True) for i in range(len(lab)) for j in range(i + 1, len(lab)) if lab[i] == lab[j]]
    rng.shuffle(same)
    same = same[:n_same]
    n_diff = min(n_diff, len(same)) if same else n_diff  # balanced, like the test protocols
    diff = set()
    people = sorted(set(lab))
    if len(people) < 2:
        return same
    while len(diff) < n_diff:
        i, j = rng.randrange(len(lab)), rng.randrange(len(lab))
        if lab[i] != lab[j]:
            diff.add((min(i, j), max(i, j), False))
    return same + sorted(diff)


def read_pairs(path: Path) -> Tuple[List[Tuple[str, int, str, int, bool]], int]:
    """LFW-format pairs: header 'N' or 'folds<TAB>N'; returns ([(nameA, i, nameB, j, same)], folds)."""
    lines = [l.split() for l in path.read_text().splitlines() if l.strip()]
    head = lines[0]
    folds = int(head[0]) if len(head) == 2 else 1
    out = []
    for t in lines[1:]:
        if len(t) == 3:
            out.append((t[0], int(t[1]), t[0], int(t[2]), True))
        else:
            out.append((t[0], int(t[1]), t[2], int(t[3]), False))
    return out, folds


def read_folds(path: Path) -> List[List[str]]:
    return [line.split("\t")[1].split() for line in path.read_text().splitlines() if line.strip()]


def augment(x: torch.Tensor, gen: torch.Generator, shift: int = 3, flip: bool = True) -> torch.Tensor:
    """Random horizontal flip and a random shift of up to `shift` px (replicate padding), per image."""
    n, c, h, w = x.shape
    if flip:
        f = torch.rand(n, generator=gen) < 0.5
        x = torch.where(f[:, None, None, None], x.flip(3), x)
    if shift:
        xp = torch.nn.functional.pad(x, (shift,) * 4, mode="replicate")
        dy = torch.randint(0, 2 * shift + 1, (n,), generator=gen).tolist()
        dx = torch.randint(0, 2 * shift + 1, (n,), generator=gen).tolist()
        x = torch.stack([xp[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(n)])
    return x
