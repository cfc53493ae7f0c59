#pragma once
// `ropescope attention`: attention maps of a real video under RoPE variants.
//
//   ropescope attention --video FILE [--frames N | --fps F [--frames MAX]] [--grid RxC|auto]
//                       [--model FILE.pt|FILE.safetensors] [--variant V | --variants a,b,…|all]
//                       [--layer L] [--head H] [--causal] [--bands halves|rows|none|0-15,16-63]
//                       [--query t,r,c] [--allow-truncated] [--save-capture FILE]
//                       [--builtin-layers N] [--builtin-heads N] [--position-share X]
//                       [--delta D --theta X --head-dim D --sections T,H,W --option KEY=VALUE …]
//                       [--out DIR] [--json] [--quiet] [--bench]
//
// A thin front end of the shared pipeline (pipeline/AttentionPipeline.h, also behind the GUI's
// attention tab): decode and sample frames → q/k from the built-in model, a TorchScript model or a
// capture file → per variant, rotate q/k and softmax → files. The inputs (--video, --frames, --fps,
// --grid, --model, --layer, --head, --causal, --bands, --builtin-*, --position-share) are the
// attention.* parameters of the schema, the same keys a study file stores. A video whose header
// promises more frames than decode is refused unless --allow-truncated (the GUI asks instead).
//
// --out DIR writes, per variant, DIR/<variant>/:
//   attention.npy         float32 [tokens, tokens], row n = attention of query token n
//   frame_attention.npy   float32 [T, T], mean mass query frame a puts on key frame b (rows sum to 1)
//   band_<name>.npy       float32 [T, T], mean logit component of each frequency band
//   attention.png         log10 heatmap of attention.npy (3 decades below its maximum), viridis
//   frame_attention.png   heatmap of frame_attention.npy, linear from 0 to its maximum
//   overlay.png           the query token's attention over every sampled frame, laid over the frames
//   summary.json          inputs, grid, model, variant, parameters, statistics, file list
// Files are written under temporary names and renamed when the variant is complete. Without
// --out (or with --json) a JSON summary goes to stdout. Progress goes to stderr (--quiet: none).
// --bench times decode + model only (three runs) and prints them as JSON; no attention.
//
// Bad input (missing or undecodable video, bad model file, wrong signature, bad flags, over the
// memory budget) → one line on stderr, exit 2, nothing on stdout.
#include <iosfwd>
#include <string>
#include <vector>

#ifndef ROPESCOPE_WITH_ML
#include "core/Errors.h"
#endif

namespace rope::cli {

#ifdef ROPESCOPE_WITH_ML
int attentionCommand(const std::vector<std::string>& args, std::ostream& out);
#else
/// This build has no OpenCV/LibTorch (ROPESCOPE_BUILD_ML=OFF): the command says so.
inline int attentionCommand(const std::vector<std::string>&, std::ostream&) {
    throw InvalidParameter("command", "attention", "needs a build with ROPESCOPE_BUILD_ML=ON (OpenCV and LibTorch)");
}
#endif

}  // namespace rope::cli
