#!/usr/bin/python3
"""The capture writer of tools/ropescope_capture.py (its dependency-free path) against RoPEScope's
reader: write a capture with plain Python bytes, run `ropescope attention --model FILE --json` and
check the grid and the attention it reports. Needs no torch or numpy.

    python3 python_capture_test.py ROPESCOPE_BINARY TOOLS_DIR WORK_DIR
"""
import json
import os
import struct
import subprocess
import sys

exe, tools, work = sys.argv[1:4]
sys.path.insert(0, tools)
from ropescope_capture import capture_metadata, write_safetensors_raw  # noqa: E402

# 1 layer, 1 head, grid 2 x 1 x 2 (4 tokens), head_dim 4.
# q = k = one-hot rows: token n points along channel n, so before rotation q_n . k_m = 4 * [n == m].
L, Hd, T, H, W, D = 1, 1, 2, 1, 2, 4
N = T * H * W
rows = [[2.0 if c == n else 0.0 for c in range(D)] for n in range(N)]
flat = [v for r in rows for v in r]
data = struct.pack("<%df" % len(flat), *flat)
os.makedirs(work, exist_ok=True)
path = os.path.join(work, "python-capture.safetensors")
write_safetensors_raw(path, {"q": ("F32", [L, Hd, N, D], data), "k": ("F32", [L, Hd, N, D], data)},
                      capture_metadata((T, H, W), [0.0, 0.5], "python_capture_test"))

out = subprocess.run([exe, "attention", "--model", path, "--variant", "vanilla", "--json", "--quiet"],
                     capture_output=True, text=True)
if out.returncode != 0:
    sys.exit(f"ropescope failed ({out.returncode}): {out.stderr}")
j = json.loads(out.stdout)
assert j["grid"] == [T, H, W], j["grid"]
assert j["tokens"] == N, j
assert j["model"] == "python_capture_test", j["model"]
fa = j["variants"][0]["frame_attention"]
assert len(fa) == T and all(abs(sum(r) - 1) < 1e-5 for r in fa), fa
# Hand derivation (vanilla RoPE, positions 0..3; d = 4: pair 0 = channels (0, 2) at w0 = 1, pair 1 =
# channels (1, 3) at w1 = 1e6^(-1/2) = 1e-3; rotation a' = a cos - b sin, b' = b cos + a sin).
# Logits are q'.k'/sqrt(4): self = 4/2 = 2; tokens on different pairs = 0; token 0 vs token 2 (both
# pair 0, two positions apart) = (2 * (-2 sin 2))/2 = -2 sin 2; token 1 vs 3 = -2 sin(2e-3).
# Frame 0 holds tokens 0, 1; the mass a query of frame 0 keeps in frame 0:
#   query 0: (e^2 + 1) / (e^2 + 1 + e^(-2 sin 2) + 1),  query 1: (e^2 + 1) / (e^2 + 1 + 1 + e^(-2 sin 0.002))
import math  # noqa: E402

e2 = math.exp(2)
r0 = (e2 + 1) / (e2 + 1 + math.exp(-2 * math.sin(2)) + 1)
r1 = (e2 + 1) / (e2 + 1 + 1 + math.exp(-2 * math.sin(2e-3)))
assert abs(fa[0][0] - (r0 + r1) / 2) < 1e-5, (fa, (r0 + r1) / 2)
print("ok", fa)
