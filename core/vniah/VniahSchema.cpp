#include "VniahSchema.h"

#include <cmath>

#include "core/Errors.h"
#include "core/text/TextParse.h"
#include "core/vniah/VniahSettings.h"

namespace rope {
namespace {

constexpr size_t kMaxRangeValues = 10000;

bool parseWholeTrimmed(std::string_view text, int64_t& v) { return parseWhole(trimBlanks(text), v); }

std::string rangeRule(int64_t min, int64_t max) {
    return "must be START:STOP:STEP (both ends included, e.g. 100:3000:200) or comma-separated whole numbers, all in " +
           std::to_string(min) + ".." + std::to_string(max);
}

ParamSpec baseSpec(std::string key, std::string flag, std::string label, std::string help, ParamType type) {
    ParamSpec s;
    s.key = std::move(key), s.cliFlag = std::move(flag), s.label = std::move(label), s.help = std::move(help);
    s.type = type, s.scope = ParamScope::Study;
    return s;
}

ParamSpec rangeSpec(std::string key, std::string flag, std::string label, std::string help, int64_t min, int64_t max,
                    std::vector<int64_t> VniahSettings::*field) {
    ParamSpec s = baseSpec(std::move(key), std::move(flag), std::move(label), std::move(help), ParamType::IntRange);
    s.min = static_cast<double>(min), s.max = static_cast<double>(max), s.step = 1;
    s.get = [field](const Params& p) { return formatIntRange(p.vniah.*field); };
    s.set = [k = s.key, min, max, field](Params& p, std::string_view text) { p.vniah.*field = parseIntRange(k, text, min, max); };
    return s;
}

template <typename Int>
ParamSpec integerSpec(std::string key, std::string flag, std::string label, std::string help, int64_t min, int64_t max,
                      Int VniahSettings::*field) {
    ParamSpec s = baseSpec(std::move(key), std::move(flag), std::move(label), std::move(help), ParamType::Integer);
    s.min = static_cast<double>(min), s.max = static_cast<double>(max), s.step = 1;
    s.get = [field](const Params& p) { return std::to_string(p.vniah.*field); };
    s.set = [k = s.key, min, max, field](Params& p, std::string_view text) {
        int64_t v = 0;
        if (!parseWholeTrimmed(text, v)) throw InvalidParameter(k, std::string(text), "must be a whole number");
        if (v < min || v > max)
            throw InvalidParameter(k, std::string(text), "must be >= " + std::to_string(min) + " and <= " + std::to_string(max));
        p.vniah.*field = static_cast<Int>(v);
    };
    return s;
}

ParamSpec realSpec(std::string key, std::string label, std::string help, double min, double max, bool minExclusive,
                   double VniahSettings::*field) {
    ParamSpec s = baseSpec(std::move(key), "", std::move(label), std::move(help), ParamType::Real);
    s.min = min, s.max = max, s.step = 0.01, s.minExclusive = minExclusive;
    s.get = [field](const Params& p) { return formatNumber(p.vniah.*field); };
    s.set = [s, field](Params& p, std::string_view text) {
        double v = 0;
        if (!parseFinite(trimBlanks(text), v))
            throw InvalidParameter(s.key, std::string(text), "must be a finite number");
        if ((s.minExclusive ? v <= s.min : v < s.min) || v > s.max)
            throw InvalidParameter(s.key, std::string(text), std::string("must be ") + (s.minExclusive ? "> " : ">= ") +
                                                                 formatNumber(s.min) + " and <= " + formatNumber(s.max));
        p.vniah.*field = v;
    };
    return s;
}

ParamSpec taskSpec() {
    ParamSpec s = baseSpec("vniah.task", "", "V-NIAH task",
                           "v-niah: a needle frame in a haystack; v-niah-d: plus distractor frames similar to the "
                           "needle at needle ± vniah.distractor_offset (the CLI switch --distractors).",
                           ParamType::Enum);
    s.choices = {"v-niah", "v-niah-d"};
    s.get = [](const Params& p) { return std::string(p.vniah.task == VniahTask::Distractors ? "v-niah-d" : "v-niah"); };
    s.set = [](Params& p, std::string_view text) {
        if (text == "v-niah") p.vniah.task = VniahTask::Plain;
        else if (text == "v-niah-d") p.vniah.task = VniahTask::Distractors;
        else throw InvalidParameter("vniah.task", std::string(text), "must be one of v-niah | v-niah-d");
    };
    return s;
}

}  // namespace

std::vector<int64_t> parseIntRange(std::string_view key, std::string_view text, int64_t min, int64_t max) {
    const std::string k(key), t(trimBlanks(text));
    if (t.empty()) throw InvalidParameter(k, "", "must list at least one value; " + rangeRule(min, max));
    std::vector<int64_t> out;
    if (t.find(':') != std::string::npos) {
        int64_t v[3] = {0, 0, 0};
        size_t pos = 0;
        for (int i = 0; i < 3; ++i) {
            const size_t colon = t.find(':', pos);
            if ((i < 2) == (colon == std::string::npos) || !parseWholeTrimmed(std::string_view(t).substr(pos, i < 2 ? colon - pos : std::string::npos), v[i]))
                throw InvalidParameter(k, t, rangeRule(min, max));
            pos = colon + 1;
        }
        if (v[2] < 1) throw InvalidParameter(k, t, "must have STEP >= 1 in START:STOP:STEP");
        if (v[0] > v[1]) throw InvalidParameter(k, t, "is an empty range: START must be <= STOP in START:STOP:STEP");
        if (v[0] < min || v[1] > max) throw InvalidParameter(k, t, rangeRule(min, max));
        if ((v[1] - v[0]) / v[2] + 1 > static_cast<int64_t>(kMaxRangeValues))
            throw InvalidParameter(k, t, "must have at most " + std::to_string(kMaxRangeValues) + " values");
        return inclusiveRange(v[0], v[1], v[2]);
    }
    size_t pos = 0;
    for (;;) {
        const size_t comma = t.find(',', pos);
        int64_t v = 0;
        if (!parseWholeTrimmed(std::string_view(t).substr(pos, comma == std::string::npos ? std::string::npos : comma - pos), v) ||
            v < min || v > max)
            throw InvalidParameter(k, t, rangeRule(min, max));
        out.push_back(v);
        if (out.size() > kMaxRangeValues)
            throw InvalidParameter(k, t, "must have at most " + std::to_string(kMaxRangeValues) + " values");
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return out;
}

std::string formatIntRange(const std::vector<int64_t>& v) {
    if (v.size() >= 3 && v[1] > v[0] && inclusiveRange(v.front(), v.back(), v[1] - v[0]) == v)
        return std::to_string(v.front()) + ":" + std::to_string(v.back()) + ":" + std::to_string(v[1] - v[0]);
    std::string out;
    for (int64_t x : v) {
        if (!out.empty()) out += ',';
        out += std::to_string(x);
    }
    return out;
}

std::vector<ParamSpec> vniahParamSpecs() {
    using S = VniahSettings;
    std::vector<ParamSpec> v;
    v.push_back(taskSpec());
    v.push_back(rangeSpec("vniah.lengths", "--lengths", "Haystack lengths (frames)",
                          "Video lengths of the grid, in frames: START:STOP:STEP with both ends included, or a,b,c. "
                          "The paper: 100:3000:200.",
                          1, 1'000'000, &S::lengths));
    v.push_back(rangeSpec("vniah.depths", "--depths", "Needle depths (%)",
                          "Needle positions as a percentage of the video (0 = first frame, 100 = last): "
                          "START:STOP:STEP or a,b,c. The paper: 0:100:20.",
                          0, 100, &S::depths));
    v.push_back(integerSpec("vniah.frame_rows", "", "Token rows per frame",
                            "LLM token rows of one frame after the 2×2 merge (the paper: 9).", 1, 256, &S::frameRows));
    v.push_back(integerSpec("vniah.frame_cols", "", "Token columns per frame",
                            "LLM token columns of one frame after the 2×2 merge (the paper: 16; 9 × 16 = 144 tokens).", 1,
                            256, &S::frameCols));
    v.push_back(integerSpec("vniah.question_tokens", "", "Question tokens",
                            "Text tokens after the video; the query is the last of them.", 1, 4096, &S::questionTokens));
    v.push_back(integerSpec("vniah.distractor_offset", "", "Distractor offset (frames)",
                            "V-NIAH-D: distractor frames sit at needle ± this many frames (the paper: 200). Must be "
                            "smaller than the longest haystack.",
                            1, 1'000'000, &S::distractorOffset));
    v.push_back(integerSpec("vniah.distractor_period", "", "Distractor period (frames)",
                            "V-NIAH-D: 0 = only needle ± offset; P > 0 adds distractors at needle ± (offset + k·P).", 0,
                            1'000'000, &S::distractorPeriod));
    v.push_back(realSpec("vniah.needle_similarity", "Needle similarity c",
                         "Cosine between a needle key and the question's query (keys = c·q + noise).", 0, 1, false,
                         &S::needleSimilarity));
    v.push_back(realSpec("vniah.content_gap", "Content gap",
                         "Distractor similarity = needle similarity − gap. With all positions equal the needle wins "
                         "whenever the gap is clearly positive (0.1 ≈ 20 noise widths).",
                         0, 1, false, &S::contentGap));
    v.push_back(realSpec("vniah.logit_scale", "Logit scale β",
                         "Standard deviation of q·k/√d for an unrelated key (σ_q·σ_k); 1 = unit-variance channels.", 0,
                         100, true, &S::logitScale));
    v.push_back(integerSpec("vniah.seeds", "--seeds", "Seeds",
                            "Independent seeds per cell; each seed has vniah.heads heads (independent queries).", 1,
                            100'000, &S::seeds));
    v.push_back(integerSpec("vniah.heads", "--heads", "Heads per seed",
                            "Heads per seed; a cell's rate is over seeds × heads trials.", 1, 1024, &S::heads));
    v.push_back(integerSpec("vniah.seed", "", "Base seed",
                            "Every random stream of the experiment derives from this number; the same seed gives the "
                            "same result on any machine.",
                            0, (int64_t{1} << 53) - 1, &S::seed));
    return v;
}

}  // namespace rope
