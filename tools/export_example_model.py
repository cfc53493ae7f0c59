#!/usr/bin/env python3
"""Export a tiny example vision model for RoPEScope, in both forms RoPEScope reads.

    /usr/bin/python3 tools/export_example_model.py --out-dir /tmp/example     # Debian: python3-torch
    ropescope attention --video /tmp/example/example_clip.avi --grid 4x6 --model /tmp/example/example_model.pt --out /tmp/att
    ropescope attention --model /tmp/example/example_capture.safetensors --out /tmp/att-capture

Needs only PyTorch (``safetensors`` is used when installed; otherwise tools/ropescope_capture.py
writes the format itself). Run it with any PyTorch version; read the note on versions below.
tests/python runs it with Debian 12's PyTorch 1.13 and checks RoPEScope's attention against q/k
computed here (--npy).

1. ``example_model.pt`` -- a TorchScript file with RoPEScope's model contract:

       forward(frames: Tensor[T,3,H,W]) -> Tuple[Tensor[L,Hd,N,D] q, Tensor[L,Hd,N,D] k, Tensor[3] grid]

   frames are float32 RGB in [0, 1]; RoPEScope resizes them so that H and W are multiples of 28
   (one LLM token per 28 x 28 block: a 14-px patch after a 2 x 2 merge, as in Qwen2-VL). q and k
   are taken BEFORE any rotary embedding -- RoPEScope applies each variant's rotation itself.
   grid = (T', H', W') with T'*H'*W' = N, tokens in raster order frame -> row -> column.

2. ``example_capture.safetensors`` -- a q/k capture (docs/capture-format.md) of the same model on
   a synthetic clip (a bright square crossing a dark frame), for when a TorchScript file cannot be
   used.

3. ``example_clip.avi`` -- that synthetic clip (6 frames, 168 x 112, 2 fps) as an uncompressed
   video, so the model can be tried with no video at hand; with ``--grid 4x6`` RoPEScope feeds the
   model exactly the frames the capture was made from.

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
from torch.jit import Final

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from raw_avi import write_raw_avi  # noqa: E402
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

    # TorchScript cannot read module-level globals inside forward ("python value of type 'int'
    # cannot be used as a value", PyTorch 1.13): the two sizes are Final attributes, which it
    # compiles as constants.
    token_pixels: Final[int]
    pooled: Final[int]

    def __init__(self, layers: int = 2, heads: int = 2, head_dim: int = 16, width: int = 64, seed: int = 0):
        super().__init__()
        torch.manual_seed(seed)  # reproducible example weights (reseeds the global generator)
        self.token_pixels = TOKEN_PIXELS
        self.pooled = POOLED
        self.heads = heads
        self.head_dim = head_dim
        self.embed = nn.Linear(3 * POOLED * POOLED, width)
        self.blocks = nn.ModuleList([QkBlock(width, heads, head_dim) for _ in range(layers)])

    def forward(self, frames: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        s, p = self.token_pixels, self.pooled
        t = frames.size(0)
        gh = frames.size(2) // s
        gw = frames.size(3) // s
        x = frames[:, :, : gh * s, : gw * s]
        x = F.adaptive_avg_pool2d(x, [gh * p, gw * p])  # [T, 3, gh*4, gw*4]
        x = x.reshape(t, 3, gh, p, gw, p).permute(0, 2, 4, 1, 3, 5)
        x = x.reshape(t * gh * gw, 3 * p * p)             # one row per token, raster order
        hidden = self.embed(x)
        qs: List[torch.Tensor] = []
        ks: List[torch.Tensor] = []
        for block in self.blocks:
            hidden = hidden + torch.tanh(block.mix(hidden))
            qs.append(block.q(hidden).reshape(-1, self.heads, self.head_dim).transpose(0, 1))
            ks.append(block.k(hidden).reshape(-1, self.heads, self.head_dim).transpose(0, 1))
        return torch.stack(qs), torch.stack(ks), torch.tensor([t, gh, gw])


def synthetic_clip(frames: int = 6, rows: int = 4, cols: int = 6) -> torch.Tensor:
    """A bright square crossing a dark blue frame, [T, 3, rows*28, cols*28] in [0, 1]. Every value is
    a multiple of 1/255, so the 8-bit video written from it (clip_bytes) decodes to the same input."""
    h, w = rows * TOKEN_PIXELS, cols * TOKEN_PIXELS
    clip = torch.zeros(frames, 3, h, w)
    clip[:, 2] = 89.0 / 255.0
    for f in range(frames):
        x0 = int(f * (w - TOKEN_PIXELS) / max(frames - 1, 1))
        clip[f, :, TOKEN_PIXELS : 2 * TOKEN_PIXELS, x0 : x0 + TOKEN_PIXELS] = 242.0 / 255.0
    return clip


def clip_bytes(clip: torch.Tensor) -> List[bytes]:
    """[T, 3, H, W] in [0, 1] -> one RGB byte string per frame (row-major), as a video stores it."""
    u8 = (clip * 255.0).round().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).contiguous()
    return [bytes(u8[f].flatten().tolist()) for f in range(u8.size(0))]


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
    ap.add_argument("--npy", action="store_true",
                    help="also write example_q.npy and example_k.npy (float32 [L,Hd,N,D], needs numpy): the q/k of "
                         "the example clip computed here in Python, to check RoPEScope's attention against")
    args = ap.parse_args()
    if args.layers < 1 or args.heads < 1 or args.head_dim < 2 or args.head_dim % 2:
        ap.error("--layers and --heads must be >= 1 and --head-dim even and >= 2")

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
        times = [f / 2.0 for f in range(grid[0])]  # the synthetic clip at 2 frames per second (example_clip.avi)
        write_capture(cap, q, k, grid, times, f"tools/export_example_model.py TinyVisionQk (PyTorch {torch.__version__})")
        print(f"wrote {cap}: pre-rotation q, k of the synthetic clip, grid {grid}")

        fps = 2.0
        avi = os.path.join(args.out_dir, "example_clip.avi")
        write_raw_avi(avi, clip_bytes(clip), clip.size(3), clip.size(2), fps)
        print(f"wrote {avi}: the synthetic clip, {clip.size(0)} frames of {clip.size(3)}x{clip.size(2)} at {fps:g} fps "
              f"(uncompressed; --grid {grid[1]}x{grid[2]} keeps its size)")
        if args.npy:
            import numpy as np

            for name, x in (("q", q), ("k", k)):
                npy = os.path.join(args.out_dir, f"example_{name}.npy")
                np.save(npy, x.float().numpy())
                print(f"wrote {npy}: {name} {list(x.shape)} float32, pre-rotation")


if __name__ == "__main__":
    main()
