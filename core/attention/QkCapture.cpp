#include "core/attention/QkCapture.h"

#include <cmath>

#include "core/Errors.h"

namespace rope {
namespace {

bool mulOverflows(int64_t a, int64_t b, int64_t& out) { return __builtin_mul_overflow(a, b, &out); }

}  // namespace

void validateCapture(const QkCapture& c) {
    auto bad = [](const std::string& value, const std::string& rule) { throw InvalidParameter("capture", value, rule); };
    auto dims = [](const QkTensor& t) {
        std::string s = "[";
        for (int64_t v : {t.layers, t.heads, t.tokens}) (s += std::to_string(v)) += ", ";
        return (s += std::to_string(t.headDim)) += "]";
    };
    for (const QkTensor* t : {&c.q, &c.k}) {
        if (t->layers < 1 || t->heads < 1 || t->tokens < 1 || t->headDim < 1)
            bad(dims(*t), "q/k [layers, heads, tokens, head_dim] must all be >= 1");
        int64_t n = 0;
        if (mulOverflows(t->layers, t->heads, n) || mulOverflows(n, t->tokens, n) || mulOverflows(n, t->headDim, n) ||
            static_cast<uint64_t>(n) != t->data.size())
            bad(dims(*t) + " with " + std::to_string(t->data.size()) + " values",
                "q/k data must hold layers*heads*tokens*head_dim values");
    }
    if (c.q.layers != c.k.layers || c.q.heads != c.k.heads || c.q.tokens != c.k.tokens || c.q.headDim != c.k.headDim)
        bad("q " + dims(c.q) + ", k " + dims(c.k), "q and k must have equal shapes");
    if (c.q.headDim % 2 != 0) bad(std::to_string(c.q.headDim), "head_dim must be even (rotary pairs)");
    int64_t thw = 0;
    if (c.frames < 1 || c.rows < 1 || c.cols < 1 || mulOverflows(c.frames, c.rows, thw) || mulOverflows(thw, c.cols, thw) ||
        thw != c.q.tokens)
        bad("grid " + std::to_string(c.frames) + "x" + std::to_string(c.rows) + "x" + std::to_string(c.cols) + " for " +
                std::to_string(c.q.tokens) + " tokens",
            "the token grid T, H, W must be >= 1 with T*H*W = tokens");
    if (!c.frameTimes.empty() && static_cast<int64_t>(c.frameTimes.size()) != c.frames)
        bad(std::to_string(c.frameTimes.size()) + " frame times", "frameTimes must be empty or hold one time per frame (T)");
    for (double t : c.frameTimes)
        if (!std::isfinite(t)) bad(std::to_string(t), "frame times must be finite");
}

}  // namespace rope
