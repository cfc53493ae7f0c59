#!/usr/bin/python3
"""Writes the seed corpus of the fuzz harnesses: fuzz/corpus/<harness>/seed-*. The seeds are
committed; this script says where each came from and rebuilds them (deterministic):

    /usr/bin/python3 fuzz/make_corpus.py

Seeds are small valid inputs (and a few typical mistakes) from the specs and docs: libFuzzer
mutates them, so each should reach one branch of its parser. scripts/fuzz never writes here (new
inputs go to build/fuzz/corpus/<harness>/).
"""
import json
import os
import struct
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "tools"))
from ropescope_capture import capture_metadata, write_safetensors_raw  # noqa: E402

corpus = os.path.join(root, "fuzz", "corpus")


def put(harness, name, data):
    d = os.path.join(corpus, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


# sequence: the spec's worked examples (specs/variants.md) and near misses
for i, s in enumerate(["text:3,video:2x2x3,text:2", "text:8,video:8x6x8,text:8", "image:4x4", "video:1x1x1",
                       "text:1,image:2x3,video:4x4x8,text:5", "text:0", "video:2x2", "text:9223372036854775807",
                       " text:3 , video:2x2x3 "]):
    put("sequence", f"{i:02d}", s)

# param_option: "\x80KEY=VALUE" (the --option form) for every kind of schema entry
options = ["variant=videorope", "sequence=text:3,video:2x2x3,text:2", "videorope.delta=2", "delta=0.5", "theta=1000000",
           "head_dim=128", "head-dim=64", "sections=16,24,24", "tad.text_stride=paper", "videorope.next_start=all-rows",
           "videorope.temporal_band=high", "videorope.spatial_order=sequential", "videorope.diagonal=off",
           "memory_budget_mib=4096", "vniah.lengths=100:3000:200", "vniah.depths=0,50,100", "vniah.seed=7",
           "vniah.task=vniah-d", "vniah.logit_scale=1.5", "vniah.frame_rows=6", "theta=1e-3", "delta=nan"]
for i, o in enumerate(options):
    put("param_option", f"{i:02d}", b"\x80" + o.encode())
put("param_option", "index-02", b"\x02" + b"2.5")  # the index form: schema entry 2 with value 2.5

# study: the format of core/Study.h
def study(study_fields, variants, version=1):
    return json.dumps({"format": "ropescope-study", "version": version, "study": study_fields, "variants": variants}, indent=1)


put("study", "00-demo", study({"sequence": "text:8,video:8x6x8,text:8", "theta": 1000000, "head_dim": 128,
                               "sections": [16, 24, 24]},
                              [{"variant": "m-rope"}, {"variant": "videorope", "videorope.delta": 2}]))
put("study", "01-four", study({"sequence": "text:3,video:2x2x3,text:2"},
                              [{"variant": "vanilla"}, {"variant": "tad", "tad.text_stride": "paper"},
                               {"variant": "rope-tie"}, {"variant": "videorope", "videorope.diagonal": "off",
                                                         "videorope.next_start": "all-rows"}]))
put("study", "02-vniah", study({"sequence": "video:4x4x8", "memory_budget_mib": 512, "vniah.lengths": "100:300:100",
                                "vniah.seed": 3}, [{"variant": "videorope"}]))
put("study", "03-newer", study({}, [{"variant": "vanilla"}], version=99))
put("study", "04-bad-key", study({"videorope.delta": 2}, [{"variant": "m-rope", "bogus": 1}]))
put("study", "05-nested", '{"format":"ropescope-study","version":1,"study":{"sequence":[[["x"]]]},"variants":[{}]}')

# safetensors: small captures in each dtype, and near misses
def tensor(dtype, shape, values):
    if dtype == "F32":
        data = struct.pack("<%df" % len(values), *values)
    elif dtype == "F16":
        data = struct.pack("<%de" % len(values), *values)
    else:  # BF16: the high half of the float32
        data = b"".join(struct.pack("<I", struct.unpack("<I", struct.pack("<f", v))[0])[2:] for v in values)
    return (dtype, shape, data)


tmp = os.path.join(corpus, ".tmp.safetensors")
L, Hd, T, H, W, D = 1, 2, 2, 1, 2, 4
vals = [((i * 7) % 11 - 5) / 4 for i in range(L * Hd * T * H * W * D)]
for i, (dq, dk) in enumerate([("F32", "F32"), ("F16", "BF16"), ("BF16", "F16")]):
    write_safetensors_raw(tmp, {"q": tensor(dq, [L, Hd, T * H * W, D], vals), "k": tensor(dk, [L, Hd, T * H * W, D], vals[::-1])},
                          capture_metadata((T, H, W), [0.0, 0.5], "fuzz seed"))
    with open(tmp, "rb") as f:
        put("safetensors", f"{i:02d}-{dq}-{dk}", f.read())
os.remove(tmp)
# an extra I64 tensor (ignored by the capture reader), laid out by hand
data = struct.pack("<4f", 1, 2, 3, 4) + struct.pack("<4f", 4, 3, 2, 1) + struct.pack("<2q", 1, 2)
header = json.dumps({"__metadata__": {"ropescope.grid": "1,1,2", "ropescope.frame_times": "[]"},
                     "q": {"dtype": "F32", "shape": [1, 1, 2, 2], "data_offsets": [0, 16]},
                     "k": {"dtype": "F32", "shape": [1, 1, 2, 2], "data_offsets": [16, 32]},
                     "extra": {"dtype": "I64", "shape": [2], "data_offsets": [32, 48]}}).encode()
put("safetensors", "03-extra-tensor", struct.pack("<Q", len(header)) + header + data)
header = b'{"__metadata__":{"ropescope.grid":"1,1,1"},"q":{"dtype":"F32","shape":[1,1,1,2],"data_offsets":[0,8]}}'
put("safetensors", "04-no-k", struct.pack("<Q", len(header)) + header + b"\0" * 8)

# model_file: what detectModelFile tells apart (zip, safetensors, torch.save pickle, other)
put("model_file", "00-zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\0" * 20)
with open(os.path.join(corpus, "safetensors", "seed-00-F32-F32"), "rb") as f:
    put("model_file", "01-capture", f.read()[:64])
put("model_file", "02-pickle", b"\x80\x02}q\x00.")
put("model_file", "03-text", b"not a model\n")
print("wrote", sum(len(fs) for _, _, fs in os.walk(corpus)), "seeds under", corpus)
