"""Write an uncompressed AVI (24-bit RGB frames, no codec) with the Python standard library only.

Every decoder reads such a file back bit for bit (FFmpeg's ``rawvideo``), so a clip written here
reaches RoPEScope's model with exactly the pixel values Python used: the example exporter and its
tests rely on that to compare RoPEScope's attention with attention computed in Python.

    from raw_avi import write_raw_avi
    write_raw_avi("clip.avi", frames, width=168, height=112, fps=2.0)   # frames: list of RGB bytes

Layout (RIFF, one video stream): RIFF 'AVI ' { LIST 'hdrl' { avih, LIST 'strl' { strh, strf } },
LIST 'movi' { '00db' chunk per frame }, idx1 }. A frame is a bottom-up BI_RGB bitmap: rows from the
last to the first, pixels as B, G, R, each row padded to a multiple of 4 bytes.
"""

import struct

_AVIF_HASINDEX = 0x10
_AVIIF_KEYFRAME = 0x10


def _chunk(fourcc, data):
    pad = b"\0" if len(data) % 2 else b""
    return fourcc + struct.pack("<I", len(data)) + data + pad


def _list(kind, payload):
    return b"LIST" + struct.pack("<I", len(payload) + 4) + kind + payload


def _bitmap_rows(rgb, width, height):
    """Top-down RGB bytes -> bottom-up BGR rows padded to 4 bytes."""
    stride = width * 3
    pad = b"\0" * ((4 - stride % 4) % 4)
    rows = []
    for y in range(height - 1, -1, -1):
        row = bytearray(rgb[y * stride:(y + 1) * stride])
        row[0::3], row[2::3] = row[2::3], row[0::3]  # RGB -> BGR
        rows.append(bytes(row) + pad)
    return b"".join(rows)


def write_raw_avi(path, frames, width, height, fps):
    """frames: sequence of bytes, each height*width*3 RGB values (row-major, top row first).
    fps: a positive number; it is stored as the fraction round(fps*1000)/1000."""
    width, height = int(width), int(height)
    if width < 1 or height < 1 or not frames:
        raise ValueError(f"need at least one frame of at least 1x1 pixels, got {len(frames)} of {width}x{height}")
    for i, f in enumerate(frames):
        if len(f) != width * height * 3:
            raise ValueError(f"frame {i} has {len(f)} bytes, expected {width}x{height}x3 = {width * height * 3}")
    rate, scale = int(round(fps * 1000)), 1000
    if rate < 1:
        raise ValueError(f"fps must be positive, got {fps}")
    bitmaps = [_bitmap_rows(f, width, height) for f in frames]
    frame_size = len(bitmaps[0])

    avih = struct.pack("<14I", int(round(1e6 * scale / rate)), frame_size * rate // scale + 1, 0, _AVIF_HASINDEX,
                       len(frames), 0, 1, frame_size, width, height, 0, 0, 0, 0)
    strh = b"vids" + b"DIB " + struct.pack("<IHHIIIIIIII4h", 0, 0, 0, 0, scale, rate, 0, len(frames), frame_size,
                                           0xFFFFFFFF, 0, 0, 0, width, height)
    strf = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, frame_size, 0, 0, 0, 0)
    hdrl = _list(b"hdrl", _chunk(b"avih", avih) + _list(b"strl", _chunk(b"strh", strh) + _chunk(b"strf", strf)))

    movi_items, index = [], []
    offset = 4  # idx1 offsets count from the 'movi' fourcc
    for bmp in bitmaps:
        chunk = _chunk(b"00db", bmp)
        index.append(b"00db" + struct.pack("<III", _AVIIF_KEYFRAME, offset, len(bmp)))
        movi_items.append(chunk)
        offset += len(chunk)
    movi = _list(b"movi", b"".join(movi_items))
    idx1 = _chunk(b"idx1", b"".join(index))

    body = b"AVI " + hdrl + movi + idx1
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)
