#include "AttentionFigureInput.h"

#include <QFileInfo>

#include "core/Errors.h"
#include "figures/FigureSpec.h"

namespace rope::cli {

std::shared_ptr<const figures::AttentionFigureInput> attentionFigureInput(
    const QkInputs& qk, const std::vector<std::shared_ptr<const ColumnAttention>>& results, int64_t query) {
    auto in = std::make_shared<figures::AttentionFigureInput>();
    const QkCapture& c = qk.capture;
    in->frames = c.frames, in->rows = c.rows, in->cols = c.cols;
    in->layer = qk.settings.layer, in->head = qk.settings.head, in->causal = qk.settings.causal;
    in->query = query;
    const QString video = qk.settings.video.empty() ? QStringLiteral("no video") : QFileInfo(QString::fromStdString(qk.settings.video)).fileName();
    in->source = QStringLiteral("%1 · %2 frames · %3×%4 tokens per frame · %5")
                     .arg(video).arg(c.frames).arg(c.rows).arg(c.cols).arg(QString::fromStdString(c.sourceModel));
    for (const auto& r : results) in->maps.push_back(r ? std::shared_ptr<const AttentionMap>(r, &r->map) : nullptr);
    const Frames& f = qk.frames;
    if (f.count == c.frames)
        for (int64_t t = 0; t < f.count; ++t)
            in->frameImages.push_back(QImage(f.frame(t), f.width, f.height, f.width * 3, QImage::Format_RGB888).copy());
    return in;
}

void registerAttentionFigureProvider() {
    figures::setAttentionDataProvider([](const figures::FigureSpec& spec, const RunControl& ctl) -> std::shared_ptr<const figures::AttentionFigureInput> {
        const Params& shared = spec.study.shared();
        PipelineReporter report;
        report.overall = [&ctl](double f) { return ctl.progress ? ctl.progress(0.8 * f) : true; };
        if (shared.attention.video.empty() && shared.attention.model.empty())
            throw InvalidParameter("--view", "attention", "needs a study whose attention.video names a video (or attention.model a q/k capture)");
        QkInputs qk;
        try {
            qk = loadQk(shared.attention, shared, QkOptions{}, report);
        } catch (const TruncatedVideo& e) {
            throw BadFile(std::string(e.what()) + " (to use the " + std::to_string(e.decodableFrames()) +
                          " frames that decode: ropescope attention --allow-truncated --save-capture F, then attention.model = F)");
        }
        std::vector<std::shared_ptr<const ColumnAttention>> results;
        for (size_t i = 0; i < spec.study.columns.size(); ++i) {
            results.push_back(std::make_shared<const ColumnAttention>(computeColumn(qk, spec.study.columns[i], shared.attention)));
            if (ctl.progress && !ctl.progress(0.8 + 0.2 * double(i + 1) / double(spec.study.columns.size()))) return nullptr;
        }
        return attentionFigureInput(qk, results, -1);
    });
}

}  // namespace rope::cli
