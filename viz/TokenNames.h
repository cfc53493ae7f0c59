#pragma once
// One numbering of tokens for every place a person reads it (3D legend, tooltip, token
// inspector): by the segment of the sequence the user wrote, counted per kind from 1, and frames
// of a video from 0 (f in the variants' formulas):
//
//   text:4,image:8x8,video:16x8x8,text:2
//     "text 1 · token 2"   "image 1 · row 3, col 5"   "video 1 · frame 3 · row 1, col 5"   "text 2 · token 0"
//
// A design may lay out more tokens than the user wrote (Qwen3-VL's frame_gap text between frames):
// those are named after the frame they follow ("frame gap after video 1 · frame 3 · token 1").
// Colour ordinals count every frame of every visual segment in order (an image is one frame), so a
// video's frames keep one colour ramp even when a design splits it into one-frame blocks.
#include <cstdint>
#include <string>
#include <vector>

#include "core/Sequence.h"

namespace rope::viz {

class TokenNames {
public:
    TokenNames() = default;
    /// `laidOut` = the design's expand(original) (equal to original for most designs).
    TokenNames(const Sequence& original, const Sequence& laidOut);

    const Sequence& original() const { return m_original; }
    const Sequence& laidOut() const { return m_laidOut; }
    /// "video 1", "image 2", "text 3" for segment `s` of the original sequence.
    std::string segmentName(int s) const;
    /// "video 1 · frame 3 · row 1, col 5" for a laid-out token.
    std::string tokenName(int64_t laidOutToken) const;
    /// Original token of a laid-out token, −1 for a token the design inserted.
    int64_t originalToken(int64_t laidOutToken) const;
    /// Laid-out token of an original token (−1 if out of range).
    int64_t laidOutToken(int64_t originalToken) const;
    /// Colour ordinal over all frames of the original's visual segments, −1 for text tokens.
    int frameOrdinal(int64_t laidOutToken) const;
    int frameCount() const { return m_frames; }
    /// First frame ordinal of each original segment (−1 for text).
    const std::vector<int>& firstFrameOfSegment() const { return m_firstFrame; }

private:
    Sequence m_original, m_laidOut;
    std::vector<int64_t> m_toLaidOut;  // original → laid out
    std::vector<int64_t> m_toOriginal; // laid out → original (−1: inserted)
    std::vector<int> m_ordinalInKind;  // per original segment: 1-based count among its kind
    std::vector<int> m_firstFrame;
    int m_frames = 0;
};

}  // namespace rope::viz
