#include "FigureData.h"

#include "core/Errors.h"
#include "core/ParamSchema.h"

namespace rope::figures {

namespace {
AttentionDataProvider& providerSlot() {
    static AttentionDataProvider p;
    return p;
}
}  // namespace

void setAttentionDataProvider(AttentionDataProvider provider) { providerSlot() = std::move(provider); }
const AttentionDataProvider& attentionDataProvider() { return providerSlot(); }

bool computeFigureData(const FigureSpec& spec, FigureData* out, const RunControl& ctl) {
    validateSpec(spec);
    out->results = computeStudyResults(spec.study);
    out->vniah.clear();
    if (spec.view == "attention") {
        if (out->attention) return true;  // the caller's (the GUI's maps)
        if (!attentionDataProvider())
            throw InvalidParameter("--view", "attention", "needs attention results: run the attention tab first, or `ropescope figure --view attention` with a study whose attention.video names a video");
        out->attention = attentionDataProvider()(spec, ctl);
        return out->attention != nullptr;
    }
    if (spec.view != "vniah") return true;
    std::vector<VniahColumn> columns;
    for (int c : shownColumns(spec)) {
        const Params& p = spec.study.columns[static_cast<size_t>(c)];
        columns.push_back({variantDisplayName(p.variant), p});
    }
    std::vector<VniahTask> tasks;
    for (const std::string& key : shownPanels(spec))
        tasks.push_back(key == "v-niah-d" ? VniahTask::Distractors : VniahTask::Plain);
    VniahRun run = runVniah(spec.study.shared().vniah, columns, tasks, ctl);
    if (run.status == RunStatus::Cancelled) return false;
    out->vniah = std::move(run.grids);
    return true;
}

}  // namespace rope::figures
