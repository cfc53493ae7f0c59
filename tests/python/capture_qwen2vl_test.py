#!/usr/bin/python3
"""Everything of tools/capture_qwen2vl.py that needs no Hugging Face download, on Debian's PyTorch.

    /usr/bin/python3 capture_qwen2vl_test.py ROPESCOPE_BINARY TOOLS_DIR WORK_DIR

Not tested here (needs transformers, qwen-vl-utils and the Qwen2-VL weights, none packaged for
Debian 12): Qwen's preprocessing, from_pretrained, the real module tree and config names.
Tested: --help and the missing-package message; parse_layers; llm_grid; frame_times;
decoder_layers on both module trees it knows; capture_qk (the forward hooks, the split into heads,
the grouped-query repetition) on a stand-in model whose q_proj / k_proj outputs the test computes
itself; the written capture read by `ropescope attention`.
"""
import json
import os
import subprocess
import sys

import torch
import torch.nn as nn

exe, tools, work = sys.argv[1:4]
sys.path.insert(0, tools)
import capture_qwen2vl as cq  # noqa: E402
from ropescope_capture import write_capture  # noqa: E402

failures = []
script = os.path.join(tools, "capture_qwen2vl.py")


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def exits(fn):
    try:
        fn()
    except SystemExit as e:
        return str(e.code)
    return None


# --help, and a run without transformers: one line naming the missing packages, no traceback
r = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True)
check(r.returncode == 0 and "--video" in r.stdout and "--layers" in r.stdout and not r.stderr, "--help: exit 0, lists --video and --layers")
r = subprocess.run([sys.executable, script], capture_output=True, text=True)
check(r.returncode == 2 and "--video" in r.stderr and not r.stdout, "no arguments: argparse exit 2 naming --video")
have_hf = subprocess.run([sys.executable, "-c", "import transformers, qwen_vl_utils"], capture_output=True).returncode == 0
if not have_hf:
    r = subprocess.run([sys.executable, script, "--video", "v.mp4", "--out", os.path.join(work, "x.safetensors")],
                       capture_output=True, text=True)
    lines = r.stderr.strip().splitlines()
    check(r.returncode == 1 and len(lines) == 1 and "transformers" in lines[0] and "qwen-vl-utils" in lines[0] and not r.stdout,
          f"without transformers: exit 1, one line naming the packages ({lines[:1]})")

# parse_layers, llm_grid, frame_times
check(cq.parse_layers("7,0,7", 28) == [0, 7], "parse_layers('7,0,7') sorts and deduplicates")
check(cq.parse_layers("all", 3) == [0, 1, 2], "parse_layers('all', 3)")
check("outside 0..27" in (exits(lambda: cq.parse_layers("28", 28)) or ""), "parse_layers('28', 28) is refused")
check("whole numbers" in (exits(lambda: cq.parse_layers("0,x", 28)) or ""), "parse_layers('0,x') is refused in one line")
check(cq.llm_grid(torch.tensor([4, 18, 24]), 2) == (4, 9, 12), "llm_grid (4,18,24) // (1,2,2)")
check(exits(lambda: cq.llm_grid((4, 17, 24), 2)) is not None, "llm_grid refuses a height not divisible by the merge")
check(cq.frame_times(3, 2, 1.0) == [0.0, 2.0, 4.0], "frame_times: temporal token j at its first frame 2j / fps")


# A stand-in with Qwen2-VL's module names: decoder layers with self_attn.q_proj / k_proj.
class Attn(nn.Module):
    def __init__(self, hidden, heads, kv_heads, hd):
        super().__init__()
        self.q_proj = nn.Linear(hidden, heads * hd)
        self.k_proj = nn.Linear(hidden, kv_heads * hd)


class Layer(nn.Module):
    def __init__(self, hidden, heads, kv_heads, hd):
        super().__init__()
        self.self_attn = Attn(hidden, heads, kv_heads, hd)
        self.mlp = nn.Linear(hidden, hidden)

    def forward(self, x):
        q, k = self.self_attn.q_proj(x), self.self_attn.k_proj(x)
        return x + torch.tanh(self.mlp(x)) + 0.1 * (q.mean(-1, keepdim=True) - k.mean(-1, keepdim=True))


class StandIn(nn.Module):
    def __init__(self, new_tree, layers=3, vocab=16, hidden=12, heads=4, kv_heads=2, hd=6):
        super().__init__()
        self.model = nn.Module()
        stack = nn.ModuleList([Layer(hidden, heads, kv_heads, hd) for _ in range(layers)])
        if new_tree:  # transformers >= 4.52: model.language_model.layers
            self.model.language_model = nn.Module()
            self.model.language_model.layers = stack
        else:         # older: model.layers
            self.model.layers = stack
        self.embed = nn.Embedding(vocab, hidden)
        self.stack = stack

    def forward(self, input_ids):
        x = self.embed(input_ids)
        for layer in self.stack:
            x = layer(x)
        return x


torch.manual_seed(3)
VIDEO_TOKEN, HEADS, KV, HD = 9, 4, 2, 6
grid = cq.llm_grid((2, 4, 6), 2)  # (2, 2, 3): 12 visual tokens
n = grid[0] * grid[1] * grid[2]
ids = torch.tensor([[1, 2, 3] + [VIDEO_TOKEN] * n + [4, 5]])
visual = ids[0] == VIDEO_TOKEN
where = [i for i in range(ids.size(1)) if bool(visual[i])]
for new_tree in (True, False):
    model = StandIn(new_tree).eval()
    layers = cq.decoder_layers(model)
    check(layers is model.stack, f"decoder_layers finds the {'model.language_model' if new_tree else 'model'}.layers tree")
    chosen = cq.parse_layers("2,0", len(layers))
    q, k = cq.capture_qk(model, {"input_ids": ids}, layers, chosen, visual, HEADS, KV, HD)
    check(tuple(q.shape) == (2, HEADS, n, HD) and tuple(k.shape) == (2, HEADS, n, HD), f"capture_qk shapes {tuple(q.shape)}")
    check(all(len(m._forward_hooks) == 0 for m in model.modules()), "capture_qk removed its hooks")
    # The expectation, computed here without hooks: run the layers by hand, take each chosen
    # layer's projections at the visual positions; head h = channels h*HD..(h+1)*HD; query head h
    # reads key head h // (HEADS // KV).
    with torch.no_grad():
        x = model.embed(ids)
        proj = {}
        for i, layer in enumerate(model.stack):
            proj[i] = (layer.self_attn.q_proj(x)[0], layer.self_attn.k_proj(x)[0])
            x = layer(x)
    worst = 0.0
    for li, i in enumerate(chosen):
        qp, kp = proj[i]
        for h in range(HEADS):
            g = h // (HEADS // KV)
            for t, pos in enumerate(where):
                worst = max(worst, float((q[li, h, t] - qp[pos, h * HD:(h + 1) * HD]).abs().max()),
                            float((k[li, h, t] - kp[pos, g * HD:(g + 1) * HD]).abs().max()))
    check(worst <= 1e-6, f"capture_qk: q/k equal the hand-indexed projections, max |diff| {worst:.1e} <= 1e-6")

# The capture it would write, read back by RoPEScope
os.makedirs(work, exist_ok=True)
cap = os.path.join(work, "standin.safetensors")
write_capture(cap, q.to(torch.float16), k.to(torch.float16), grid, cq.frame_times(grid[0], 2, 1.0), "stand-in Qwen2-VL")
r = subprocess.run([exe, "attention", "--model", cap, "--variant", "m-rope", "--sections", "1,1,1", "--json", "--quiet"],
                   capture_output=True, text=True)
ok = r.returncode == 0
j = json.loads(r.stdout) if ok else {}
check(ok and j.get("grid") == list(grid) and j.get("tokens") == n and j.get("model") == "stand-in Qwen2-VL",
      f"ropescope attention reads the capture: exit {r.returncode}, grid {j.get('grid')}, model {j.get('model')!r} {r.stderr.strip()[:200]}")

print(f"{len(failures)} failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
