#include "CapturedVniah.h"

#include <algorithm>
#include <limits>

#include "core/Errors.h"
#include "core/MemoryBudget.h"
#include "core/PositionLayout.h"

namespace rope {

CapturedVniahScore scoreCapturedVniah(const Params& p, const CapturedVniahCase& c, int threads) {
    const auto& segs = c.sequence.segments();
    if (c.videoSegment < 0 || c.videoSegment >= static_cast<int>(segs.size()) || !segs[static_cast<size_t>(c.videoSegment)].isVisual())
        throw InvalidParameter("capture video segment", std::to_string(c.videoSegment), "must name a video segment of the sequence");
    const Segment& video = segs[static_cast<size_t>(c.videoSegment)];
    const int64_t tpf = video.rows * video.cols, first = c.sequence.segmentStarts()[static_cast<size_t>(c.videoSegment)];
    if (c.keys.rows() != video.tokenCount())
        throw InvalidParameter("capture keys", std::to_string(c.keys.rows()),
                               "must have one row per video token (" + std::to_string(video.tokenCount()) + ")");
    const auto inVideo = [&](int64_t f) { return f >= 0 && f < video.frames; };
    if (!inVideo(c.needleFrame))
        throw InvalidParameter("needle frame", std::to_string(c.needleFrame), "must be inside the video (0.." + std::to_string(video.frames - 1) + ")");
    for (int64_t f : c.distractorFrames)
        if (!inVideo(f) || f == c.needleFrame)
            throw InvalidParameter("distractor frame", std::to_string(f),
                                   "must be inside the video (0.." + std::to_string(video.frames - 1) + ") and not the needle");
    Params q = p;
    q.sequence = c.sequence;
    requireMemory(positionsBytes(c.sequence.tokenCount()) + 8.0 * static_cast<double>(video.tokenCount()), p.memoryBudgetMiB,
                  "scoring a capture of " + std::to_string(c.sequence.tokenCount()) + " tokens");
    const Positions pos = computePositions(q);
    const FrequencyPlan plan = makeFrequencyPlan(q);
    const Eigen::VectorXd logMass = frameLogMasses(rotaryLogits(plan, pos, c.queryToken, c.q, first, c.keys, threads), tpf);

    CapturedVniahScore out;
    out.frameLogMass = logMass;
    Eigen::Index winner = 0;
    logMass.maxCoeff(&winner);
    out.winnerFrame = winner;
    double rival = -std::numeric_limits<double>::infinity();
    for (int64_t f = 0; f < logMass.size(); ++f)
        if (f != c.needleFrame) rival = std::max(rival, logMass(f));
    out.success = logMass(c.needleFrame) > rival;
    out.lostToDistractor = !out.success && std::find(c.distractorFrames.begin(), c.distractorFrames.end(), out.winnerFrame) != c.distractorFrames.end();
    return out;
}

double CaptureVniahResult::rate() const {
    if (scores.empty()) return 0.0;
    double wins = 0;
    for (const CapturedVniahScore& sc : scores) wins += sc.success;
    return wins / static_cast<double>(scores.size());
}

CaptureVniahResult scoreCaptureVniah(const Params& p, const QkCapture& cap, int64_t needleFrame,
                                     const std::vector<int64_t>& distractorFrames, int threads) {
    const int64_t d = cap.q.headDim;
    if (d != p.headDim)
        throw InvalidParameter("head_dim", std::to_string(p.headDim),
                               "must equal the capture's head_dim " + std::to_string(d) + " (pass --head-dim and --sections)");
    if (cap.frames < 1 || cap.rows < 1 || cap.cols < 1 || cap.k.tokens != cap.tokens() || cap.q.tokens != cap.tokens())
        throw InvalidParameter("capture", std::to_string(cap.tokens()), "must hold T·H·W tokens in q and k");
    if (needleFrame < 0 || needleFrame >= cap.frames)
        throw InvalidParameter("needle frame", std::to_string(needleFrame),
                               "must be inside the captured video (0.." + std::to_string(cap.frames - 1) + ")");
    CapturedVniahCase c;
    Segment video;
    video.kind = SegmentKind::Video;
    video.frames = cap.frames, video.rows = cap.rows, video.cols = cap.cols;
    Segment question;
    question.cols = p.vniah.questionTokens;
    c.sequence = Sequence({video, question});
    c.videoSegment = 0;
    c.queryToken = c.sequence.tokenCount() - 1;
    c.needleFrame = needleFrame;
    c.distractorFrames = distractorFrames;
    const int64_t tpf = cap.rows * cap.cols;
    CaptureVniahResult out;
    out.layers = cap.q.layers;
    out.heads = cap.q.heads;
    for (int64_t layer = 0; layer < cap.q.layers; ++layer)
        for (int64_t head = 0; head < cap.q.heads; ++head) {
            c.q = Eigen::VectorXf::Zero(d);
            for (int64_t n = 0; n < tpf; ++n)
                c.q += Eigen::Map<const Eigen::VectorXf>(cap.q.token(layer, head, needleFrame * tpf + n), d);
            c.q /= static_cast<float>(tpf);
            c.keys = Eigen::Map<const RowMajorMatrixXf>(cap.k.token(layer, head, 0), cap.tokens(), d);
            out.scores.push_back(scoreCapturedVniah(p, c, threads));
        }
    return out;
}

}  // namespace rope
