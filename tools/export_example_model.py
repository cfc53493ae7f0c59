#!/usr/bin/env python3
"""Export a tiny example vision model for RoPEScope, in both forms RoPEScope reads.

    python3 tools/export_example_model.py --out-dir /tmp/example
    ropescope attention --video clip.mp4 --model /tmp/example/example_model.pt --out /tmp/att
    ropescope attention --model /tmp/example/example_capture.safetensors --out /tmp/att-capture

Needs only PyTorch (``safetensors`` is used when installed; otherwise tools/ropescope_capture.py
writes the format itself). Run it with any PyTorch version; read the note on versions below.

1. ``example_model.pt`` -- a TorchScript file with RoPEScope's model contract:

       forward(frames: Tensor[T,3,H,W]) -> Tuple[Tensor[L,Hd,N,D] q, Tensor[L,Hd,N,D] k, Tensor[3] grid]

   frames are float32 RGB in [0, 1]; RoPEScope resizes them so that H and W are multiples of 28
   (one LLM token per 28 x 28 block: a 14-px patch after a 2 x 2 merge, as in Qwen2-VL). q and k
   are taken BEFORE any rotary embedding -- RoPEScope applies each variant's rotation itself.
   grid = (T', H', W') with T'*H'*W' = N, tokens in raster order frame -> row -> column.

2. ``example_capture.safetensors`` -- a q/k capture (docs/capture-format.md) of the same model on
   a synthetic clip (a bright square crossing a dark frame), for when a TorchScript file cannot be
   used.

Versions: RoPEScope links LibTorch 1.13. TorchScript files saved by a newer PyTorch may fail to
load there (a newer file-format version, or operators 1.13 does not know); RoPEScope detects this
and says so. A capture file has no such limit: any PyTorch version can write one.
"""

import argparse
import os
import sys
from typing import List, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ropescope_capture import write_capture  # noqa: E402

TOKEN_PIXELS = 28  # one LLM token per 28 x 28 block of the resized frame
POOLED = 4         # each token block is average-pooled to 4 x 4 pixels -> 48 features


class QkBlock(nn.Module):
    """One 'layer': a residual MLP step, then per-head query and key projections."""

    def __init__(self, width: int, heads: int, head_dim: int):
        super().__init__()
        self.mix = nn.Linear(width, width)
        self.q = nn.Linear(width, heads * head_dim)
        self.k = nn.Linear(width, heads * head_dim)


class TinyVisionQk(nn.Module):
    """Patch pixels -> embedding -> per-layer pre-rotation q/k. Random weights (seeded): a stand-in
    for a real VLM that shows the contract, not a trained model."""

    def __init__(self, layers: int = 2, heads: int = 2, head_dim: int = 16, width: int = 64, seed: int = 0):
        super().__init__()
        torch.manual_seed(seed)  # reproducible example weights (reseeds the global generator)
        self.heads = heads
        self.head_dim = head_dim
        self.embed = nn.Linear(3 * POOLED * POOLED, width)
        self.blocks = nn.ModuleList([QkBlock(width, heads, head_dim) for _ in range(layers)])

    def forward(self, frames: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        t = frames.size(0)
        gh = frames.size(2) // TOKEN_PIXELS
        gw = frames.size(3) // TOKEN_PIXELS
        x = frames[:, :, : gh * TOKEN_PIXELS, : gw * TOKEN_PIXELS]
        x = F.adaptive_avg_pool2d(x, [gh * POOLED, gw * POOLED])  # [T, 3, gh*4, gw*4]
        x = x.reshape(t, 3, gh, POOLED, gw, POOLED).permute(0, 2, 4, 1, 3, 5)
        x = x.reshape(t * gh * gw, 3 * POOLED * POOLED)             # one row per token, raster order
        hidden = self.embed(x)
        qs: List[torch.Tensor] = []
        ks: List[torch.Tensor] = []
        for block in self.blocks:
            hidden = hidden + torch.tanh(block.mix(hidden))
            qs.append(block.q(hidden).reshape(-1, self.heads, self.head_dim).transpose(0, 1))
            ks.append(block.k(hidden).reshape(-1, self.heads, self.head_dim).transpose(0, 1))
        return torch.stack(qs), torch.stack(ks), torch.tensor([t, gh, gw])


def synthetic_clip(frames: int = 6, rows: int = 4, cols: int = 6) -> torch.Tensor:
    """A bright square crossing a dark blue frame, [T, 3, rows*28, cols*28] in [0, 1]."""
    h, w = rows * TOKEN_PIXELS, cols * TOKEN_PIXELS
    clip = torch.zeros(frames, 3, h, w)
    clip[:, 2] = 0.35
    for f in range(frames):
        x0 = int(f * (w - TOKEN_PIXELS) / max(frames - 1, 1))
        clip[f, :, TOKEN_PIXELS : 2 * TOKEN_PIXELS, x0 : x0 + TOKEN_PIXELS] = 0.95
    return clip


def check_contract(module, frames: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, List[int]]:
    """Runs the module and checks its output the way RoPEScope does."""
    q, k, grid = module(frames)
    assert q.dim() == 4 and q.shape == k.shape, f"q, k must be [L, Hd, N, D] of equal shape: {q.shape} {k.shape}"
    g = [int(v) for v in grid.flatten().tolist()]
    assert len(g) == 3 and g[0] * g[1] * g[2] == q.shape[2], f"grid {g} must multiply to N = {q.shape[2]}"
    assert q.shape[3] % 2 == 0, "head_dim must be even"
    return q, k, g


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", default=".", help="where to write example_model.pt and example_capture.safetensors")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=2)
    ap.add_argument("--head-dim", type=int, default=16, help="even; RoPEScope adopts it (sections scale to head_dim/2)")
    args = ap.parse_args()

    os.makedirs(args.out_dir, exist_ok=True)
    model = TinyVisionQk(args.layers, args.heads, args.head_dim).eval()
    clip = synthetic_clip()
    with torch.no_grad():
        # script, not trace: tracing would bake the example clip's T, H and W into the graph.
        scripted = torch.jit.script(model)
        pt = os.path.join(args.out_dir, "example_model.pt")
        scripted.save(pt)
        q, k, grid = check_contract(torch.jit.load(pt), clip)  # what RoPEScope will do, in Python
        print(f"wrote {pt}: q, k {list(q.shape)}, grid {grid} (PyTorch {torch.__version__})")
        if not torch.__version__.startswith("1.13"):
            print("  note: RoPEScope links LibTorch 1.13; if it reports a newer PyTorch, use the capture file", file=sys.stderr)

        cap = os.path.join(args.out_dir, "example_capture.safetensors")
        times = [f / 2.0 for f in range(grid[0])]  # the synthetic clip at 2 frames per second
        write_capture(cap, q, k, grid, times, f"tools/export_example_model.py TinyVisionQk (PyTorch {torch.__version__})")
        print(f"wrote {cap}: pre-rotation q, k of the synthetic clip, grid {grid}")


if __name__ == "__main__":
    main()
