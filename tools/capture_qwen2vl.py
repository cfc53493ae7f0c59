#!/usr/bin/env python3
"""Capture the pre-rotary queries and keys of Qwen2-VL's language model over the visual tokens of
one video, as a RoPEScope q/k capture file (docs/capture-format.md).

    pip install torch transformers qwen-vl-utils av     # plus accelerate for device_map="auto"
    python3 tools/capture_qwen2vl.py --video clip.mp4 --out clip.safetensors \\
        --model Qwen/Qwen2-VL-2B-Instruct --layers 0,7,14,21,27 --fps 1 --max-pixels 200704
    ropescope attention --model clip.safetensors --video clip.mp4 --variants all --out att/

RoPEScope cannot run this itself: Debian 12 packages PyTorch 1.13 but not transformers or
qwen-vl-utils, the weights are a download, and LibTorch 1.13 cannot load a model saved by today's
PyTorch. So the capture is the robust route: any PyTorch version can write one, and RoPEScope
applies every RoPE variant's rotation to the same q/k. tests/python runs everything here that
needs no download (the hooks, the head split, the grid, the frame times) on a stand-in model.

How it works -- the hooks:

  1. The video goes through Qwen's own preprocessing (qwen_vl_utils.process_vision_info and the
     AutoProcessor): frames are sampled at --fps, resized to multiples of 28 px, cut into 14-px
     patches with a temporal patch of 2 frames. `video_grid_thw` = (T', H', W') counts those
     patches; the language model sees one token per 2 x 2 patches (spatial_merge_size = 2), so the
     LLM token grid is (T', H'/2, W'/2), in raster order frame -> row -> column -- the order of
     the video tokens in input_ids, and the grid RoPEScope lays out under each variant.
  2. A forward hook on `self_attn.q_proj` and `self_attn.k_proj` of each chosen decoder layer
     records their outputs. Those are the queries and keys BEFORE the rotary embedding: Qwen2-VL
     applies M-RoPE afterwards, inside the attention forward (apply_multimodal_rotary_pos_emb).
  3. The positions where input_ids == config.video_token_id are the visual tokens; their rows are
     reshaped to heads: q [S, heads*128] -> [heads, N, 128]. Qwen2-VL uses grouped-query attention
     (e.g. 28 query heads, 4 key heads in the 7B), so each key head is repeated for its group, as
     the attention itself does (repeat_kv): k -> [heads, N, 128].
  4. q and k of all chosen layers are stacked to [layers, heads, N, 128] and written with the
     metadata ropescope.grid = "T',H'/2,W'/2", the time of each temporal token (the first frame of
     its pair) and the model name.

One forward pass, no generation. Memory: q + k cost 2 x layers x heads x N x 128 x 2 bytes in
float16 (--dtype); a 7B model, 5 layers, N = 2304 tokens: about 330 MB.
"""

import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ropescope_capture import write_capture  # noqa: E402


def decoder_layers(model):
    """The language model's decoder layers, across transformers versions (the module tree moved)."""
    for path in ("model.language_model.layers", "model.layers", "language_model.model.layers", "language_model.layers"):
        obj = model
        try:
            for part in path.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            continue
        if isinstance(obj, torch.nn.ModuleList) and len(obj) and hasattr(obj[0], "self_attn"):
            return obj
    raise RuntimeError("cannot find the decoder layers (…layers[i].self_attn.q_proj); transformers changed again?")


def text_config(model):
    cfg = model.config
    return getattr(cfg, "text_config", None) or cfg


def parse_layers(text, count):
    if text == "all":
        return list(range(count))
    try:
        layers = sorted({int(x) for x in text.split(",")})
    except ValueError:
        raise SystemExit(f"--layers {text!r}: expected comma-separated whole numbers (e.g. 0,7,14) or all") from None
    bad = [i for i in layers if i < 0 or i >= count]
    if bad:
        raise SystemExit(f"--layers {bad} outside 0..{count - 1}")
    return layers


def llm_grid(video_grid_thw, merge):
    """The LLM token grid (T', H'/merge, W'/merge) of one video's patch grid video_grid_thw = (T', H', W')."""
    t, h, w = (int(v) for v in video_grid_thw)
    if h % merge or w % merge:
        raise SystemExit(f"video_grid_thw {(t, h, w)} is not divisible by spatial_merge_size {merge}")
    return t, h // merge, w // merge


def capture_qk(model, inputs, layers, chosen, visual, heads, kv_heads, head_dim):
    """One forward pass of model(**inputs) with hooks on layers[i].self_attn.q_proj / k_proj for i in
    chosen. visual: bool [seq] mask of the video tokens. Returns q, k as float32 [len(chosen), heads,
    N, head_dim]: the projections' outputs (pre-rotary) at the visual tokens, split into heads, each
    key head repeated for its group of heads // kv_heads query heads (grouped-query attention)."""
    if heads % kv_heads:
        raise SystemExit(f"{heads} query heads are not a multiple of {kv_heads} key heads")
    n = int(visual.sum())
    saved = {}

    def keep(name):
        def hook(_module, _inputs, output):
            # [N, heads * head_dim] (layers may sit on other devices with device_map="auto")
            saved[name] = output[0, visual.to(output.device)].detach().float().cpu()
        return hook

    handles = []
    try:
        for i in chosen:
            attn = layers[i].self_attn
            handles.append(attn.q_proj.register_forward_hook(keep(("q", i))))
            handles.append(attn.k_proj.register_forward_hook(keep(("k", i))))
        with torch.no_grad():
            model(**inputs)
    finally:
        for hd in handles:
            hd.remove()

    def to_heads(x, count):
        return x.reshape(n, count, head_dim).transpose(0, 1)  # [count, N, head_dim]

    q = torch.stack([to_heads(saved[("q", i)], heads) for i in chosen])
    k = torch.stack([to_heads(saved[("k", i)], kv_heads).repeat_interleave(heads // kv_heads, dim=0) for i in chosen])
    return q, k


def frame_times(t, temporal_patch, fps):
    """Temporal token j covers sampled frames temporal_patch*j ... : its time is its first frame's."""
    return [j * temporal_patch / fps for j in range(t)]


def main():
    ap = argparse.ArgumentParser(description="Save Qwen2-VL's pre-rotary q/k over a video's visual tokens for RoPEScope.")
    ap.add_argument("--video", required=True, help="video file (anything qwen-vl-utils can read)")
    ap.add_argument("--out", required=True, help="capture file to write (.safetensors)")
    ap.add_argument("--model", default="Qwen/Qwen2-VL-2B-Instruct")
    ap.add_argument("--layers", default="0,7,14,21,27", help="comma-separated decoder layers, or all")
    ap.add_argument("--fps", type=float, default=1.0, help="frames per second sampled by qwen-vl-utils")
    ap.add_argument("--max-pixels", type=int, default=360 * 420, help="per-frame pixel budget of qwen-vl-utils")
    ap.add_argument("--prompt", default="Describe this video.")
    ap.add_argument("--dtype", choices=["float16", "bfloat16", "float32"], default="float16", help="stored dtype of q and k")
    args = ap.parse_args()

    try:
        from qwen_vl_utils import process_vision_info
        from transformers import AutoProcessor, Qwen2VLForConditionalGeneration
    except ImportError as e:
        raise SystemExit(f"capture_qwen2vl.py needs transformers and qwen-vl-utils ({e}); "
                         "pip install transformers qwen-vl-utils av accelerate") from None

    model = Qwen2VLForConditionalGeneration.from_pretrained(args.model, torch_dtype="auto", device_map="auto").eval()
    processor = AutoProcessor.from_pretrained(args.model)
    messages = [{"role": "user", "content": [
        {"type": "video", "video": os.path.abspath(args.video), "fps": args.fps, "max_pixels": args.max_pixels},
        {"type": "text", "text": args.prompt}]}]
    text = processor.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    try:  # newer qwen-vl-utils also return the fps they actually sampled at
        _, videos, video_kwargs = process_vision_info(messages, return_video_kwargs=True)
        fps = float(video_kwargs.get("fps", [args.fps])[0])
    except TypeError:
        _, videos = process_vision_info(messages)[:2]
        fps = args.fps
    inputs = processor(text=[text], videos=videos, return_tensors="pt").to(model.device)

    # 1. the LLM token grid of the video
    grid = llm_grid(inputs["video_grid_thw"][0], model.config.vision_config.spatial_merge_size)  # merge 2
    visual = inputs["input_ids"][0] == model.config.video_token_id
    n = int(visual.sum())
    if n != grid[0] * grid[1] * grid[2]:
        raise SystemExit(f"{n} video tokens but grid {grid} has {grid[0] * grid[1] * grid[2]}")

    # 2.-3. hooks on q_proj / k_proj of the chosen layers, split into heads, key heads repeated (GQA)
    layers = decoder_layers(model)
    chosen = parse_layers(args.layers, len(layers))
    cfg = text_config(model)
    heads, kv_heads = cfg.num_attention_heads, cfg.num_key_value_heads
    head_dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // heads
    q, k = capture_qk(model, inputs, layers, chosen, visual, heads, kv_heads, head_dim)

    # 4. frame times: temporal token j covers sampled frames 2j and 2j+1 (temporal_patch_size = 2)
    times = frame_times(grid[0], getattr(model.config.vision_config, "temporal_patch_size", 2), fps)
    dtype = getattr(torch, args.dtype)
    source = f"{args.model}, layers {','.join(map(str, chosen))}, fps {fps:g}"
    write_capture(args.out, q.to(dtype), k.to(dtype), grid, times, source)
    print(f"wrote {args.out}: q, k {list(q.shape)} (layers {chosen}), grid T,H,W = {grid}")
    print("layer i of the capture is decoder layer", dict(enumerate(chosen)))


if __name__ == "__main__":
    main()
