// The core commands (core only: linked into the light `ropescope` front and into ropescope-app)
// and their table. Dispatch, routing and error handling: Dispatch.cpp.
#include <ostream>

#include "ArgParser.h"
#include "CheckCommand.h"
#include "Commands.h"
#include "JsonWriter.h"
#include "VariantsCommand.h"
#include "VniahCommand.h"
#include "core/Errors.h"
#include "core/FrequencyPlan.h"
#include "core/MemoryBudget.h"
#include "core/ParamSchema.h"
#include "core/attention/AttentionSchema.h"
#include "core/PositionLayout.h"
#include "core/Properties.h"
#include "core/Rotary.h"
#include "core/check/DecodePositions.h"
#include "core/variants/Variant.h"

namespace rope::cli {
namespace {

void writeRow(JsonWriter& j, const PositionArray& pos, int row) {
    j.beginArray();
    for (Eigen::Index n = 0; n < pos.cols(); ++n) j.value(pos(row, n));
    j.endArray();
}

int positionsCommand(const std::vector<std::string>& args, std::ostream& out) {
    const Params p = parseArgs(args, {"json"}).params;
    const Positions pos = decodePositions(p);  // the prompt, then --generate N tokens (the last N)
    JsonWriter j(out);
    j.beginObject();
    j.field("variant", variantName(p.variant));
    j.field("tokens", static_cast<long long>(pos.tokens()));
    if (p.generate > 0) j.field("generated", static_cast<long long>(p.generate));
    // t, h, w are the contract; a design without a (t, h, w) triple (VRoPE) prints stream s0 on all
    // three and its streams in "streams" (variants-more.md §9).
    const char* names[] = {"t", "h", "w"};
    for (int r = 0; r < 3; ++r) {
        j.key(names[r]);
        writeRow(j, pos.pos, pos.hasTriple() ? r : 0);
    }
    if (!pos.hasTriple()) {
        j.key("streams");
        j.beginArray();
        for (int r = 0; r < pos.axes(); ++r) writeRow(j, pos.pos, r);
        j.endArray();
    }
    j.endObject();
    out << '\n';
    return kExitOk;
}

void writeTable(JsonWriter& j, const RowMajorArray& half) {
    std::vector<double> row(static_cast<size_t>(half.cols() * 2));
    j.beginArray();
    for (Eigen::Index n = 0; n < half.rows(); ++n) {
        expandRow(half, n, row.data());
        j.beginArray();
        for (const double v : row) j.value(v);
        j.endArray();
    }
    j.endArray();
}

int rotaryCommand(const std::vector<std::string>& args, std::ostream& out) {
    const Params p = parseArgs(args, {"json"}).params;
    validate(p);
    const int64_t tokens = decodeTokenCount(p);
    requireMemory(positionsBytes(tokens) + rotaryBytes(tokens, p.rotaryDimension()), p.memoryBudgetMiB,
                  "the rotary table for sequence " + p.sequence.format() + " (" + std::to_string(tokens) + " tokens)");
    const FrequencyPlan plan = makeFrequencyPlan(p);
    const RotaryTable table = computeRotary(decodePositions(p), plan);
    JsonWriter j(out);
    j.beginObject();
    j.field("variant", variantName(p.variant));
    j.field("head_dim", static_cast<long long>(p.headDim));
    j.field("rotary_dim", static_cast<long long>(plan.rotaryDim));
    j.field("pair_layout", std::string(plan.pairLayout == PairLayout::Adjacent ? "adjacent" : "half"));
    if (p.generate > 0) j.field("generated", static_cast<long long>(p.generate));
    j.key("cos");
    writeTable(j, table.cos);
    j.key("sin");
    writeTable(j, table.sin);
    j.endObject();
    out << '\n';
    return kExitOk;
}

int propertiesCommand(const std::vector<std::string>& args, std::ostream& out) {
    const Params p = parseArgs(args, {"json"}).params;
    const Properties props = deriveProperties(p);
    const Property all[] = {Property::Structure, Property::FrequencyAllocation, Property::SpatialSymmetry,
                            Property::TemporalScaling};
    JsonWriter j(out);
    j.beginObject();
    j.field("variant", variantName(p.variant));
    for (Property q : all) j.field(propertyKey(q), props[q].holds);
    j.key("why");
    j.beginObject();
    for (Property q : all) j.field(propertyKey(q), props[q].why);
    j.endObject();
    j.endObject();
    out << '\n';
    return kExitOk;
}

int helpCommand(const std::vector<std::string>&, std::ostream& out) {
    out << "RoPEScope — see how rotary position embeddings behave on video.\n\n"
           "Usage:\n  ropescope                      open the desktop app on its demo study\n"
           "  ropescope STUDY.json           open the desktop app on a study file\n"
           "  ropescope <command> [flags]    run headless and exit\n\nCommands:\n";
    for (const auto& [name, summary] : commandSummaries()) out << "  " << name << std::string(14 - std::min<size_t>(13, name.size()), ' ') << summary << "\n";
    out << "\nVariants (--variant NAME; `ropescope variants` for defaults, options and references):\n";
    for (const VariantEntry& e : variantRegistry())
        out << "  " << e.name << std::string(14 - std::min<size_t>(13, e.name.size()), ' ') << e.displayName << " — "
            << e.summary << "\n";
    out << "\nFlags (every command that computes positions):\n";
    for (const ParamSpec& s : paramSchema()) {
        if (isAttentionKey(s.key)) continue;  // `ropescope attention --help` lists them
        const std::string flag = s.cliFlag.empty() ? "--option " + s.key + "=" : s.cliFlag;
        std::string domain = s.choices.empty() ? "" : " {";
        for (size_t i = 0; i < s.choices.size() && s.key != "variant"; ++i) domain += (i ? "|" : "") + s.choices[i];
        if (!s.choices.empty()) domain += s.key == "variant" ? "see above}" : "}";
        const std::string only = s.appliesTo.empty() ? "" : " [" + joinText(s.appliesTo) + "]";
        out << "  " << flag << domain << "  (default " << defaultValue(s) << ")" << only << "\n      " << s.help
            << "\n";
    }
    out << "  --option KEY=VALUE  any parameter above by its key, e.g. --option videorope.next_start=all-rows\n"
           "  --variant-file FILE a custom variant from a variant file (instead of --variant)\n"
           "  --design NAME --allocation NAME [--variant-name NAME] [--option DESIGN.KEY=VALUE ...]\n"
           "                      a custom variant composed on the spot (`ropescope variants --designs` lists them)\n"
           "  --json              print JSON (the default and only output of these commands)\n\n"
           "Bad input exits with status 2 and a one-line message on stderr; nothing is printed on stdout.\n";
    return kExitOk;
}

}  // namespace

const std::map<std::string, Command>& commands() {
    static const std::map<std::string, Command> table = {
        {"positions", {"print the (t, h, w) position of every token as JSON", positionsCommand}},
        {"rotary", {"print every token's cos/sin (rotate-half layout, rotary_dim wide) as JSON", rotaryCommand}},
        {"properties", {"print the variant's Table 1 row (derived, with reasons) as JSON", propertiesCommand}},
        {"vniah", {"V-NIAH / V-NIAH-D accuracy grid of one variant as JSON (+ CSV/PNG with --out DIR)", vniahCommand}},
        {"vniah-ablation", {"V-NIAH and V-NIAH-D over a sweep (--sweep delta|lta|spatial-order|variants|KEY)", vniahAblationCommand}},
        {"check", {"compare a pipeline's dumped position ids (and cos/sin) with a variant; diagnose mismatches", checkCommand}},
        {"variants", {"list every variant: design, allocation, defaults, options, reference (--json; --designs: the designs and allocations)", variantsCommand}},
        {"help", {"print this help", helpCommand}},
    };
    return table;
}

}  // namespace rope::cli
