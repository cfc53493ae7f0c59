#!/usr/bin/python3
"""tools/export_example_model.py on Debian's PyTorch, end to end through `ropescope attention`.

    /usr/bin/python3 example_model_test.py ROPESCOPE_BINARY TOOLS_DIR WORK_DIR

1. The exporter runs (TorchScript compile + save + reload, the capture, the clip, --npy q/k).
2. `ropescope attention --video example_clip.avi --model example_model.pt` (LibTorch loads the
   TorchScript file and runs it on the decoded clip) with --save-capture: the q/k RoPEScope got
   from the model equal the q/k Python computed (example_q.npy / example_k.npy).
3. Its attention.npy / frame_attention.npy for vanilla, m-rope and videorope equal attention
   computed here from the Python q/k by rope_reference.py (written from the variants spec).
4. The same with the exporter's capture file (`--model example_capture.safetensors`, no video).

Tolerances, stated: q/k 1e-5 absolute (float32 values of size ~1; the same LibTorch runs both
sides: measured 0); attention and frame attention 1e-6 absolute per entry against the float64
reference (measured ~2e-9 and ~1e-8). The example model's attention is nearly uniform (entries
~1/144 = 0.0069), so the test also checks that the three variants' maps differ from each other by
more than 100x the tolerance (they differ by 5e-4 .. 2e-3): a wrong variant cannot pass.
"""
import json
import os
import shutil
import struct
import subprocess
import sys

import numpy as np

exe, tools, work = sys.argv[1:4]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rope_reference as ref  # noqa: E402

TOL_QK, TOL_ATT, TOL_FRAME = 1e-5, 1e-6, 1e-6
THETA, SECTIONS, DELTA = 1_000_000.0, (2, 3, 3), 2.0  # head_dim 16 -> 8 pairs
T, H, W, LAYERS, HEADS, D = 6, 4, 6, 2, 2, 16          # the exporter's clip and defaults
VARIANTS = ["vanilla", "m-rope", "videorope"]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)}\n  exit {r.returncode}\n  stderr: {r.stderr.strip()}\n  stdout: {r.stdout.strip()[:500]}")
    return r.stdout


def read_safetensors_f32(path):
    """The F32 tensors and metadata of a safetensors file (8-byte length, JSON header, data)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for name, e in header.items():
        assert e["dtype"] == "F32", (name, e["dtype"])
        a, b = e["data_offsets"]
        out[name] = np.frombuffer(blob[8 + n + a:8 + n + b], dtype="<f4").reshape(e["shape"])
    return out, meta


shutil.rmtree(work, ignore_errors=True)
ex = os.path.join(work, "ex")

# 1. the exporter, with this interpreter (/usr/bin/python3, Debian's python3-torch)
import torch  # noqa: E402  (fails loudly here if python3-torch is missing: run scripts/setup)

print(f"PyTorch {torch.__version__} at {torch.__file__}")
run([sys.executable, os.path.join(tools, "export_example_model.py"), "--out-dir", ex, "--npy"])
for name in ("example_model.pt", "example_capture.safetensors", "example_clip.avi", "example_q.npy", "example_k.npy"):
    check(os.path.getsize(os.path.join(ex, name)) > 0, f"exporter wrote {name}")
q_py = np.load(os.path.join(ex, "example_q.npy"))
k_py = np.load(os.path.join(ex, "example_k.npy"))
check(q_py.shape == (LAYERS, HEADS, T * H * W, D) and k_py.shape == q_py.shape, f"Python q/k shape {q_py.shape}")


def compare_attention(out_dir, layer, head, label):
    for v in VARIANTS:
        want = ref.attention(q_py[layer, head], k_py[layer, head], v, T, H, W, THETA, SECTIONS, DELTA)
        got = np.load(os.path.join(out_dir, v, "attention.npy"))
        err = float(np.abs(got - want).max()) if got.shape == want.shape else float("inf")
        check(err <= TOL_ATT, f"{label} {v} layer {layer} head {head}: attention.npy {got.shape} max |diff| {err:.2e} <= {TOL_ATT:g}")
        fa_got = np.load(os.path.join(out_dir, v, "frame_attention.npy"))
        fa_want = ref.frame_attention(want, T)
        err = float(np.abs(fa_got - fa_want).max()) if fa_got.shape == fa_want.shape else float("inf")
        check(err <= TOL_FRAME, f"{label} {v}: frame_attention.npy max |diff| {err:.2e} <= {TOL_FRAME:g}")
    # The variants must differ from each other here, or the comparison above could not tell them apart.
    a = [ref.attention(q_py[layer, head], k_py[layer, head], v, T, H, W, THETA, SECTIONS, DELTA) for v in VARIANTS]
    check(min(np.abs(a[0] - a[1]).max(), np.abs(a[1] - a[2]).max(), np.abs(a[0] - a[2]).max()) > 100 * TOL_ATT,
          f"{label}: the three variants' reference maps differ by more than 100x the tolerance")


common = ["--variants", ",".join(VARIANTS), "--theta", str(THETA), "--sections", ",".join(map(str, SECTIONS)),
          "--delta", str(DELTA), "--quiet", "--json"]

# 2.-3. the TorchScript model in RoPEScope, on the decoded clip (layer 1, head 1: not the defaults)
att_model = os.path.join(work, "att-model")
saved = os.path.join(work, "saved-capture.safetensors")
summary = json.loads(run([exe, "attention", "--video", os.path.join(ex, "example_clip.avi"), "--frames", str(T),
                          "--grid", f"{H}x{W}", "--model", os.path.join(ex, "example_model.pt"), "--layer", "1",
                          "--head", "1", "--save-capture", saved, "--out", att_model] + common))
check(summary["grid"] == [T, H, W], f"model run: grid {summary['grid']}")
tensors, meta = read_safetensors_f32(saved)
for name, want in (("q", q_py), ("k", k_py)):
    got = tensors[name]
    err = float(np.abs(got - want).max()) if got.shape == want.shape else float("inf")
    check(err <= TOL_QK, f"model run: {name} RoPEScope got from the TorchScript model {got.shape} vs Python: max |diff| {err:.2e} <= {TOL_QK:g}")
times = json.loads(meta.get("ropescope.frame_times", "[]"))
check(np.allclose(times, [f / 2.0 for f in range(T)], atol=1e-3), f"model run: frame times {times} of the 2-fps clip")
compare_attention(att_model, 1, 1, "model run")

# 4. the exporter's capture file (written by Python from the same q/k), layer 0, head 1
att_cap = os.path.join(work, "att-capture")
summary = json.loads(run([exe, "attention", "--model", os.path.join(ex, "example_capture.safetensors"), "--head", "1",
                          "--out", att_cap] + common))
check(summary["grid"] == [T, H, W], f"capture run: grid {summary['grid']}")
compare_attention(att_cap, 0, 1, "capture run")

print(f"{len(failures)} failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
