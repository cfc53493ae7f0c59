#include "RotaryCheck.h"

#include <cmath>

#include "DecodePositions.h"
#include "core/Errors.h"
#include "core/FrequencyPlan.h"
#include "core/ParamSchema.h"
#include "core/TextFormat.h"
#include "core/variants/Variant.h"

namespace rope {
namespace {

constexpr double kFloat32AngleRounding = 1.0 / (1 << 22);

/// [N, D] after dropping leading unit dimensions.
std::array<int64_t, 2> tableShape(const NumericArray& a, int64_t tokens, int rotaryDim, int headDim) {
    std::vector<int64_t> dims = a.shape;
    while (dims.size() > 2 && dims.front() == 1) dims.erase(dims.begin());
    const std::string want = "expected [N, D] or [1, N, D] with N = " + std::to_string(tokens) + " and D = rotary_dim " +
                             std::to_string(rotaryDim) + (headDim != rotaryDim ? " or head_dim " + std::to_string(headDim) : "");
    if (dims.size() == 3 && dims[0] == 3)
        throw BadFile(a.source + ": has shape " + a.shapeText() + ", one table per axis (Qwen2-VL's rotary_emb output "
                      "before mrope_section is applied); dump the merged cos/sin (README, \"Checking your pipeline\"); " + want);
    if (dims.size() != 2) throw BadFile(a.source + ": has shape " + a.shapeText() + "; " + want);
    if (dims[0] != tokens)
        throw BadFile(a.source + ": holds " + std::to_string(dims[0]) + " tokens, but the sequence has " +
                      std::to_string(tokens) + (dims[0] > tokens ? " (pass --generate " + std::to_string(dims[0] - tokens) + "?)" : "") +
                      "; " + want);
    if (dims[1] != rotaryDim && dims[1] != headDim)
        throw BadFile(a.source + ": rows have " + std::to_string(dims[1]) + " values; " + want);
    return {dims[0], dims[1]};
}

struct Expected {
    Eigen::ArrayXXd angle;  ///< tokens × pairs
};

Expected anglesOf(const Positions& pos, const FrequencyPlan& plan) {
    Expected e;
    e.angle.resize(pos.tokens(), plan.pairs());
    for (int i = 0; i < plan.pairs(); ++i) {
        const Row r = plan.rowOfPair[static_cast<size_t>(i)];
        if (r != RowNone && r >= pos.axes())
            throw InvalidParameter("frequency plan", std::to_string(int(r)), "drives a pair by an axis the positions lack");
        for (Eigen::Index n = 0; n < pos.tokens(); ++n)
            e.angle(n, i) = r == RowNone ? 0.0 : pos.pos(r, n) * plan.omega[i];
    }
    return e;
}

struct Comparison {
    int64_t tokens = 0;
    double largest = 0;
    std::vector<RotaryValueMismatch> first;
};

Comparison compare(const Expected& e, int rotaryDim, PairLayout layout, const NumericArray& cos,
                   const NumericArray& sin, int64_t n, int64_t width, const CheckOptions& o) {
    Comparison c;
    const int half = rotaryDim / 2;
    for (int64_t t = 0; t < n; ++t) {
        bool bad = false;
        for (int64_t ch = 0; ch < width; ++ch) {
            double angle = 0, want[2] = {1, 0};
            if (ch < rotaryDim) {
                const int pair = layout == PairLayout::Half ? static_cast<int>(ch % half) : static_cast<int>(ch / 2);
                angle = e.angle(t, pair);
                want[0] = std::cos(angle), want[1] = std::sin(angle);
            }
            const double allowed = o.tolerance + kFloat32AngleRounding * std::abs(angle);
            const size_t at = static_cast<size_t>(t * width + ch);
            const double got[2] = {cos.values[at], sin.values[at]};
            for (int k = 0; k < 2; ++k) {
                const double d = std::abs(got[k] - want[k]);
                if (d <= allowed) continue;
                bad = true;
                c.largest = std::max(c.largest, d);
                if (c.first.size() < o.listed) c.first.push_back({t, static_cast<int>(ch), k == 1, want[k], got[k]});
            }
        }
        c.tokens += bad;
    }
    return c;
}

}  // namespace

RotaryCheckReport checkRotary(const Params& p, const NumericArray& cos, const NumericArray& sin,
                              const Positions* foundPositions, const CheckOptions& options) {
    const Positions expected = decodePositions(p);
    const FrequencyPlan plan = makeFrequencyPlan(p);
    const int R = plan.rotaryDim;
    const auto cs = tableShape(cos, expected.tokens(), R, p.headDim);
    const auto ss = tableShape(sin, expected.tokens(), R, p.headDim);
    if (cs != ss)
        throw BadFile(sin.source + ": has shape " + sin.shapeText() + ", the cos file " + cos.source + " has " + cos.shapeText());
    RotaryCheckReport r;
    r.tokens = cs[0], r.width = static_cast<int>(cs[1]), r.rotaryDim = R;
    r.assumed = cos.shapeText() + ": N = " + std::to_string(cs[0]) + " tokens, D = " + std::to_string(cs[1]) +
                (cs[1] == R ? " (rotary_dim)" : " (head_dim; channels from " + std::to_string(R) + " pass through)");
    const Expected e = anglesOf(expected, plan);
    const PairLayout own = plan.pairLayout;
    const PairLayout other = own == PairLayout::Half ? PairLayout::Adjacent : PairLayout::Half;
    Comparison best = compare(e, R, own, cos, sin, cs[0], cs[1], options);
    PairLayout used = own;
    if (best.tokens > 0) {
        Comparison alt = compare(e, R, other, cos, sin, cs[0], cs[1], options);
        if (alt.tokens < best.tokens) best = std::move(alt), used = other;
    }
    r.layout = used == PairLayout::Half ? "half" : "adjacent";
    r.variantLayout = used == own;
    r.mismatchingTokens = best.tokens, r.largestDifference = best.largest, r.first = std::move(best.first);
    if (r.match() || !options.diagnose) return r;

    CheckOptions quiet = options;
    quiet.listed = 0;
    const auto fits = [&](const Positions& pos, const FrequencyPlan& pl) {
        if (pl.rotaryDim != R) return false;
        const Expected x = anglesOf(pos, pl);
        return compare(x, R, used, cos, sin, cs[0], cs[1], quiet).tokens == 0 ||
               compare(x, R, used == PairLayout::Half ? PairLayout::Adjacent : PairLayout::Half, cos, sin, cs[0], cs[1], quiet)
                       .tokens == 0;
    };
    if (foundPositions && foundPositions->axes() == expected.axes() && foundPositions->tokens() == expected.tokens() &&
        fits(*foundPositions, plan))
        r.diagnosis.push_back({"cos/sin of the positions file",
                               "the cos/sin are the variant's frequencies applied to the ids in the positions file: "
                               "fix the ids and the cos/sin follow",
                               requireVariant(p.variant).reference.spec});
    for (const double theta : {1e4, 5e5, 1e6, 5e6, 1e7}) {
        if (theta == p.theta) continue;
        Params q = p;
        q.theta = theta;
        if (fits(expected, makeFrequencyPlan(q)))
            r.diagnosis.push_back({"--theta " + formatNumber(theta),
                                   "the tables use rope_theta " + formatNumber(theta) + " instead of " + formatNumber(p.theta),
                                   "variants-more.md (defaults)"});
    }
    for (const VariantEntry& v : variantRegistry()) {
        if (v.name == p.variant) continue;
        Params q = p;
        q.variant = v.name;  // the other allocation over this column's θ, head_dim, rotary_dim and sections
        try {
            validate(q);  // sections must fit the pairs before an allocation is built over them
            if (fits(expected, planFor(q)))
                r.diagnosis.push_back({v.name + "'s frequency allocation",
                                       "the ids are right but the pairs are assigned to t, h, w as " + v.displayName +
                                           " does (" + v.allocation + ") instead of " + requireVariant(p.variant).allocation,
                                       v.reference.spec});
        } catch (const InvalidParameter&) {
        }
    }
    return r;
}

}  // namespace rope
