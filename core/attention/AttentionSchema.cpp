#include "AttentionSchema.h"

#include "core/Errors.h"
#include "core/attention/Attention.h"
#include "core/text/TextParse.h"

namespace rope {
namespace {

ParamSpec baseSpec(std::string key, std::string flag, std::string label, std::string help, ParamType type) {
    ParamSpec s;
    s.key = std::move(key), s.cliFlag = std::move(flag), s.label = std::move(label), s.help = std::move(help);
    s.type = type, s.scope = ParamScope::Study;
    return s;
}

std::string rangeRule(double min, double max) { return "must be >= " + formatNumber(min) + " and <= " + formatNumber(max); }

template <typename Int>
ParamSpec integerSpec(std::string key, std::string flag, std::string label, std::string help, int64_t min, int64_t max,
                      Int AttentionSettings::*field) {
    ParamSpec s = baseSpec(std::move(key), std::move(flag), std::move(label), std::move(help), ParamType::Integer);
    s.min = static_cast<double>(min), s.max = static_cast<double>(max), s.step = 1;
    s.get = [field](const Params& p) { return std::to_string(p.attention.*field); };
    s.set = [k = s.key, min, max, field](Params& p, std::string_view text) {
        int64_t v = 0;
        if (!parseWhole(text, v)) throw InvalidParameter(k, std::string(text), "must be a whole number");
        if (v < min || v > max) throw InvalidParameter(k, std::string(text), rangeRule(double(min), double(max)));
        p.attention.*field = static_cast<Int>(v);
    };
    return s;
}

ParamSpec realSpec(std::string key, std::string flag, std::string label, std::string help, double min, double max,
                   double step, double AttentionSettings::*field) {
    ParamSpec s = baseSpec(std::move(key), std::move(flag), std::move(label), std::move(help), ParamType::Real);
    s.min = min, s.max = max, s.step = step;
    s.get = [field](const Params& p) { return formatNumber(p.attention.*field); };
    s.set = [k = s.key, min, max, field](Params& p, std::string_view text) {
        double v = 0;
        if (!parseFinite(text, v)) throw InvalidParameter(k, std::string(text), "must be a finite number");
        if (v < min || v > max) throw InvalidParameter(k, std::string(text), rangeRule(min, max));
        p.attention.*field = v;
    };
    return s;
}

/// A file path: any text without control characters (empty = none).
ParamSpec pathSpec(std::string key, std::string flag, std::string label, std::string help, std::string AttentionSettings::*field) {
    ParamSpec s = baseSpec(std::move(key), std::move(flag), std::move(label), std::move(help), ParamType::Text);
    s.get = [field](const Params& p) { return p.attention.*field; };
    s.set = [k = s.key, field](Params& p, std::string_view text) {
        for (char c : text)
            if (static_cast<unsigned char>(c) < 0x20) throw InvalidParameter(k, std::string(text), "must be a file path without control characters");
        if (text.size() > 4096) throw InvalidParameter(k, std::string(text), "must be a file path of at most 4096 bytes");
        p.attention.*field = std::string(text);
    };
    return s;
}

ParamSpec gridSpec() {
    ParamSpec s = baseSpec("attention.grid", "--grid", "Token grid",
                           "LLM tokens per frame, ROWSxCOLS (each 1..256; frames are resized to 28 px per token), or auto: "
                           "about 144 tokens with the video's aspect ratio (vtest.avi: 10x14).",
                           ParamType::Text);
    s.get = [](const Params& p) { return p.attention.grid; };
    s.set = [](Params& p, std::string_view text) {
        int r = 0, c = 0;
        parseGridText(text, &r, &c);
        p.attention.grid = std::string(text);
    };
    return s;
}

ParamSpec bandsSpec() {
    ParamSpec s = baseSpec("attention.bands", "--bands", "Frequency bands",
                           "Bands whose share of the logits is reported: halves (fast / slow half of the spectrum), rows "
                           "(the pairs driven by t, h, w), none, or inclusive pair ranges such as 0-15,16-63.",
                           ParamType::Text);
    s.get = [](const Params& p) { return p.attention.bands; };
    s.set = [](Params& p, std::string_view text) {
        if (text != "halves" && text != "rows" && text != "none") {
            // Syntax and overlaps now; pairs beyond head_dim/2 are checked when the head_dim is known.
            try {
                parsePairRanges(text, 1 << 20);
            } catch (const InvalidParameter& e) {
                throw InvalidParameter("attention.bands", std::string(text),
                                       "must be halves, rows, none or pair ranges such as 0-15,16-63 (" + e.rule() + ")");
            }
        }
        p.attention.bands = std::string(text);
    };
    return s;
}

ParamSpec causalSpec() {
    ParamSpec s = baseSpec("attention.causal", "--causal", "Causal",
                           "Key m visible to query n only if m <= n (raster order frame → row → column). On the command "
                           "line a switch without a value.",
                           ParamType::Bool);
    s.choices = {"off", "on"};
    s.get = [](const Params& p) { return std::string(p.attention.causal ? "on" : "off"); };
    s.set = [](Params& p, std::string_view text) {
        if (text == "on") p.attention.causal = true;
        else if (text == "off") p.attention.causal = false;
        else throw InvalidParameter("attention.causal", std::string(text), "must be off | on");
    };
    return s;
}

}  // namespace

bool isAttentionKey(std::string_view key) { return key.rfind("attention.", 0) == 0; }

bool parseGridText(std::string_view text, int* rows, int* cols) {
    if (text == "auto") return false;
    const size_t x = text.find('x');
    int64_t r = 0, c = 0;
    if (x == text.npos || !parseWhole(text.substr(0, x), r) || !parseWhole(text.substr(x + 1), c) ||
        text.substr(0, x).find_first_not_of("0123456789") != text.npos || text.substr(x + 1).find_first_not_of("0123456789") != text.npos)
        throw InvalidParameter("attention.grid", std::string(text), "must be ROWSxCOLS such as 9x16, or auto");
    if (r < 1 || c < 1 || r > 256 || c > 256)
        throw InvalidParameter("attention.grid", std::string(text), "rows and columns must be in 1..256");
    *rows = static_cast<int>(r), *cols = static_cast<int>(c);
    return true;
}

std::vector<ParamSpec> attentionParamSpecs() {
    using A = AttentionSettings;
    std::vector<ParamSpec> v;
    v.push_back(pathSpec("attention.video", "--video", "Video", "The video whose frames are sampled: any file OpenCV 4.6 / FFmpeg decodes.", &A::video));
    v.push_back(pathSpec("attention.model", "--model", "Model",
                         "A TorchScript file (forward(frames: Tensor[T,3,H,W]) -> Tuple[q, k, grid]) or a q/k capture "
                         "(.safetensors); empty: the built-in PCA model (no download).",
                         &A::model));
    v.push_back(integerSpec("attention.frames", "--frames", "Frames",
                            "Frames sampled evenly over the whole video; with attention.fps > 0, the most frames kept.", 1, 4096, &A::frames));
    v.push_back(realSpec("attention.fps", "--fps", "Sampling rate (fps)",
                         "0: sample attention.frames frames evenly; > 0: one frame every 1/fps seconds from the start.", 0, 1000, 0.1, &A::fps));
    v.push_back(gridSpec());
    v.push_back(integerSpec("attention.layer", "--layer", "Layer", "Model layer whose q/k each variant rotates.", 0, int64_t{1} << 20, &A::layer));
    v.push_back(integerSpec("attention.head", "--head", "Head", "Attention head of that layer.", 0, int64_t{1} << 20, &A::head));
    v.push_back(causalSpec());
    v.push_back(bandsSpec());
    v.push_back(integerSpec("attention.builtin_layers", "--builtin-layers", "Built-in layers", "Layers of the built-in model.", 1, 64, &A::builtinLayers));
    v.push_back(integerSpec("attention.builtin_heads", "--builtin-heads", "Built-in heads", "Heads per layer of the built-in model.", 1, 256, &A::builtinHeads));
    v.push_back(realSpec("attention.position_share", "--position-share", "Position share",
                         "Built-in model: weight sin²φ of the shared positional direction in q and k (0 = content only).", 0, 1, 0.05,
                         &A::positionShare));
    return v;
}

}  // namespace rope
