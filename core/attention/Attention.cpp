#include "Attention.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "core/Errors.h"
#include "core/MemoryBudget.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/text/TextParse.h"
#include "core/attention/QkCapture.h"

namespace rope {
namespace {

using RowMajorArrayXf = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Bands must be non-empty, increasing, inside [0, d/2) and pairwise disjoint.
void checkBands(const std::vector<FrequencyBand>& bands, int headDim) {
    std::vector<const FrequencyBand*> owner(static_cast<size_t>(headDim / 2), nullptr);
    for (const FrequencyBand& b : bands) {
        if (b.pairs.empty()) throw InvalidParameter("bands", b.name, "a band needs at least one pair");
        for (size_t j = 0; j < b.pairs.size(); ++j) {
            const int i = b.pairs[j];
            if (i < 0 || i >= headDim / 2)
                throw InvalidParameter("bands", b.name + " pair " + std::to_string(i),
                                       "pairs must lie in [0, " + std::to_string(headDim / 2 - 1) + "] (head_dim/2 pairs)");
            if (j > 0 && i <= b.pairs[j - 1])
                throw InvalidParameter("bands", b.name, "pairs of a band must be strictly increasing");
            if (owner[static_cast<size_t>(i)])
                throw InvalidParameter("bands", b.name + " pair " + std::to_string(i),
                                       "bands must not overlap (pair also in \"" + owner[static_cast<size_t>(i)]->name + "\")");
            owner[static_cast<size_t>(i)] = &b;
        }
    }
}

// Rows are processed in blocks: one GEMM per block of queries, then the softmax and the frame sums
// of those rows while they are still in cache. A causal block only needs the keys up to its last
// query, so causal attention costs about half the products of full attention.
constexpr Eigen::Index kRowBlock = 256;

/// Adds row i's sums over the key frames (F blocks of `per` columns) to acc.row(frame of i).
void addFrameSums(const float* row, int64_t frames, int64_t per, Eigen::MatrixXd& acc, int64_t queryFrame) {
    const Eigen::Map<const RowMajorMatrixXf> blocks(row, frames, per);
    acc.row(queryFrame) += blocks.rowwise().sum().cast<double>().transpose();
}

/// Softmax of p[0..len) in place, p[len..cols) set to 0. An all −inf row becomes all 0.
void softmaxRow(float* p, Eigen::Index len, Eigen::Index cols) {
    Eigen::Map<Eigen::ArrayXf> row(p, len);
    const float mx = row.maxCoeff();
    if (mx == -std::numeric_limits<float>::infinity()) {
        row.setZero();
    } else {
        row = (row - mx).exp();
        row *= 1.0f / row.sum();
    }
    if (len < cols) Eigen::Map<Eigen::ArrayXf>(p + len, cols - len).setZero();
}

/// The channels of a band's pairs: i and i + R/2 (rotate-half), or 2i and 2i + 1 (adjacent).
std::vector<int> bandChannels(const FrequencyBand& b, const RotaryTable& table) {
    const int half = static_cast<int>(table.cos.cols());
    const bool adjacent = table.pairLayout == PairLayout::Adjacent;
    std::vector<int> ch;
    for (int i : b.pairs) ch.push_back(adjacent ? 2 * i : i);
    for (int i : b.pairs) ch.push_back(adjacent ? 2 * i + 1 : i + half);
    return ch;
}

RowMajorMatrixXf gatherColumns(const RowMajorMatrixXf& x, const std::vector<int>& cols) {
    RowMajorMatrixXf out(x.rows(), static_cast<Eigen::Index>(cols.size()));
    for (size_t j = 0; j < cols.size(); ++j) out.col(static_cast<Eigen::Index>(j)) = x.col(cols[j]);
    return out;
}

}  // namespace

std::vector<FrequencyBand> halvesBands(int headDim) {
    const int half = headDim / 2, quarter = half / 2;
    if (headDim < 4 || headDim % 2 != 0)
        throw InvalidParameter("head_dim", std::to_string(headDim), "must be even and >= 4 to split into two halves");
    FrequencyBand fast{"fast half", {}}, slow{"slow half", {}};
    for (int i = 0; i < half; ++i) (i < quarter ? fast : slow).pairs.push_back(i);
    return {fast, slow};
}

std::vector<FrequencyBand> rowBands(const FrequencyPlan& plan) {
    std::vector<FrequencyBand> out;
    for (int r = 0; r < 3; ++r) {
        std::vector<int> pairs = plan.pairsOf(static_cast<Row>(r));
        if (!pairs.empty()) out.push_back({std::string(1, rowLetter(static_cast<Row>(r))), std::move(pairs)});
    }
    return out;
}

std::vector<FrequencyBand> parsePairRanges(std::string_view text, int headDim) {
    const std::string whole(text);
    const std::string rule = "must be comma-separated pair ranges a-b or single pairs with 0 <= a <= b <= " +
                             std::to_string(headDim / 2 - 1);
    auto number = [&](std::string_view s) {
        int64_t v = 0;
        if (!parseWhole(trimBlanks(s), v) || v < 0 || v >= headDim / 2) throw InvalidParameter("bands", whole, rule);
        return static_cast<int>(v);
    };
    std::vector<FrequencyBand> out;
    while (true) {
        const size_t comma = text.find(',');
        const std::string_view part = trimBlanks(text.substr(0, comma));
        const size_t dash = part.find('-');
        const int a = number(part.substr(0, dash));
        const int b = dash == std::string_view::npos ? a : number(part.substr(dash + 1));
        if (b < a) throw InvalidParameter("bands", whole, rule);
        FrequencyBand band{a == b ? "pair " + std::to_string(a) : "pairs " + std::to_string(a) + "-" + std::to_string(b), {}};
        for (int i = a; i <= b; ++i) band.pairs.push_back(i);
        out.push_back(std::move(band));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    checkBands(out, headDim);
    return out;
}

Eigen::MatrixXf AttentionMap::keyImage(int64_t query, int64_t frame) const {
    if (probabilities.size() == 0)
        throw InvalidParameter("attention", "probabilities", "were not kept (AttentionRequest::keepProbabilities)");
    if (query < 0 || query >= tokens())
        throw InvalidParameter("query token", std::to_string(query), "must be in [0, " + std::to_string(tokens() - 1) + "]");
    if (frame < 0 || frame >= frames)
        throw InvalidParameter("frame", std::to_string(frame), "must be in [0, " + std::to_string(frames - 1) + "]");
    Eigen::MatrixXf img(rows, cols);
    const float* p = probabilities.data() + query * tokens() + frame * rows * cols;
    for (int64_t y = 0; y < rows; ++y)
        for (int64_t x = 0; x < cols; ++x) img(y, x) = p[y * cols + x];
    return img;
}

double attentionBytes(int64_t tokens, int64_t frames, const AttentionRequest& req) {
    const double n = static_cast<double>(tokens), d = req.variant.headDim, f = static_cast<double>(frames);
    const double bands = static_cast<double>(req.bands.size());
    const double block = std::min(n, double(kRowBlock)) * n * 4.0;  // one row block of N columns
    double bytes = 0;
    bytes += req.keepProbabilities ? 4.0 * n * n : block;                  // probabilities
    if (req.keepLogits) bytes += 4.0 * n * n;                              // unmasked logits
    if (!req.bands.empty()) bytes += req.keepBandLogits ? 4.0 * n * n * bands : block;
    return bytes + positionsBytes(tokens) + rotaryBytes(tokens, req.variant.headDim)  // layout, cos/sin (double)
           + 4.0 * n * d * 3                                               // float cos/sin + a rotation in flight
           + 4.0 * n * d * 2 * 2                                           // rotated q, k (+ a band gather of each)
           + 8.0 * f * f * (2 + bands);                                    // frame aggregates
}

RotaryTable videoRotary(const Params& variant, int64_t frames, int64_t rows, int64_t cols) {
    Params p = variant;
    Segment video;
    video.kind = SegmentKind::Video;
    video.frames = frames, video.rows = rows, video.cols = cols;
    if (frames < 1 || rows < 1 || cols < 1)
        throw InvalidParameter("token grid", std::to_string(frames) + "x" + std::to_string(rows) + "x" + std::to_string(cols),
                               "must have T, H, W >= 1");
    p.sequence = Sequence({video});
    const Positions pos = computePositions(p);  // validates p, checks the budget for positions
    requireMemory(rotaryBytes(p.sequence.tokenCount(), p.headDim), p.memoryBudgetMiB,
                  "cos/sin tables for video:" + std::to_string(frames) + "x" + std::to_string(rows) + "x" + std::to_string(cols));
    return computeRotary(pos, makeFrequencyPlan(p));
}

RowMajorMatrixXf rotateRows(const float* x, int64_t tokens, int64_t headDim, const RotaryTable& table) {
    const Eigen::Index half = table.cos.cols(), d = headDim;
    if (table.tokens() != tokens)
        throw InvalidParameter("rotation", std::to_string(tokens) + " tokens",
                               "must match the cos/sin table's " + std::to_string(table.tokens()) + " tokens");
    if (2 * half > d)
        throw InvalidParameter("rotary_dim", std::to_string(2 * half), "must be <= head_dim = " + std::to_string(d));
    const Eigen::Map<const RowMajorArrayXf> in(x, tokens, d);
    const RowMajorArrayXf c = table.cos.cast<float>(), s = table.sin.cast<float>();
    RowMajorMatrixXf y = in.matrix();  // channels ≥ R pass through
    if (table.pairLayout == PairLayout::Adjacent) {
        // Pair c is channels (2c, 2c+1).
        for (Eigen::Index k = 0; k < tokens; ++k)
            for (Eigen::Index i = 0; i < half; ++i) {
                const float a = in(k, 2 * i), b = in(k, 2 * i + 1);
                y(k, 2 * i) = a * c(k, i) - b * s(k, i);
                y(k, 2 * i + 1) = b * c(k, i) + a * s(k, i);
            }
        return y;
    }
    // First half a, second half b of each pair: a' = a cos − b sin, b' = b cos + a sin.
    y.leftCols(half).array() = in.leftCols(half) * c - in.middleCols(half, half) * s;
    y.middleCols(half, half).array() = in.middleCols(half, half) * c + in.leftCols(half) * s;
    return y;
}

void softmaxRows(RowMajorMatrixXf& m, bool causal) {
    const Eigen::Index n = m.rows(), cols = m.cols();
    for (Eigen::Index i = 0; i < n; ++i) softmaxRow(m.data() + i * cols, causal ? std::min(i + 1, cols) : cols, cols);
}

/// Finite q/k can still overflow float32 in the rotation or in q·k (values near 3e38): such a head
/// would give NaN attention and null statistics, so it is refused naming the layer, head and token.
static void requireFinite(const float* values, Eigen::Index count, const AttentionRequest& req, const char* where, Eigen::Index token) {
    for (Eigen::Index i = 0; i < count; ++i)
        if (!std::isfinite(values[i]))
            throw InvalidParameter("q/k", "layer " + std::to_string(req.layer) + " head " + std::to_string(req.head),
                                   std::string("gives a non-finite ") + where + " at token " + std::to_string(token) +
                                       " (overflow in q·k: the values are too large for float32); rescale q and k");
}

AttentionMap computeAttention(const QkCapture& capture, const AttentionRequest& req) {
    validateCapture(capture);
    const QkTensor& q = capture.q;
    if (req.layer < 0 || req.layer >= q.layers)
        throw InvalidParameter("layer", std::to_string(req.layer), "must be in [0, " + std::to_string(q.layers - 1) + "]");
    if (req.head < 0 || req.head >= q.heads)
        throw InvalidParameter("head", std::to_string(req.head), "must be in [0, " + std::to_string(q.heads - 1) + "]");
    if (req.variant.headDim != q.headDim)
        throw InvalidParameter("head_dim", std::to_string(req.variant.headDim),
                               "must equal the capture's head_dim = " + std::to_string(q.headDim) +
                                   " (and sections must sum to rotary_dim/2)");
    checkBands(req.bands, req.variant.rotaryDimension());
    const int64_t n = q.tokens, f = capture.frames, per = capture.rows * capture.cols;
    const int d = static_cast<int>(q.headDim);
    requireMemory(attentionBytes(n, f, req), req.variant.memoryBudgetMiB,
                  "attention of layer " + std::to_string(req.layer) + " head " + std::to_string(req.head) + " over " +
                      std::to_string(n) + " tokens (" + std::to_string(n) + "x" + std::to_string(n) + " float matrices)");

    AttentionMap map;
    map.layer = req.layer, map.head = req.head, map.causal = req.causal, map.variant = req.variant.variant;
    map.frames = capture.frames, map.rows = capture.rows, map.cols = capture.cols;

    RowMajorMatrixXf qr, kr;
    RotaryTable pairTable;  // the layout and pair count only (for the band channels)
    {
        const RotaryTable table = videoRotary(req.variant, capture.frames, capture.rows, capture.cols);
        qr = rotateRows(q.token(req.layer, req.head, 0), n, q.headDim, table);
        kr = rotateRows(capture.k.token(req.layer, req.head, 0), n, q.headDim, table);
        pairTable.pairLayout = table.pairLayout;
        pairTable.cos.resize(1, table.cos.cols());
    }
    qr *= static_cast<float>(1.0 / std::sqrt(static_cast<double>(d)));  // fold 1/√d into q: N·d products, not N²
    for (Eigen::Index t = 0; t < n; ++t) {
        requireFinite(qr.row(t).data(), d, req, "rotated query", t);
        requireFinite(kr.row(t).data(), d, req, "rotated key", t);
    }

    // Band components (unmasked): one GEMM per row block over the band's channels only.
    RowMajorMatrixXf bandBuffer;
    for (const FrequencyBand& band : req.bands) {
        const std::vector<int> ch = bandChannels(band, pairTable);
        const RowMajorMatrixXf qb = gatherColumns(qr, ch), kb = gatherColumns(kr, ch);
        BandLogits out;
        out.band = band;
        RowMajorMatrixXf& m = req.keepBandLogits ? out.logits : bandBuffer;
        m.resize(req.keepBandLogits ? n : std::min<Eigen::Index>(kRowBlock, n), n);
        Eigen::MatrixXd acc = Eigen::MatrixXd::Zero(f, f);
        double sum = 0, absSum = 0;
        for (Eigen::Index r0 = 0; r0 < n; r0 += kRowBlock) {
            const Eigen::Index rb = std::min(kRowBlock, n - r0), at = req.keepBandLogits ? r0 : 0;
            auto blk = m.middleRows(at, rb);
            blk.noalias() = qb.middleRows(r0, rb) * kb.transpose();
            for (Eigen::Index i = 0; i < rb; ++i) {
                const float* row = m.data() + (at + i) * n;
                requireFinite(row, n, req, "band logit", r0 + i);
                addFrameSums(row, f, per, acc, (r0 + i) / per);
                const Eigen::Map<const Eigen::ArrayXf> a(row, n);
                sum += static_cast<double>(a.sum());
                absSum += static_cast<double>(a.abs().sum());
            }
        }
        out.frameMean = (acc / (double(per) * double(per))).cast<float>();
        out.mean = sum / (double(n) * double(n));
        out.meanAbs = absSum / (double(n) * double(n));
        map.bands.push_back(std::move(out));
    }
    bandBuffer.resize(0, 0);

    // Logits → probabilities, block by block. With keepLogits every block is computed in full
    // (the logits are reported unmasked); otherwise a causal block stops at its last query.
    RowMajorMatrixXf probs(req.keepProbabilities ? n : std::min<Eigen::Index>(kRowBlock, n), n);
    if (req.keepLogits) map.logits.resize(n, n);
    Eigen::MatrixXd acc = Eigen::MatrixXd::Zero(f, f);
    for (Eigen::Index r0 = 0; r0 < n; r0 += kRowBlock) {
        const Eigen::Index rb = std::min(kRowBlock, n - r0), at = req.keepProbabilities ? r0 : 0;
        const Eigen::Index keys = req.causal && !req.keepLogits ? r0 + rb : n;
        probs.block(at, 0, rb, keys).noalias() = qr.middleRows(r0, rb) * kr.topRows(keys).transpose();
        if (req.keepLogits) map.logits.middleRows(r0, rb) = probs.middleRows(at, rb);
        for (Eigen::Index i = 0; i < rb; ++i) {
            float* row = probs.data() + (at + i) * n;
            requireFinite(row, req.causal ? r0 + i + 1 : keys, req, "logit", r0 + i);
            softmaxRow(row, req.causal ? r0 + i + 1 : n, n);
            addFrameSums(row, f, per, acc, (r0 + i) / per);
        }
    }
    map.frameAttention = (acc / double(per)).cast<float>();
    if (req.keepProbabilities) map.probabilities = std::move(probs);
    return map;
}

}  // namespace rope
