#include "CheckCommand.h"

#include <cmath>
#include <optional>
#include <ostream>

#include "ArgParser.h"
#include "Cli.h"
#include "JsonWriter.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/TextFormat.h"
#include "core/check/DecodePositions.h"
#include "core/check/CheckRun.h"
#include "core/check/PositionCheck.h"
#include "core/check/RotaryCheck.h"
#include "formats/NumericFile.h"

namespace rope::cli {
namespace {

constexpr const char* kUsage =
    "ropescope check --variant V --sequence SEQ [--option KEY=VALUE ...] [--generate N] --positions FILE\n"
    "                [--cos FILE --sin FILE] [--tolerance X] [--json]\n\n"
    "Compares the position ids your pipeline computed with the variant's. FILE: .npy (float or int;\n"
    "[3, N], [3, 1, N], [1, 3, N], [N, 3], [4, N] with Qwen3-VL's text row, [N] for 1D ids) or JSON\n"
    "(a list of three lists, or the output of `ropescope positions --json`). cos/sin: [N, D] or\n"
    "[1, N, D], D = rotary_dim or head_dim, rotate-half or adjacent pairs. --generate N: the file\n"
    "ends with N generated tokens (decode rule: docs/check.md). --tolerance: largest difference\n"
    "allowed per value (default 0.0001; cos/sin also allow float32 angle rounding).\n"
    "Exit 0: match. Exit 1: mismatch (first mismatching tokens, count per segment, and the settings\n"
    "or known pitfalls that reproduce the file). Exit 2: bad input.\n";

std::string triple(const std::vector<double>& v) {
    std::string s = "(";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + formatNumber(v[i]);
    return s + ")";
}

std::string where(const TokenMismatch& m, const std::string& label) {
    std::string s = label + " (segment " + std::to_string(m.segment) + ")";
    if (m.generated) return s + ", generated token " + std::to_string(m.where.col);
    if (m.where.kind == SegmentKind::Text) return s + ", token " + std::to_string(m.where.col);
    return s + ", frame " + std::to_string(m.where.frame) + ", row " + std::to_string(m.where.row) + ", col " +
           std::to_string(m.where.col);
}

void writeHits(std::ostream& out, const std::vector<DiagnosisHit>& hits, int tried, const char* what) {
    if (hits.empty()) {
        out << "diagnosis: no declared option or known pitfall reproduces the " << what;
        if (tried > 0) out << " (" << tried << " settings tried)";
        out << "\n";
        return;
    }
    out << "diagnosis: the " << what << " is reproduced exactly by";
    if (tried > 0) out << " (" << tried << " settings tried)";
    out << ":\n";
    for (const DiagnosisHit& h : hits) out << "  " << h.setting << " — " << h.explanation << " [" << h.spec << "]\n";
}

void writeText(std::ostream& out, const PositionCheckReport& r, const std::string& file,
               const std::optional<RotaryCheckReport>& cs) {
    out << "ropescope check: " << r.variant << " on " << r.sequence << " (" << r.tokens << " tokens)\n";
    out << "positions: " << file << " read as " << r.assumed << "\n";
    if (r.match()) {
        out << "MATCH: all " << r.tokens << " tokens within " << formatNumber(r.tolerance) << " (largest difference "
            << formatNumber(r.largestDifference) << ")\n";
    } else {
        out << "MISMATCH: " << r.mismatches << " of " << r.tokens << " tokens differ by more than "
            << formatNumber(r.tolerance) << " (largest difference " << formatNumber(r.largestDifference) << ")\n";
        out << "first mismatching tokens:\n";
        for (const TokenMismatch& m : r.first)
            out << "  token " << m.token << ": " << where(m, r.perSegment[static_cast<size_t>(m.segment)].label)
                << ": expected " << triple(m.expected) << ", found " << triple(m.found) << "\n";
        out << "mismatches per segment:";
        for (size_t s = 0; s < r.perSegment.size(); ++s)
            out << (s ? ", " : " ") << r.perSegment[s].label << " " << r.perSegment[s].mismatches << "/"
                << r.perSegment[s].tokens;
        out << "\n";
        writeHits(out, r.diagnosis, r.diagnosisCandidates, "file");
    }
    if (!cs) return;
    out << "cos/sin: read as " << cs->assumed << "; pair layout " << cs->layout
        << (cs->variantLayout ? "" : " (not the variant's own layout; same angles)") << "\n";
    if (cs->match()) {
        out << "MATCH: cos/sin of all " << cs->tokens << " tokens within the tolerance\n";
        return;
    }
    out << "MISMATCH: cos/sin of " << cs->mismatchingTokens << " of " << cs->tokens
        << " tokens differ (largest difference " << formatNumber(cs->largestDifference) << ")\n";
    for (const RotaryValueMismatch& m : cs->first)
        out << "  token " << m.token << ", channel " << m.channel << ", " << (m.isSin ? "sin" : "cos") << ": expected "
            << formatNumber(m.expected) << ", found " << formatNumber(m.found) << "\n";
    writeHits(out, cs->diagnosis, 0, "cos/sin");
}

void writeHitsJson(JsonWriter& j, const std::vector<DiagnosisHit>& hits) {
    j.beginArray();
    for (const DiagnosisHit& h : hits) {
        j.beginObject();
        j.field("setting", h.setting);
        j.field("explanation", h.explanation);
        j.field("spec", h.spec);
        j.endObject();
    }
    j.endArray();
}

void writeNumbers(JsonWriter& j, const std::vector<double>& v) {
    j.beginArray();
    for (const double x : v) j.value(x);
    j.endArray();
}

void writeJson(std::ostream& out, const PositionCheckReport& r, const std::string& file,
               const std::optional<RotaryCheckReport>& cs) {
    JsonWriter j(out);
    j.beginObject();
    j.field("variant", r.variant);
    j.field("sequence", r.sequence);
    j.field("tokens", static_cast<long long>(r.tokens));
    j.field("generated", static_cast<long long>(r.generated));
    j.field("positions_file", file);
    j.field("assumed", r.assumed);
    j.field("tolerance", r.tolerance);
    j.field("match", r.match() && (!cs || cs->match()));
    j.field("mismatches", static_cast<long long>(r.mismatches));
    j.field("largest_difference", r.largestDifference);
    j.key("first_mismatches");
    j.beginArray();
    for (const TokenMismatch& m : r.first) {
        j.beginObject();
        j.field("token", static_cast<long long>(m.token));
        j.field("segment", static_cast<long long>(m.segment));
        j.field("segment_label", r.perSegment[static_cast<size_t>(m.segment)].label);
        j.field("generated", m.generated);
        j.field("frame", static_cast<long long>(m.where.frame));
        j.field("row", static_cast<long long>(m.where.row));
        j.field("col", static_cast<long long>(m.where.col));
        j.key("expected");
        writeNumbers(j, m.expected);
        j.key("found");
        writeNumbers(j, m.found);
        j.endObject();
    }
    j.endArray();
    j.key("per_segment");
    j.beginArray();
    for (const SegmentTally& t : r.perSegment) {
        j.beginObject();
        j.field("segment", static_cast<long long>(t.segment));
        j.field("label", t.label);
        j.field("tokens", static_cast<long long>(t.tokens));
        j.field("mismatches", static_cast<long long>(t.mismatches));
        j.endObject();
    }
    j.endArray();
    j.field("settings_tried", static_cast<long long>(r.diagnosisCandidates));
    j.key("diagnosis");
    writeHitsJson(j, r.diagnosis);
    if (cs) {
        j.key("cos_sin");
        j.beginObject();
        j.field("assumed", cs->assumed);
        j.field("pair_layout", cs->layout);
        j.field("variant_layout", cs->variantLayout);
        j.field("match", cs->match());
        j.field("mismatching_tokens", static_cast<long long>(cs->mismatchingTokens));
        j.field("largest_difference", cs->largestDifference);
        j.key("diagnosis");
        writeHitsJson(j, cs->diagnosis);
        j.endObject();
    }
    j.endObject();
    out << '\n';
}

void writeLengthMismatch(std::ostream& out, const Params& p, const std::string& file, int64_t fileTokens,
                         const std::vector<DiagnosisHit>& hits, int tried, bool json) {
    const int64_t tokens = decodeTokenCount(p);
    if (json) {
        JsonWriter j(out);
        j.beginObject();
        j.field("variant", p.variant);
        j.field("sequence", decodeLaidOut(p).format());
        j.field("tokens", static_cast<long long>(tokens));
        j.field("generated", static_cast<long long>(p.generate));
        j.field("positions_file", file);
        j.field("file_tokens", static_cast<long long>(fileTokens));
        j.field("match", false);
        j.field("settings_tried", static_cast<long long>(tried));
        j.key("diagnosis");
        writeHitsJson(j, hits);
        j.endObject();
        out << '\n';
        return;
    }
    out << "ropescope check: " << p.variant << " on " << decodeLaidOut(p).format() << " (" << tokens << " tokens)\n";
    out << "LENGTH MISMATCH: " << file << " holds " << fileTokens << " tokens, the sequence has " << tokens << "\n";
    writeHits(out, hits, tried, "file");
}

double parseTolerance(const std::string& text) {
    size_t used = 0;
    double v = -1;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(v) || v < 0)
        throw InvalidParameter("--tolerance", text, "must be a finite number >= 0, e.g. 1e-4");
    return v;
}

}  // namespace

int checkCommand(const std::vector<std::string>& args, std::ostream& out) {
    for (const std::string& a : args)
        if (a == "--help") {
            out << kUsage;
            return kExitOk;
        }
    const ParsedArgs parsed = parseArgs(args, {"json"}, {"positions", "cos", "sin", "tolerance"});
    const Params& p = parsed.params;
    const auto value = [&](const char* k) -> std::optional<std::string> {
        const auto it = parsed.values.find(k);
        return it == parsed.values.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    const auto positions = value("positions");
    if (!positions) throw InvalidParameter("--positions", "", "is required: the .npy or .json file of position ids to check");
    if (value("cos").has_value() != value("sin").has_value())
        throw InvalidParameter(value("cos") ? "--sin" : "--cos", "", "must be given together with the other (--cos FILE --sin FILE)");
    CheckOptions options;
    if (const auto t = value("tolerance")) options.tolerance = parseTolerance(*t);
    const NumericArray array = readNumericFile(*positions);
    std::optional<NumericArray> cos, sin;
    if (value("cos")) cos = readNumericFile(*value("cos")), sin = readNumericFile(*value("sin"));
    const CheckOutcome outcome = runCheck(p, array, cos ? &*cos : nullptr, sin ? &*sin : nullptr, options);
    const std::string shown = printable(*positions, 200);
    const bool json = parsed.switches.count("json") > 0;
    if (!outcome.positions)
        writeLengthMismatch(out, p, shown, outcome.fileTokens, outcome.lengthDiagnosis, outcome.lengthTried, json);
    else if (json)
        writeJson(out, *outcome.positions, shown + " (" + array.dtype + ")", outcome.rotary);
    else
        writeText(out, *outcome.positions, shown + " (" + array.dtype + ")", outcome.rotary);
    return outcome.match() ? kExitOk : kExitFailure;
}

}  // namespace rope::cli
