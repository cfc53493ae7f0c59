#!/usr/bin/env python3
"""Writes a q/k capture file with the Python standard library only, byte for byte the way
safetensors.torch.save_file lays a file out (docs/capture-format.md shows both ways).

Usage: write_capture_stdlib.py OUT.safetensors

The values are chosen so a test can check any element by hand:
  q[l][h][n][c] = l*1000 + h*100 + n + c/4,   k = -q,
  2 layers, 2 heads, token grid T,H,W = 2,2,3 (12 tokens), head_dim 4, frame times [0.0, 0.5].
"""
import json
import struct
import sys


def save_capture(path, q, k, shape, grid, frame_times, source_model):
    """q, k: flat lists of floats in row-major [layers, heads, tokens, head_dim] order."""
    metadata = {
        "ropescope.format": "qk-capture/1",
        "ropescope.grid": ",".join(str(v) for v in grid),
        "ropescope.frame_times": json.dumps(frame_times),
        "ropescope.source_model": source_model,
    }
    header = {"__metadata__": metadata}
    buffers, offset = [], 0
    for name, values in (("k", k), ("q", q)):  # save_file orders tensors by name (same dtype)
        data = struct.pack("<%df" % len(values), *values)  # F32, little-endian
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        buffers.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # pad so the buffer starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in buffers:
            f.write(data)


def main():
    layers, heads, grid, head_dim = 2, 2, (2, 2, 3), 4
    tokens = grid[0] * grid[1] * grid[2]
    q = [l * 1000 + h * 100 + n + c / 4
         for l in range(layers) for h in range(heads) for n in range(tokens) for c in range(head_dim)]
    k = [-v for v in q]
    save_capture(sys.argv[1], q, k, (layers, heads, tokens, head_dim), grid, [0.0, 0.5], "stdlib example")


if __name__ == "__main__":
    main()
