#pragma once
// Help → Guide: a short built-in guide to every view (what it shows, how to read it, the paper
// figure it corresponds to; resources/help/guide.html) and the README and docs/vniah.md, compiled
// into the app so the links work with no source tree at hand.
//
// Links inside use the scheme "doc:" with the file and, optionally, a heading as the fragment:
// "doc:README.md#The desktop app", "doc:docs/vniah.md#Limitations". open() with such a URL loads
// the file and scrolls to that heading; other files' relative links (README → docs/vniah.md) work
// too. Web links go to the desktop's browser.
#include <QDialog>
#include <QList>
#include <QUrl>

class QTextBrowser;
class QLabel;
class QPushButton;

namespace rope::app {

class HelpGuide : public QDialog {
    Q_OBJECT
public:
    explicit HelpGuide(QWidget* parent = nullptr);
    /// The guide itself.
    static QUrl guideUrl();
    /// Shows one of the built-in documents; false for a file that is not built in (nothing
    /// changes) or a heading it does not have (the file is shown from the top).
    bool open(const QUrl& url);
    /// The file shown ("guide.html", "README.md", "docs/vniah.md") and the heading scrolled to.
    QString shownFile() const { return m_file; }
    QString shownHeading() const { return m_heading; }
    QTextBrowser* browser() const { return m_browser; }

    /// The one guide window of `owner` (created on first use), raised and showing `url`.
    static HelpGuide* showFor(QWidget* owner, const QUrl& url = guideUrl());

private:
    bool scrollToHeading(const QString& heading);
    QTextBrowser* m_browser;
    QLabel* m_where;
    QPushButton* m_back;
    QString m_file, m_heading;
    QList<QUrl> m_history;  ///< documents shown, for Back
};

}  // namespace rope::app
