#include "FoundPositions.h"

#include "core/Errors.h"

namespace rope {
namespace {

[[noreturn]] void fail(const NumericArray& a, const std::string& problem) { throw BadFile(a.source + ": " + problem); }

/// Rows × N from values stored row-major as [rows, N] (transposed: [N, rows]).
Positions gather(const NumericArray& a, int rows, int64_t n, bool transposed, int skipRows = 0) {
    Positions p;
    p.pos.resize(rows - skipRows, n);
    for (int r = skipRows; r < rows; ++r)
        for (int64_t k = 0; k < n; ++k)
            p.pos(r - skipRows, k) = a.values[static_cast<size_t>(transposed ? k * rows + r : r * n + k)];
    return p;
}

}  // namespace

FoundPositions interpretPositions(const NumericArray& a, int64_t tokens, int axes) {
    // Drop unit batch dimensions, remembering where they were for the message.
    std::vector<int64_t> dims;
    for (size_t i = 0; i < a.shape.size(); ++i)
        if (a.shape[i] != 1 || (a.shape.size() - i == 1 && dims.empty())) dims.push_back(a.shape[i]);
    const bool batched = dims.size() != a.shape.size();
    const std::string b = batched ? " (unit batch dimension dropped)" : "";
    FoundPositions f;
    const auto lengthError = [&](int64_t found) {
        std::string hint;
        if (found > tokens) hint = "; if the file includes generated tokens, pass --generate " + std::to_string(found - tokens);
        else hint = "; check --sequence (and --generate) against the input the file was made for";
        fail(a, "holds " + std::to_string(found) + " tokens (shape " + a.shapeText() + "), but the sequence has " +
                    std::to_string(tokens) + hint);
    };
    if (dims.size() == 1) {  // [N] or [1, N]: plain 1D ids
        if (dims[0] != tokens) lengthError(dims[0]);
        f.positions.pos.resize(axes, tokens);
        for (int r = 0; r < axes; ++r)
            for (int64_t k = 0; k < tokens; ++k) f.positions.pos(r, k) = a.values[static_cast<size_t>(k)];
        f.oneDimensional = true;
        f.assumed = a.shapeText() + ": one row of plain 1D ids, taken as the same id on every axis";
        return f;
    }
    if (dims.size() != 2)
        fail(a, "has shape " + a.shapeText() + "; expected [3, N], [3, 1, N], [1, 3, N], [N, 3], [4, N] or [N] with N = " +
                    std::to_string(tokens));
    const int64_t d0 = dims[0], d1 = dims[1];
    const int rowsWanted = axes == 4 ? 4 : 3;
    if (d0 == rowsWanted && d1 == tokens) {
        f.positions = gather(a, rowsWanted, tokens, false);
        f.assumed = a.shapeText() + (axes == 4 ? ": rows s0, s1, s2, s3 (VRoPE streams)" : ": rows t, h, w") + b;
        if (d0 == d1) f.assumed += " (square: the first dimension taken as the rows)";
    } else if (axes == 3 && d0 == 4 && d1 == tokens) {
        f.positions = gather(a, 4, tokens, false, 1);
        f.assumed = a.shapeText() + ": Qwen3-VL layout, row 0 the text positions (not compared), rows 1-3 t, h, w" + b;
    } else if (d1 == rowsWanted && d0 == tokens) {
        f.positions = gather(a, rowsWanted, tokens, true);
        f.assumed = a.shapeText() + ": one (" + (axes == 4 ? "s0, s1, s2, s3" : "t, h, w") + ") per token" + b;
    } else if (d0 == rowsWanted || (axes == 3 && d0 == 4)) {
        lengthError(d1);
    } else if (d1 == rowsWanted) {
        lengthError(d0);
    } else {
        fail(a, "has shape " + a.shapeText() + "; expected " + std::to_string(rowsWanted) + " rows of " +
                    std::to_string(tokens) + " tokens ([" + std::to_string(rowsWanted) + ", N], [N, " +
                    std::to_string(rowsWanted) + "], [" + std::to_string(rowsWanted) + ", 1, N], or [N] for 1D ids)");
    }
    return f;
}

}  // namespace rope
