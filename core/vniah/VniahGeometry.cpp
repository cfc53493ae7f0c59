#include "VniahGeometry.h"

#include <algorithm>

namespace rope {

VniahGeometry VniahGeometry::of(const VniahSettings& s, int64_t frames) {
    VniahGeometry g;
    g.frames = frames;
    g.rows = s.frameRows;
    g.cols = s.frameCols;
    g.questionTokens = s.questionTokens;
    return g;
}

Sequence VniahGeometry::sequence() const {
    Segment video;
    video.kind = SegmentKind::Video;
    video.frames = frames;
    video.rows = rows;
    video.cols = cols;
    Segment question;
    question.kind = SegmentKind::Text;
    question.cols = questionTokens;
    return Sequence({video, question});
}

int64_t needleFrame(int64_t frames, int64_t depthPercent) { return (depthPercent * (frames - 1) + 50) / 100; }

std::vector<int64_t> distractorFrames(const VniahSettings& s, VniahTask task, int64_t frames, int64_t needle) {
    std::vector<int64_t> out;
    if (task != VniahTask::Distractors) return out;
    const auto add = [&](int64_t f) {
        if (f >= 0 && f < frames && f != needle) out.push_back(f);
    };
    for (int64_t k = 0;; ++k) {
        const int64_t d = s.distractorOffset + k * s.distractorPeriod;
        if (needle - d < 0 && needle + d >= frames) break;
        add(needle - d);
        add(needle + d);
        if (s.distractorPeriod <= 0) break;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace rope
