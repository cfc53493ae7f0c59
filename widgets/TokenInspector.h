#pragma once
// TokenInspector — a teacher's look at one pinned token across every column of a study:
//
//   token 42 · video 1 · frame 3 · row 1, col 5                    pair i [40]   [Unpin]
//   ┌──────────────────────────────────────────────────────────────────────────┐
//   │ VideoRoPE (δ = 2)    (t, h, w) = (9, 10, 8), st = 3                       │
//   │   t = st + δ·f = 3 + 2·3 = 9                                              │
//   │   h = t + y − ⌊(H−1)/2⌋ = 9 + 1 − ⌊(6−1)/2⌋ = 9 + 1 − 2 = 8 …             │
//   │   pair 40 is driven by w: ω = θ^(−2i/R) = …, angle = ω·w = … rad          │
//   └──────────────────────────────────────────────────────────────────────────┘
//
// The rule text comes from each column's position design (PositionDesign::explain), so every
// variant explains itself; the angle from its frequency plan. Tokens are named by the sequence
// the user wrote (viz/TokenNames): a token a design inserted (frame_gap text) is explained in the
// column that has it only.
#include <QWidget>
#include <memory>

#include "core/analysis/StudyResults.h"

class QLabel;
class QSpinBox;
class QTextBrowser;
class QPushButton;

namespace rope::widgets {

class TokenInspector : public QWidget {
    Q_OBJECT
public:
    explicit TokenInspector(QWidget* parent = nullptr);

    /// New results: the pinned token is explained again (unpinned if it left the sequence).
    void setResults(const std::shared_ptr<const StudyResults>& results);
    /// Pins token `laidOutToken` of column `column` (−1: unpin). Returns the original token
    /// (−1 when the design inserted it or nothing is pinned).
    qint64 pin(int column, qint64 laidOutToken);
    void unpin();
    bool hasPin() const { return m_column >= 0; }
    /// Pinned token in the user's sequence (−1: none, or inserted by a design).
    qint64 pinnedOriginal() const { return m_original; }
    /// Laid-out token of the pin in column c (−1: not in that column).
    qint64 pinnedIn(int column) const;
    void setPair(int pair);
    int pair() const;
    /// The text shown (plain), for tests and the clipboard.
    QString text() const;

Q_SIGNALS:
    /// The pin changed (the views mark it in every column).
    void pinChanged();

private:
    void refresh();
    std::shared_ptr<const StudyResults> m_results;
    int m_column = -1;        // column the pin was made in
    qint64 m_laidOut = -1;    // its laid-out token there
    qint64 m_original = -1;   // its token in the user's sequence (−1: inserted)
    QLabel* m_heading;
    QSpinBox* m_pair;
    QPushButton* m_unpin;
    QTextBrowser* m_body;
};

}  // namespace rope::widgets
