#!/usr/bin/python3
"""`ropescope check` on files written by real numpy (np.save), the way a user dumps a pipeline:
int64 position ids shaped [3, 1, N] like transformers' get_rope_index, float32 cos/sin [1, N, D]
built with the rotate-half convention emb = cat(freqs, freqs), and the pitfalls. Expected ids are
hand-derived (variants.md §4, M-RoPE), written out below; exit 0 match, 1 mismatch, 2 bad input.

    python3 check_npy_test.py ROPESCOPE_BINARY WORK_DIR
"""
import os
import subprocess
import sys

import numpy as np

exe, work = sys.argv[1:3]
os.makedirs(work, exist_ok=True)


def run(*args):
    return subprocess.run([exe, "check", *args], capture_output=True, text=True)


# M-RoPE, text:3,video:2x2x3 and 3 generated tokens (README worked example):
#   text 0,1,2; video from 3: t = 3 + f, h = 3 + y, w = 3 + x; max id 5, prompt length 15,
#   rope_delta = 5 + 1 - 15 = -9, generated ids = 15 + k - 9 = 6, 7, 8.
t = [0, 1, 2] + [3] * 6 + [4] * 6
h = [0, 1, 2] + ([3] * 3 + [4] * 3) * 2
w = [0, 1, 2] + [3, 4, 5] * 4
gen = [6, 7, 8]
ids = np.array([t + gen, h + gen, w + gen], dtype=np.int64)[:, None, :]  # [3, 1, 18]
np.save(os.path.join(work, "ids.npy"), ids)
seq = ["--variant", "m-rope", "--sequence", "text:3,video:2x2x3", "--generate", "3"]

r = run(*seq, "--positions", os.path.join(work, "ids.npy"))
assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
assert "read as [3, 1, 18]: rows t, h, w (unit batch dimension dropped)" in r.stdout, r.stdout

# cos/sin: head_dim 8, sections 2,1,1 (chunked: pairs 0,1 -> t, pair 2 -> h, pair 3 -> w), theta 10000:
# omega_i = 10000^(-2i/8). freqs[n, i] = id[row(i), n] * omega_i; emb = cat(freqs, freqs).
omega = 10000.0 ** (-np.arange(4) * 2 / 8)
rows = np.array([0, 0, 1, 2])
idf = ids[:, 0, :].astype(np.float64)
freqs = np.stack([idf[rows[i]] * omega[i] for i in range(4)], axis=-1)  # [N, 4]
emb = np.concatenate([freqs, freqs], axis=-1)[None].astype(np.float32)  # [1, N, 8]
np.save(os.path.join(work, "cos.npy"), np.cos(emb))
np.save(os.path.join(work, "sin.npy"), np.sin(emb))
geo = ["--head-dim", "8", "--sections", "2,1,1", "--theta", "10000"]
r = run(*seq, *geo, "--positions", os.path.join(work, "ids.npy"),
        "--cos", os.path.join(work, "cos.npy"), "--sin", os.path.join(work, "sin.npy"))
assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
assert "pair layout half" in r.stdout, r.stdout

# Stale rope_deltas: the generated tokens at cache_position alone (15, 16, 17).
stale = ids.copy()
stale[:, 0, 15:] = [15, 16, 17]
np.save(os.path.join(work, "stale.npy"), stale)
r = run(*seq, "--positions", os.path.join(work, "stale.npy"))
assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
assert "rope_delta = 0 (expected -9)" in r.stdout, r.stdout

# Plain 1D ids (float32, shape [N]).
np.save(os.path.join(work, "flat.npy"), np.arange(18, dtype=np.float32))
r = run(*seq, "--positions", os.path.join(work, "flat.npy"))
assert r.returncode == 1 and "plain 1D ids" in r.stdout, (r.returncode, r.stdout, r.stderr)

# Bad input: bool dtype, a NaN, a truncated file -> exit 2 naming the file, nothing on stdout.
np.save(os.path.join(work, "bool.npy"), np.ones(18, dtype=bool))
nan = ids.astype(np.float64)
nan[1, 0, 4] = np.nan
np.save(os.path.join(work, "nan.npy"), nan)
with open(os.path.join(work, "ids.npy"), "rb") as f:
    data = f.read()
with open(os.path.join(work, "cut.npy"), "wb") as f:
    f.write(data[:-5])
for name, words in [("bool.npy", "has dtype '|b1'"), ("nan.npy", "is NaN"), ("cut.npy", "is truncated")]:
    r = run(*seq, "--positions", os.path.join(work, name))
    assert r.returncode == 2 and r.stdout == "" and name in r.stderr and words in r.stderr, (name, r.returncode, r.stderr)
print("check_npy_test: all checks passed")
