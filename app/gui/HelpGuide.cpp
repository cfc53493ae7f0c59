#include "HelpGuide.h"

#include <QAbstractTextDocumentLayout>
#include <QDesktopServices>
#include <QFile>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace rope::app {
namespace {

// Where each built-in file is compiled in (app/gui/CMakeLists.txt, qt_add_resources).
QString resourceOf(const QString& file) {
    if (file == QLatin1String("guide.html")) return QStringLiteral(":/ropescope/resources/help/guide.html");
    if (file == QLatin1String("README.md")) return QStringLiteral(":/ropescope/README.md");
    if (file == QLatin1String("docs/vniah.md")) return QStringLiteral(":/ropescope/docs/vniah.md");
    return {};
}

/// "doc:README.md#X" → ("README.md", "X"); a link relative to a built-in file ("docs/vniah.md"
/// from the README) → that file; anything else → empty file name.
std::pair<QString, QString> docOf(const QUrl& url, const QString& current) {
    if (url.scheme() == QLatin1String("doc")) return {url.path(), url.fragment()};
    if (url.scheme().isEmpty()) {
        if (url.path().isEmpty()) return {current, url.fragment()};  // "#anchor" inside a file
        const QString base = current.contains(QLatin1Char('/')) ? current.section(QLatin1Char('/'), 0, -2) + QLatin1Char('/') : QString();
        QString path = QUrl(base).resolved(QUrl(url.path())).path();
        if (path.startsWith(QLatin1Char('/'))) path.remove(0, 1);
        return {path, url.fragment()};
    }
    return {};
}

}  // namespace

QUrl HelpGuide::guideUrl() { return QUrl(QStringLiteral("doc:guide.html")); }

HelpGuide::HelpGuide(QWidget* parent) : QDialog(parent), m_browser(new QTextBrowser), m_where(new QLabel) {
    setWindowTitle(tr("RoPEScope guide"));
    setObjectName(QStringLiteral("help-guide"));
    m_browser->setOpenLinks(false);
    auto* home = new QPushButton(tr("Guide"));
    m_back = new QPushButton(tr("Back"));
    m_back->setEnabled(false);
    auto* close = new QPushButton(tr("Close"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(home);
    bar->addWidget(m_back);
    bar->addWidget(m_where, 1);
    bar->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_browser, 1);
    connect(home, &QPushButton::clicked, this, [this] { open(guideUrl()); });
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    // Back: the previous (file, heading); QTextBrowser's own history does not know our headings.
    connect(m_back, &QPushButton::clicked, this, [this] {
        if (m_history.size() < 2) return;
        m_history.removeLast();
        open(m_history.takeLast());
    });
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) {
            QDesktopServices::openUrl(url);
            return;
        }
        const auto [file, heading] = docOf(url, m_file);
        QUrl target;
        target.setScheme(QStringLiteral("doc"));
        target.setPath(file);
        if (!heading.isEmpty()) target.setFragment(heading);
        if (!open(target)) m_where->setText(tr("Not built in: %1 (see the source tree)").arg(url.toString()));
    });
    const QRect screen = QGuiApplication::primaryScreen() ? QGuiApplication::primaryScreen()->availableGeometry() : QRect(0, 0, 1280, 800);
    resize(std::min(760, screen.width() - 40), std::min(720, screen.height() - 60));
    open(guideUrl());
}

bool HelpGuide::open(const QUrl& url) {
    const auto [file, heading] = docOf(url, m_file);
    const QString resource = resourceOf(file);
    if (resource.isEmpty()) return false;
    QFile f(resource);
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QString text = QString::fromUtf8(f.readAll());
    if (file != m_file) {
        if (file.endsWith(QLatin1String(".md")))
            m_browser->document()->setMarkdown(text, QTextDocument::MarkdownDialectGitHub);
        else
            m_browser->setHtml(text);
        m_file = file;
    }
    m_heading.clear();
    if (!heading.isEmpty() && !scrollToHeading(heading)) return false;
    if (heading.isEmpty()) m_browser->verticalScrollBar()->setValue(0);
    m_heading = heading;
    m_where->setText(heading.isEmpty() ? file : QStringLiteral("%1 — %2").arg(file, heading));
    if (m_history.isEmpty() || m_history.last() != url) m_history.append(url);
    m_back->setEnabled(m_history.size() > 1);
    if (!heading.isEmpty())  // again once laid out at the window's final width
        QTimer::singleShot(0, this, [this, heading] { if (m_heading == heading) scrollToHeading(heading); });
    return true;
}

bool HelpGuide::scrollToHeading(const QString& heading) {
    QTextDocument* doc = m_browser->document();
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        if (b.blockFormat().headingLevel() <= 0 || b.text().trimmed() != heading) continue;
        m_browser->setTextCursor(QTextCursor(b));
        const QRectF where = doc->documentLayout()->blockBoundingRect(b);
        m_browser->verticalScrollBar()->setValue(static_cast<int>(where.top()));
        return true;
    }
    return false;
}

HelpGuide* HelpGuide::showFor(QWidget* owner, const QUrl& url) {
    auto* guide = owner->findChild<HelpGuide*>(QStringLiteral("help-guide"), Qt::FindDirectChildrenOnly);
    if (!guide) guide = new HelpGuide(owner);
    guide->open(url);
    guide->show();
    guide->raise();
    guide->activateWindow();
    return guide;
}

}  // namespace rope::app
