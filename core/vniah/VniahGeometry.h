#pragma once
// Where things sit in one V-NIAH case: the sequence, the needle frame and the distractor frames.
//
//   sequence  video:F×R×C , text:Q            (F frames of R×C tokens, then the question)
//   tokens    frame 0 | frame 1 | … | frame F−1 | q_0 … q_{Q−1}
//                         ▲ needle at depth p      ▲ the query is the last question token
//
//   needle frame        f_n = round(p/100 · (F − 1))      depth 0 % = first frame, 100 % = last
//   distractor frames   f_n ± offset, and with a period P > 0 also f_n ± (offset + k·P), k ≥ 1,
//                       keeping those inside [0, F). A short video may hold none (F = 100 cannot
//                       hold a frame 200 away); such a cell is then plain V-NIAH, as in the paper,
//                       whose 100-frame haystacks cannot hold a ±200 distractor either.
// Positions of every token come from the variant's own layout (PositionLayout), as everywhere else.
#include <cstdint>
#include <vector>

#include "core/Sequence.h"
#include "core/vniah/VniahSettings.h"

namespace rope {

struct VniahGeometry {
    int64_t frames = 1;
    int rows = 9, cols = 16;
    int questionTokens = 16;

    static VniahGeometry of(const VniahSettings& s, int64_t frames);
    int64_t tokensPerFrame() const { return static_cast<int64_t>(rows) * cols; }
    int64_t visualTokens() const { return frames * tokensPerFrame(); }
    int64_t tokens() const { return visualTokens() + questionTokens; }
    int64_t queryToken() const { return tokens() - 1; }
    int64_t firstToken(int64_t frame) const { return frame * tokensPerFrame(); }
    Sequence sequence() const;
};

/// round(depth/100 · (frames − 1)), halves rounded up, in integer arithmetic.
int64_t needleFrame(int64_t frames, int64_t depthPercent);

/// Distractor frames of a case (sorted, inside the video, never the needle); empty for V-NIAH.
std::vector<int64_t> distractorFrames(const VniahSettings& s, VniahTask task, int64_t frames, int64_t needle);

}  // namespace rope
