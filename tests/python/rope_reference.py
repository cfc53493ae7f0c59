"""An independent reference for RoPEScope's attention on one video block, written from
/work/shared/specs/variants.md (not from RoPEScope's C++): positions of `video:TxHxW` starting at
st = 0, the frequency allocation, the rotate-half rotation and softmax attention, in float64 numpy.

    positions(variant, T, H, W, delta)           -> [N, 3] (t, h, w) per token, raster order
    rows(variant, sections)                      -> which of t/h/w (0/1/2) drives each pair
    attention(q, k, variant, T, H, W, theta, sections, delta) -> [N, N] rows summing to 1
    frame_attention(a, T)                        -> [T, T]: mean over frame i's queries of the mass on frame j
"""
import numpy as np


def positions(variant, T, H, W, delta=2.0):
    f, y, x = np.meshgrid(np.arange(T), np.arange(H), np.arange(W), indexing="ij")
    f, y, x = (v.reshape(-1).astype(np.float64) for v in (f, y, x))
    if variant == "vanilla":  # every token takes the next integer on all three rows
        n = np.arange(T * H * W, dtype=np.float64)
        return np.stack([n, n, n], axis=1)
    if variant == "m-rope":  # t = st + f, h = st + y, w = st + x
        return np.stack([f, y, x], axis=1)
    if variant == "videorope":  # t = st + δf, h = t + y - floor((H-1)/2), w = t + x - floor((W-1)/2)
        t = delta * f
        return np.stack([t, t + y - (H - 1) // 2, t + x - (W - 1) // 2], axis=1)
    raise ValueError(variant)


def rows(variant, sections):
    st, sh, sw = sections
    pairs = st + sh + sw
    if variant == "vanilla":
        return [0] * pairs  # all rows hold the same position
    if variant == "m-rope":  # first s_t pairs -> t (highest frequencies), then s_h -> h, then s_w -> w
        return [0] * st + [1] * sh + [2] * sw
    if variant == "videorope":  # first s_h + s_w pairs alternate h (even) / w (odd); last s_t -> t
        return [1 if i % 2 == 0 else 2 for i in range(sh + sw)] + [0] * st
    raise ValueError(variant)


def rotate(x, angles):
    """Rotate-half layout: channel c < d/2 pairs with c + d/2; x' = x cos + rotate_half(x) sin."""
    half = x.shape[-1] // 2
    a, b = x[:, :half], x[:, half:]
    c, s = np.cos(angles), np.sin(angles)
    return np.concatenate([a * c - b * s, b * c + a * s], axis=1)


def attention(q, k, variant, T, H, W, theta, sections, delta=2.0):
    """q, k: [N, d] pre-rotation of one head. Non-causal softmax(q' k'^T / sqrt(d))."""
    q = np.asarray(q, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    d = q.shape[1]
    if sum(sections) != d // 2:
        raise ValueError(f"sections {sections} must sum to d/2 = {d // 2}")
    omega = theta ** (-2.0 * np.arange(d // 2) / d)
    pos = positions(variant, T, H, W, delta)
    angles = pos[:, rows(variant, sections)] * omega[None, :]  # [N, d/2]
    logits = rotate(q, angles) @ rotate(k, angles).T / np.sqrt(d)
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def frame_attention(a, T):
    n = a.shape[0] // T
    return a.reshape(T, n, T, n).sum(axis=3).mean(axis=1)
