#include "UserVariants.h"

#include <cmath>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "../Errors.h"
#include "../TextFormat.h"
#include "Variant.h"

namespace rope {
namespace {

struct Record {
    CustomVariant def;
    VariantEntry entry;
};
using RecordPtr = std::shared_ptr<const Record>;

struct Layer {
    std::shared_mutex mutex;
    std::vector<RecordPtr> records;  // append-only
};

Layer& layer() {
    static Layer l;
    return l;
}

thread_local const std::vector<RecordPtr>* t_pending = nullptr;

bool nameChar(char c, bool first) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    return alnum || (!first && (c == '-' || c == '.' || c == '_' || c == '+'));
}

void checkName(const std::string& name) {
    constexpr size_t kMaxName = 48;
    bool ok = !name.empty() && name.size() <= kMaxName;
    for (size_t i = 0; ok && i < name.size(); ++i) ok = nameChar(name[i], i == 0);
    if (!ok)
        throw InvalidParameter("variant name", name,
                               "must be 1 to 48 characters: lowercase letters, digits and . _ + - (not first), e.g. "
                               "videorope-nope");
    if (name == "all") throw InvalidParameter("variant name", name, "is reserved (variant lists use \"all\")");
    if (findBuiltinVariant(name))
        throw InvalidParameter("variant name", name, "is a built-in variant; give the custom variant another name");
}

bool followsDelta(const Composition& c) {
    for (const VariantOption& o : compositionOptions(c)) {
        const auto it = c.values.find(o.key);
        for (const std::string& s : o.specialValues)
            if (s == "delta" && it != c.values.end() && it->second == "delta") return true;
    }
    return false;
}

RecordPtr makeRecord(const CustomVariant& v) {
    auto r = std::make_shared<Record>();
    r->def = v;
    VariantEntry& e = r->entry;
    const DesignDecl& d = requireDesign(v.composition.design);
    const AllocationDecl& a = requireAllocation(v.composition.allocation);
    e.name = v.name;
    e.displayName = v.displayName.empty() ? v.name : v.displayName;
    e.group = VariantGroup::User;
    e.summary = "Custom: " + d.label + " × " + a.label + (v.derivedFrom.empty() ? "" : ", derived from " + v.derivedFrom);
    e.design = d.label, e.allocation = a.label;
    e.theta = v.theta, e.headDim = v.headDim, e.rotaryShare = v.rotaryShare, e.sections = v.sections;
    e.usesSections = a.usesSections;
    e.usesDelta = followsDelta(v.composition);
    e.reference = {"(custom variant)", "", "", "composition: design " + d.name + " × allocation " + a.name};
    const Composition c = v.composition;
    e.compose = [c](const OptionReader&) { return c; };
    completeEntry(e);
    return r;
}

RecordPtr findIn(const std::vector<RecordPtr>& records, std::string_view name) {
    for (const RecordPtr& r : records)
        if (r->def.name == name) return r;
    return nullptr;
}

RecordPtr findRegistered(std::string_view name) {
    Layer& l = layer();
    const std::shared_lock lock(l.mutex);
    return findIn(l.records, name);
}

void refuseRedefinition(const CustomVariant& registered, const CustomVariant& v) {
    throw InvalidParameter("variant name", v.name,
                           "is already in use in this session for a different variant (design " +
                               registered.composition.design + " × allocation " + registered.composition.allocation +
                               "); save this one under a new name");
}

}  // namespace

CustomVariant checkCustomVariant(const CustomVariant& v) {
    checkName(v.name);
    CustomVariant out = v;
    out.composition = checkComposition(v.composition);
    if (!(v.theta > 1) || !std::isfinite(v.theta) || v.theta > 1e12)
        throw InvalidParameter("theta", formatNumber(v.theta), "must be > 1 and <= 1e12");
    if (v.headDim < 2 || v.headDim > 1024 || v.headDim % 2 != 0)
        throw InvalidParameter("head_dim", std::to_string(v.headDim), "must be even and in 2..1024");
    if (!(v.rotaryShare > 0) || v.rotaryShare > 1)
        throw InvalidParameter("rotary_share", formatNumber(v.rotaryShare), "must be > 0 and <= 1");
    for (const int s : v.sections)
        if (s < 0 || s > 512) throw InvalidParameter("sections", std::to_string(s), "must be whole numbers in 0..512");
    if (requireAllocation(v.composition.allocation).usesSections) {
        const int r = static_cast<int>(static_cast<double>(v.headDim) * v.rotaryShare);
        const int pairs = std::max(2, r - r % 2) / 2;
        const int sum = v.sections[0] + v.sections[1] + v.sections[2];
        if (sum != pairs)
            throw InvalidParameter("sections",
                                   std::to_string(v.sections[0]) + "," + std::to_string(v.sections[1]) + "," +
                                       std::to_string(v.sections[2]),
                                   "must sum to rotary_dim/2 = " + std::to_string(pairs) + " for allocation " +
                                       v.composition.allocation + " (they sum to " + std::to_string(sum) + ")");
    }
    return out;
}

CustomVariant deriveCustomVariant(const Params& p, std::string name) {
    const VariantEntry& e = requireVariant(p.variant);
    CustomVariant v;
    v.name = std::move(name);
    v.composition = checkComposition(e.compose(optionsOf(e, p)));
    v.theta = e.theta, v.headDim = e.headDim, v.rotaryShare = e.rotaryShare, v.sections = e.sections;
    if (e.group == VariantGroup::User) {
        if (const auto base = findCustomVariant(e.name)) v.derivedFrom = base->derivedFrom;
    } else {
        v.derivedFrom = e.name;
    }
    return v;
}

const VariantEntry& registerCustomVariant(const CustomVariant& given) {
    const CustomVariant v = checkCustomVariant(given);
    Layer& l = layer();
    const std::unique_lock lock(l.mutex);
    if (const RecordPtr r = findIn(l.records, v.name)) {
        if (!(r->def == v)) refuseRedefinition(r->def, v);
        return r->entry;
    }
    l.records.push_back(makeRecord(v));
    return l.records.back()->entry;
}

std::optional<CustomVariant> findCustomVariant(std::string_view name) {
    if (const RecordPtr r = findRegistered(name)) return r->def;
    if (t_pending)
        if (const RecordPtr r = findIn(*t_pending, name)) return r->def;
    return std::nullopt;
}

std::vector<CustomVariant> customVariants() {
    Layer& l = layer();
    const std::shared_lock lock(l.mutex);
    std::vector<CustomVariant> out;
    for (const RecordPtr& r : l.records) out.push_back(r->def);
    return out;
}

const VariantEntry* findCustomVariantEntry(std::string_view name) {
    if (const RecordPtr r = findRegistered(name)) return &r->entry;  // records are never freed
    if (t_pending)
        if (const RecordPtr r = findIn(*t_pending, name)) return &r->entry;
    return nullptr;
}

namespace {
// The pending records of each live PendingCustomVariants, so the entries outlive their users.
thread_local std::vector<RecordPtr> t_pendingRecords;
}  // namespace

PendingCustomVariants::PendingCustomVariants(const std::vector<CustomVariant>& vs) {
    if (vs.empty()) return;  // nothing pending: findVariant() is unchanged
    if (t_pending) throw std::logic_error("PendingCustomVariants do not nest");
    std::vector<RecordPtr> records;
    for (const CustomVariant& given : vs) {
        const CustomVariant v = checkCustomVariant(given);
        if (findIn(records, v.name)) throw InvalidParameter("variant name", v.name, "is defined twice");
        if (const RecordPtr r = findRegistered(v.name))
            if (!(r->def == v)) refuseRedefinition(r->def, v);
        m_defs.push_back(v);
        records.push_back(makeRecord(v));
    }
    t_pendingRecords = std::move(records);
    t_pending = &t_pendingRecords;
    m_active = true;
}

PendingCustomVariants::~PendingCustomVariants() {
    if (!m_active) return;
    t_pending = nullptr;
    // Keep the records alive: a Params read while they were pending may still be in use. They are
    // small, and a study file has at most a few.
    static std::mutex keepMutex;
    static std::vector<RecordPtr> kept;
    const std::lock_guard lock(keepMutex);
    for (RecordPtr& r : t_pendingRecords) kept.push_back(std::move(r));
    t_pendingRecords.clear();
}

void PendingCustomVariants::commit() {
    for (const CustomVariant& v : m_defs) registerCustomVariant(v);
}

}  // namespace rope
