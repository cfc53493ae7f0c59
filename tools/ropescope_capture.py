"""Write RoPEScope q/k capture files (``qk-capture/1``, schema in docs/capture-format.md).

A capture is a safetensors file with tensors ``q`` and ``k`` of shape
``[layers, heads, tokens, head_dim]`` taken BEFORE the rotary embedding, plus string metadata:

    ropescope.format       = "qk-capture/1"
    ropescope.grid         = "T,H,W"      LLM token grid, T*H*W == tokens, raster order frame -> row -> column
    ropescope.frame_times  = "[0.0, ...]" JSON list of T numbers (seconds), or "[]"
    ropescope.source_model = free text

``write_capture`` uses the ``safetensors`` package when it is installed and otherwise writes the
(simple) format itself, so PyTorch alone is enough. ``write_safetensors_raw`` is the dependency-free
writer; it takes bytes, so it also runs without torch (tests/model uses it that way).

    from ropescope_capture import write_capture
    write_capture("clip.safetensors", q, k, grid=(T, H, W), frame_times=[0.0, 1.0], source_model="my model")
"""

import json
import struct

FORMAT = "qk-capture/1"
KEY_FORMAT = "ropescope.format"
KEY_GRID = "ropescope.grid"
KEY_FRAME_TIMES = "ropescope.frame_times"
KEY_SOURCE_MODEL = "ropescope.source_model"


def capture_metadata(grid, frame_times=None, source_model=""):
    """The metadata dict of a capture (all values are strings, as safetensors requires)."""
    t, h, w = (int(v) for v in grid)
    if min(t, h, w) < 1:
        raise ValueError(f"grid must be three whole numbers >= 1, got {grid}")
    times = [float(x) for x in (frame_times or [])]
    if times and len(times) != t:
        raise ValueError(f"frame_times needs T = {t} values, got {len(times)}")
    return {
        KEY_FORMAT: FORMAT,
        KEY_GRID: f"{t},{h},{w}",
        KEY_FRAME_TIMES: json.dumps(times),
        KEY_SOURCE_MODEL: str(source_model),
    }


def write_safetensors_raw(path, tensors, metadata):
    """Writes a safetensors file without any library.

    tensors: {name: (dtype, shape, data)} with dtype "F32" / "F16" / "BF16", shape a list of ints
    and data the little-endian bytes in C order. Layout: 8-byte little-endian header length N,
    N bytes of JSON header (padded with spaces to a multiple of 8), then the tensor bytes.
    """
    sizes = {"F32": 4, "F16": 2, "BF16": 2}
    header = {"__metadata__": dict(metadata)}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        dtype, shape, data = tensors[name]
        count = 1
        for d in shape:
            count *= int(d)
        if len(data) != count * sizes[dtype]:
            raise ValueError(f"tensor {name}: {len(data)} bytes for shape {list(shape)} of {dtype}")
        header[name] = {"dtype": dtype, "shape": [int(d) for d in shape], "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def _tensor_bytes(t):
    """C-order little-endian bytes of a CPU tensor."""
    t = t.detach().contiguous().cpu()
    try:
        return t.numpy().tobytes()  # numpy has no bfloat16: falls through for BF16
    except (TypeError, RuntimeError):
        import torch

        return bytes(t.flatten().view(torch.uint8).tolist())


def write_capture(path, q, k, grid, frame_times=None, source_model=""):
    """q, k: torch tensors [layers, heads, tokens, head_dim] (float32 / float16 / bfloat16), pre-rotation."""
    import torch

    t, h, w = (int(v) for v in grid)
    if q.dim() != 4 or tuple(q.shape) != tuple(k.shape):
        raise ValueError(f"q and k must be 4-D of equal shape [layers, heads, tokens, head_dim]; got {tuple(q.shape)} and {tuple(k.shape)}")
    if q.shape[2] != t * h * w:
        raise ValueError(f"grid {t}x{h}x{w} has {t * h * w} tokens but q has {q.shape[2]}")
    if q.shape[3] % 2:
        raise ValueError(f"head_dim must be even (rotary pairs), got {q.shape[3]}")
    if not (torch.isfinite(q).all() and torch.isfinite(k).all()):
        raise ValueError("q and k must be finite")
    metadata = capture_metadata(grid, frame_times, source_model)
    q = q.detach().contiguous().cpu()
    k = k.detach().contiguous().cpu()
    try:
        from safetensors.torch import save_file

        save_file({"q": q, "k": k}, path, metadata=metadata)
    except ImportError:
        names = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}
        tensors = {}
        for name, x in (("q", q), ("k", k)):
            if x.dtype not in names:
                x = x.float()
            tensors[name] = (names[x.dtype], list(x.shape), _tensor_bytes(x))
        write_safetensors_raw(path, tensors, metadata)
