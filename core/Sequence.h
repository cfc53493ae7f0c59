#pragma once
// A sequence is a list of segments: `text:N`, `image:HxW`, `video:TxHxW` (LLM token grid, after
// the vision encoder's spatial merge). A video contributes T·H·W tokens in raster order
// frame → row → column; an image is a one-frame video.
//
//   text:3,video:2x2x3,text:2   →  3 + 12 + 2 = 17 tokens
//
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rope {

enum class SegmentKind { Text, Image, Video };

struct Segment {
    SegmentKind kind = SegmentKind::Text;
    int64_t frames = 1;  ///< T (1 for text and images)
    int64_t rows = 1;    ///< H (1 for text)
    int64_t cols = 1;    ///< W; for text the token count N
    int64_t tokenCount() const { return frames * rows * cols; }
    bool isVisual() const { return kind != SegmentKind::Text; }
    bool operator==(const Segment&) const = default;
};

/// Where one token sits inside its sequence.
struct TokenLocation {
    int segment = 0;
    SegmentKind kind = SegmentKind::Text;
    int64_t frame = 0, row = 0, col = 0;  ///< for text: col = index within the segment
};

class Sequence {
public:
    Sequence() = default;
    explicit Sequence(std::vector<Segment> segments);

    /// Parses "text:N,image:HxW,video:TxHxW". Throws InvalidParameter("sequence", ...) naming
    /// the bad segment and the allowed forms. Sizes must be ≥ 1 and the total must fit in int64.
    static Sequence parse(std::string_view text);
    std::string format() const;

    const std::vector<Segment>& segments() const { return m_segments; }
    int64_t tokenCount() const { return m_tokens; }
    int64_t visualTokenCount() const;
    bool empty() const { return m_segments.empty(); }
    /// Token index of the first token of each segment.
    std::vector<int64_t> segmentStarts() const;
    TokenLocation locate(int64_t token) const;
    bool operator==(const Sequence& o) const { return m_segments == o.m_segments; }

private:
    std::vector<Segment> m_segments;
    int64_t m_tokens = 0;
};

}  // namespace rope
