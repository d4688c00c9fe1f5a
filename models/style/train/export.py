"""Export a trained run to ONNX (opset <= 17) for the Worker (onnxruntime-web).

One file for all styles: inputs `input` (N,3,H,W float RGB in [0,1]; H, W multiples of 4) and
`style` (N, n_styles float weights: one-hot picks a style, a convex mix blends styles); output
`output` (N,3,H,W in [0,1]). A sidecar JSON lists the style order and the run/step it came from.
`torch.onnx.export` does not need the `onnx` Python package.

Example: npm run style:export -- --run cin10 --out models/style/dist/style-cin10.onnx
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import List, Optional

import torch

from . import checkpoint
from .network import StyleNet
from .settings import STYLE_ROOT


def load_run(run_dir: Path) -> tuple[StyleNet, dict]:
    ck = checkpoint.load(run_dir)
    if ck is None:
        raise SystemExit(f"no checkpoint in {run_dir}")
    n = ck["settings"]["network"]
    net = StyleNet(len(ck["style_names"]), n["channels"], n["res_blocks"])
    net.load_state_dict(ck["model"])
    return net.eval(), ck


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, help="run name under --runs-dir")
    ap.add_argument("--runs-dir", default=str(STYLE_ROOT / "runs"))
    ap.add_argument("--out", required=True, help="output .onnx path")
    ap.add_argument("--opset", type=int, default=17)
    args = ap.parse_args(argv)
    if args.opset > 17:
        raise SystemExit("opset must be <= 17 (onnxruntime-web target)")
    torch.set_num_threads(2)
    net, ck = load_run(Path(args.runs_dir) / args.run)
    names = ck["style_names"]
    x = torch.rand(1, 3, 256, 256)
    s = torch.zeros(1, len(names))
    s[0, 0] = 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(net, (x, s), str(out), opset_version=args.opset, input_names=["input", "style"],
                      output_names=["output"], do_constant_folding=True,
                      dynamic_axes={"input": {0: "n", 2: "h", 3: "w"}, "style": {0: "n"}, "output": {0: "n", 2: "h", 3: "w"}})
    meta = {"styles": names, "run": args.run, "step": ck["step"], "opset": args.opset,
            "input": "RGB float32 [0,1], NCHW, H and W multiples of 4", "style": f"float32 [N,{len(names)}] weights",
            "settings": ck["settings"]}
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"exported {out} ({out.stat().st_size} bytes), step {ck['step']}, styles {names}")


if __name__ == "__main__":
    main()
