#include "VniahTable3.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <cmath>

#include "HelpGuide.h"
#include "core/variants/Variant.h"
#include "widgets/PropertiesTable.h"

namespace rope::app {

double paperAccuracy(const VariantId& v, VniahTask task) {
    const VariantEntry* e = findVariant(v);
    if (!e || !e->paperVniah) return -1;
    return task == VniahTask::Distractors ? e->paperVniah->second : e->paperVniah->first;
}

QString vniahTaskTitle(VniahTask t) { return t == VniahTask::Plain ? QStringLiteral("V-NIAH") : QStringLiteral("V-NIAH-D"); }

QString vniahGridName(const VniahGrid& g) { return widgets::columnLabel(g.params) + QStringLiteral(" — ") + vniahTaskTitle(g.task); }

QString vniahCellToolTip(const VniahGrid& g, int l, int d) {
    const auto li = static_cast<Eigen::Index>(l), di = static_cast<Eigen::Index>(d);
    const int trials = g.seeds * g.heads;
    const double rate = g.success(li, di);
    const auto won = static_cast<long long>(std::llround(rate * trials));
    QString tip = QObject::tr("<b>%1</b><br>haystack length %2 frames, needle depth %3 %<br>success rate %4 %: %5 of %6 trials "
                     "(%7 seeds × %8 heads)")
                      .arg(vniahGridName(g).toHtmlEscaped())
                      .arg(g.lengths[static_cast<size_t>(l)])
                      .arg(g.depths[static_cast<size_t>(d)])
                      .arg(100 * rate, 0, 'f', 1)
                      .arg(won)
                      .arg(trials)
                      .arg(g.seeds)
                      .arg(g.heads);
    if (g.task == VniahTask::Distractors && g.lostToDistractor.size())
        tip += QObject::tr("<br>lost to a distractor: %1 of %2 trials").arg(std::llround(g.lostToDistractor(li, di) * trials)).arg(trials);
    return tip + QObject::tr("<br><i>Click for one trial, frame by frame.</i>");
}

VniahTable3::VniahTable3(QWidget* parent) : QWidget(parent), m_table(new QTableWidget), m_note(new QLabel) {
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels({tr("Variant"), tr("V-NIAH\nours"), tr("V-NIAH\npaper"), tr("V-NIAH-D\nours"), tr("V-NIAH-D\npaper")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setToolTip(tr("Accuracy (%), mean over the length × depth grid. Paper: VideoRoPE, arXiv 2502.05173, Table 3."));
    m_table->setMinimumHeight(80);
    m_table->setMaximumHeight(150);

    const QUrl why(QStringLiteral("doc:docs/vniah.md#Where the mechanism matches the paper, and where it does not"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::RichText);
    m_note->setText(tr("<b>Why ours differ from the paper's:</b> every variant sees the same synthetic content, so these "
                       "numbers isolate what positions and frequencies alone do; nothing is trained. Compare the order, "
                       "not the levels. <a href=\"%1\">More…</a>").arg(why.toString(QUrl::FullyEncoded)));
    m_note->setToolTip(tr("<p>The paper's numbers are fine-tuned Qwen2-VL-7B models; ours is the mechanism alone, with "
                          "identical content for every variant, so it shows what the positions do to equal content.</p>"
                          "<p>Where it departs: VideoRoPE scores about 64 on V-NIAH-D here against the paper's 87. Its "
                          "diagonal layout (DL) moves a distractor's frame offset into h and w, which the fast, "
                          "oscillating pairs drive; a trained model may learn to put little content there, our "
                          "isotropic content cannot. With DL off VideoRoPE scores 99.</p>"
                          "<p>“More…” opens docs/vniah.md.</p>"));
    connect(m_note, &QLabel::linkActivated, this, [this](const QString& link) { HelpGuide::showFor(window(), QUrl(link)); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addWidget(m_note);
}

void VniahTable3::showColumns(const std::vector<Params>& columns, const Lookup& ours) {
    m_table->setRowCount(static_cast<int>(columns.size()));
    const VniahTask tasks[] = {VniahTask::Plain, VniahTask::Distractors};
    for (size_t c = 0; c < columns.size(); ++c) {
        const int row = static_cast<int>(c);
        auto* name = new QTableWidgetItem(widgets::columnLabel(columns[c]));
        name->setToolTip(name->text());
        m_table->setItem(row, 0, name);
        for (int t = 0; t < 2; ++t) {
            const std::optional<double> acc = ours(columns[c], tasks[t]);
            const double paper = paperAccuracy(columns[c].variant, tasks[t]);
            m_table->setItem(row, 1 + 2 * t, new QTableWidgetItem(acc ? QString::number(100 * *acc, 'f', 2) : QStringLiteral("—")));
            m_table->setItem(row, 2 + 2 * t, new QTableWidgetItem(paper < 0 ? QStringLiteral("—") : QString::number(paper, 'f', 2)));
        }
    }
}

}  // namespace rope::app
