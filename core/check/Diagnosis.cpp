#include "Diagnosis.h"

#include <algorithm>
#include <map>

#include "DecodePositions.h"
#include "FoundPositions.h"
#include "Pitfalls.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/TextFormat.h"
#include "core/variants/Variant.h"

namespace rope {
namespace {

/// Values people actually use, by the option's name (the part after "variant.").
const std::map<std::string, std::vector<double>>& namedValues() {
    static const std::map<std::string, std::vector<double>> table = {
        {"fps", {0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 24, 25, 30}},
        {"tokens_per_second", {1, 2, 4, 25}},
        {"temporal_patch_size", {1, 2}},
        {"frame_gap", {0, 1, 2, 3, 4}},
        {"delta", {0.5, 1, 1.5, 2, 2.5, 3}},
        {"gamma", {0.5, 0.75, 1, 1.25, 1.5}},
        {"stride", {1, 2, 4, 8, 16, 32, 64, 128, 256}},
        {"temporal_stride", {1, 2}},
        {"radius", {1, 5, 10, 20}},
        {"alpha", {0, 0.25, 0.5, 0.75, 1}},
        {"tile_tokens", {64, 144, 256, 576}},
    };
    return table;
}

/// Options that change frequencies only: their value cannot explain a positions file.
bool frequencyOnly(const std::string& key) {
    return key.find("temporal_band") != std::string::npos || key.find("spatial_order") != std::string::npos ||
           key.find("factor") != std::string::npos || key.find("original_length") != std::string::npos ||
           key == "glm-4v.model";
}

struct Setting {
    std::string key, value;
};

class Search {
public:
    Search(const Positions& expected, const Positions& found, double tol, const Progress& progress)
        : m_expected(expected), m_found(found), m_tol(tol), m_progress(progress) {}

    /// Lays q out; true if it reproduces the file (and differs from what was expected).
    bool reproduces(const Params& q) {
        ++tried;
        if (m_progress && tried % 16 == 0 && !m_progress(std::min(0.99, tried / 400.0)))
            throw Cancelled("check: diagnosis cancelled");
        try {
            const Positions pos = decodePositions(q);
            return pos.axes() == m_found.axes() && positionsWithin(pos, m_found, m_tol) &&
                   !positionsWithin(pos, m_expected, m_tol);
        } catch (const InvalidParameter&) {
            return false;
        } catch (const TooLarge&) {
            return false;
        }
    }
    bool applied(Params& q, const Setting& s) const {
        try {
            const std::string before = getParam(q, s.key);
            setParam(q, s.key, s.value);
            return getParam(q, s.key) != before;
        } catch (const InvalidParameter&) {
            return false;
        }
    }
    bool full() const { return hits.size() >= kMaxDiagnosisHits; }

    int tried = 0;
    std::vector<DiagnosisHit> hits;

private:
    const Positions& m_expected;
    const Positions& m_found;
    double m_tol;
    const Progress& m_progress;
};

std::vector<Setting> singleSettings(const Params& p) {
    std::vector<Setting> out;
    const VariantEntry& e = requireVariant(p.variant);
    std::vector<std::string> keys;
    for (const VariantOption& o : e.options) keys.push_back(o.key);
    if (e.usesDelta) keys.push_back("videorope.delta");
    // Choices first (the named pitfalls: rounding modes, next-start rules, strides), numbers after.
    for (const bool choices : {true, false})
        for (const std::string& key : keys) {
            const ParamSpec* spec = findParam(key);
            const bool isChoice = spec && (spec->type == ParamType::Enum || spec->type == ParamType::Bool);
            if (frequencyOnly(key) || isChoice != choices) continue;
            for (const std::string& v : candidateValues(key, p)) out.push_back({key, v});
        }
    return out;
}

}  // namespace

std::vector<std::string> candidateValues(const std::string& key, const Params& p) {
    const ParamSpec* spec = findParam(key);
    if (!spec) return {};
    const std::string current = spec->get(p);
    std::vector<std::string> out;
    const auto add = [&](const std::string& v) {
        if (v != current && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    };
    switch (spec->type) {
        case ParamType::Enum:
        case ParamType::Bool:
            for (const std::string& c : spec->choices) add(c);
            break;
        case ParamType::Integer:
        case ParamType::Real: {
            const std::string name = key.substr(key.rfind('.') + 1);  // variant names may hold dots (qwen2.5-vl)
            const auto it = namedValues().find(name);
            const std::vector<double> generic = {0.5, 1, 1.5, 2, 3, 4};
            for (const double v : it != namedValues().end() ? it->second : generic)
                if (spec->type == ParamType::Real || v == static_cast<double>(static_cast<long long>(v)))
                    add(spec->type == ParamType::Integer ? std::to_string(static_cast<long long>(v)) : formatNumber(v));
            break;
        }
        default: break;
    }
    // Declared special values (V2PE's tile_tokens "block").
    const VariantEntry& e = requireVariant(p.variant);
    for (const VariantOption& o : e.options)
        if (o.key == key)
            for (const std::string& s : o.specialValues) add(s);
    return out;
}

std::vector<DiagnosisHit> diagnose(const Params& p, const Positions& expected, const Positions& found,
                                   double tolerance, int& tried, const Progress& progress) {
    Search s(expected, found, tolerance, progress);
    const int axes = expected.axes();
    // 1. One declared option.
    const std::vector<Setting> singles = singleSettings(p);
    for (const Setting& set : singles) {
        Params q = p;
        if (s.applied(q, set) && s.reproduces(q)) s.hits.push_back(optionExplanation(p, set.key, set.value));
    }
    // 2. Plain 1D ids.
    if (p.variant != "vanilla" && positionsWithin(plainIds(expected.tokens(), axes), found, tolerance) &&
        !positionsWithin(plainIds(expected.tokens(), axes), expected, tolerance))
        s.hits.push_back({"plain 1D ids",
                          "the file holds plain 1D RoPE ids 0 ... N-1 on every axis: the 3D ids were never computed "
                          "(position_ids made from the attention mask or passed by a training stack, so get_rope_index "
                          "never ran)",
                          "variants.md §1"});
    // 3. A stale rope_delta at decode.
    if (auto hit = staleDelta(p, expected, found, tolerance)) s.hits.push_back(*hit);
    // 4. Another next-start rule.
    for (const NextStartRule rule : {NextStartRule::AllRows, NextStartRule::TRow, NextStartRule::TokenCount}) {
        ++s.tried;
        if (const auto pos = withNextStart(p, rule))
            if (positionsWithin(*pos, found, tolerance) && !positionsWithin(*pos, expected, tolerance))
                s.hits.push_back(nextStartExplanation(rule));
    }
    // 5. Another registry variant (its defaults).
    for (const VariantEntry& e : variantRegistry()) {
        if (e.name == p.variant || e.name == "vanilla" || s.full()) continue;
        Params q = p;
        q.options.clear();
        try {
            setParam(q, "variant", e.name);
        } catch (const InvalidParameter&) {
            continue;
        }
        if (s.reproduces(q))
            s.hits.push_back({"--variant " + e.name, "the file is " + e.displayName + "'s layout at its defaults: " + e.summary,
                              e.reference.spec});
    }
    // 6. Two options together.
    if (s.hits.empty()) {
        int pairs = 0;
        for (size_t i = 0; i < singles.size() && !s.full() && pairs < kMaxPairCandidates; ++i)
            for (size_t j = i + 1; j < singles.size() && !s.full() && pairs < kMaxPairCandidates; ++j) {
                if (singles[i].key == singles[j].key) continue;
                Params q = p;
                if (!s.applied(q, singles[i]) || !s.applied(q, singles[j])) continue;
                ++pairs;
                if (!s.reproduces(q)) continue;
                DiagnosisHit a = optionExplanation(p, singles[i].key, singles[i].value);
                const DiagnosisHit b = optionExplanation(p, singles[j].key, singles[j].value);
                a.setting += " " + b.setting;
                a.explanation += "; and " + b.explanation;
                if (b.spec != a.spec) a.spec += ", " + b.spec;
                s.hits.push_back(a);
            }
    }
    if (s.hits.size() > kMaxDiagnosisHits) s.hits.resize(kMaxDiagnosisHits);
    tried = s.tried;
    return s.hits;
}

int64_t tokensInFile(const NumericArray& file, int axes) {
    std::vector<int64_t> dims;
    for (const int64_t d : file.shape)
        if (d != 1) dims.push_back(d);
    if (dims.size() == 1) return dims[0];
    if (dims.size() != 2) return -1;
    const auto isRows = [axes](int64_t d) { return d == axes || (axes == 3 && d == 4); };
    if (isRows(dims[0])) return dims[1];
    if (isRows(dims[1])) return dims[0];
    return -1;
}

std::vector<DiagnosisHit> diagnoseLength(const Params& p, const NumericArray& file, double tolerance, int& tried) {
    std::vector<DiagnosisHit> hits;
    tried = 0;
    const int axes = positionAxes(p);
    const int64_t inFile = tokensInFile(file, axes), expected = decodeTokenCount(p);
    if (inFile < 0 || inFile == expected) return hits;
    const auto matches = [&](const Params& q) {
        ++tried;
        try {
            if (decodeTokenCount(q) != inFile) return false;
            const FoundPositions f = interpretPositions(file, inFile, axes);
            return positionsWithin(decodePositions(q), f.positions, tolerance);
        } catch (const std::runtime_error&) {  // BadFile, TooLarge
            return false;
        } catch (const InvalidParameter&) {
            return false;
        }
    };
    for (const Setting& set : singleSettings(p)) {
        Params q = p;
        try {
            setParam(q, set.key, set.value);
        } catch (const InvalidParameter&) {
            continue;
        }
        if (matches(q)) hits.push_back(optionExplanation(p, set.key, set.value));
    }
    if (inFile > expected) {
        Params q = p;
        q.generate = p.generate + (inFile - expected);
        if (q.generate <= kMaxGeneratedTokens && matches(q))
            hits.push_back({"--generate " + std::to_string(q.generate),
                            "the file ends with " + std::to_string(q.generate) +
                                " generated tokens, placed by the variant's decode rule",
                            "docs/check.md (decode rule)"});
    }
    return hits;
}

}  // namespace rope
