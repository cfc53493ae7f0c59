// Table 1 (the paper's property table) drawn as a booktabs-style table — variants down, the four
// properties across, ✓ / ✗ — and the same table as LaTeX text.
#include <sstream>

#include "core/Properties.h"
#include "figures/views/Views.h"

namespace rope::figures {
namespace {

const Property kAll[] = {Property::Structure, Property::FrequencyAllocation, Property::SpatialSymmetry,
                         Property::TemporalScaling};

// Header words of each property column; wrapped to the column's width when drawn.
QStringList headerWords(Property p) {
    return QString::fromStdString(propertyTitle(p)).split(QLatin1Char(' '));
}

// Greedy word wrap at `scale` × the body font, bold.
QStringList wrapped(const Style& s, const QStringList& words, double width, double scale) {
    QStringList lines;
    for (const QString& w : words) {
        if (!lines.isEmpty() && s.textWidth(lines.back() + QLatin1Char(' ') + w, scale, true) <= width)
            lines.back() += QLatin1Char(' ') + w;
        else
            lines << w;
    }
    return lines;
}

struct Header {
    double scale = 1;
    std::array<QStringList, 4> lines;
    int height = 1;  // lines
};

// The largest header font (≤ body size, ≥ 0.7 of it) at which every word fits its column.
Header headerFor(const Style& s, double colW) {
    Header h;
    for (h.scale = 1.0; h.scale > 0.7; h.scale -= 0.05) {
        bool fits = true;
        for (Property p : kAll)
            for (const QString& w : headerWords(p)) fits = fits && s.textWidth(w, h.scale, true) <= colW - 0.4 * s.fontPt;
        if (fits) break;
    }
    for (int k = 0; k < 4; ++k) {
        h.lines[static_cast<size_t>(k)] = wrapped(s, headerWords(kAll[k]), colW - 0.4 * s.fontPt, h.scale);
        h.height = std::max(h.height, static_cast<int>(h.lines[static_cast<size_t>(k)].size()));
    }
    return h;
}

struct TableRow {
    QString name;
    std::array<bool, 4> holds{};
};

constexpr double kRowSpacing = 1.55;  // line heights per table row

double nameWidth(const Style& s, const std::vector<TableRow>& rows) {
    double w = s.textWidth(QStringLiteral("Method"), 1, true);
    for (const TableRow& r : rows) w = std::max(w, s.textWidth(r.name));
    return w + 0.8 * s.fontPt;
}

void paintTable(QPainter& p, const Style& s, const QRectF& area, const std::vector<TableRow>& rows) {
    const double lh = s.lineHeight(), rowH = kRowSpacing * lh;
    const double nameW = nameWidth(s, rows);
    const double colW = (area.width() - nameW) / 4;
    const Header header = headerFor(s, colW);
    const double hlh = s.lineHeight(header.scale);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    double y = area.top() + 0.2 * lh;
    auto rule = [&](double width) {
        p.setPen(QPen(s.ink(), width));
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
    };
    rule(1.6 * s.line());
    y += 0.35 * lh;
    p.setPen(s.ink());
    p.setFont(s.font(1, true));
    drawAnchored(p, QPointF(area.left(), y + header.height * hlh / 2), Anchor::Left, QStringLiteral("Method"));
    p.setFont(s.font(header.scale, true));
    for (int k = 0; k < 4; ++k) {
        const QStringList& lines = header.lines[static_cast<size_t>(k)];
        for (int l = 0; l < lines.size(); ++l)  // bottom-aligned, like booktabs headers
            drawAnchored(p, QPointF(area.left() + nameW + (k + 0.5) * colW, y + (header.height - lines.size() + l) * hlh),
                         Anchor::Top, lines[l]);
    }
    y += header.height * hlh + 0.35 * lh;
    rule(s.line());
    y += 0.15 * lh;
    for (const TableRow& r : rows) {
        const double cy = y + rowH / 2;
        p.setPen(s.ink());
        p.setFont(s.font());
        drawAnchored(p, QPointF(area.left(), cy), Anchor::Left, r.name);
        p.setFont(s.font(1.25, true));
        for (int k = 0; k < 4; ++k) {
            p.setPen(r.holds[static_cast<size_t>(k)] ? QColor(0x1a, 0x7f, 0x37) : QColor(0xb0, 0x24, 0x18));
            drawAnchored(p, QPointF(area.left() + nameW + (k + 0.5) * colW, cy), Anchor::Center,
                         r.holds[static_cast<size_t>(k)] ? QStringLiteral("✓") : QStringLiteral("✗"));
        }
        y += rowH;
    }
    y += 0.15 * lh;
    rule(1.6 * s.line());
    p.restore();
}

std::vector<TableRow> rowsOf(const FigureSpec& spec, const FigureData& data) {
    std::vector<TableRow> rows;
    for (int c : shownColumns(spec)) {
        const ColumnResult& col = data.results.columns[static_cast<size_t>(c)];
        TableRow r{columnTitle(col.params), {}};
        for (int k = 0; k < 4; ++k) r.holds[static_cast<size_t>(k)] = col.properties[kAll[k]].holds;
        rows.push_back(r);
    }
    return rows;
}

std::string latexEscaped(const QString& text) {
    std::string out;
    for (const QChar c : text) {
        if (c == QChar(0x03B4)) out += "$\\delta$";
        else if (c == QLatin1Char('_')) out += "\\_";
        else if (c == QLatin1Char('&') || c == QLatin1Char('%') || c == QLatin1Char('#')) out += std::string("\\") + c.toLatin1();
        else out += QString(c).toStdString();
    }
    return out;
}

}  // namespace

ViewDrawing buildTable1(const FigureSpec& spec, const FigureData& data) {
    ViewDrawing d;
    auto rows = std::make_shared<std::vector<TableRow>>(rowsOf(spec, data));
    d.panels.push_back([rows](QPainter& p, const Style& s, const QRectF& r) { paintTable(p, s, r, *rows); });
    d.panelHeight = [rows](const Style& s, double width) {
        const Header h = headerFor(s, (width - nameWidth(s, *rows)) / 4);
        return s.lineHeight() * (0.2 + 0.35 + 0.35 + 0.3 + kRowSpacing * static_cast<double>(rows->size())) +
               h.height * s.lineHeight(h.scale) + 2 * s.line();
    };
    d.data.columns = {"variant"};
    for (Property p : kAll) d.data.columns.push_back(propertyKey(p));
    for (const TableRow& r : *rows) {
        std::vector<std::string> row{r.name.toStdString()};
        for (bool h : r.holds) row.push_back(h ? "true" : "false");
        d.data.rows.push_back(row);
    }
    return d;
}

std::string table1Latex(const FigureSpec& spec, const FigureData& data) {
    std::ostringstream o;
    o << "% Table 1 made by RoPEScope from " << spec.source << ": each property is derived from the variant's\n"
         "% computed positions and frequency plan. Needs \\usepackage{booktabs} and \\usepackage{amssymb}.\n"
         "\\begin{tabular}{lcccc}\n\\toprule\nMethod";
    for (Property p : kAll) o << " & " << propertyTitle(p);
    o << " \\\\\n\\midrule\n";
    for (const TableRow& r : rowsOf(spec, data)) {
        o << latexEscaped(r.name);
        for (bool h : r.holds) o << " & " << (h ? "$\\checkmark$" : "$\\times$");
        o << " \\\\\n";
    }
    o << "\\bottomrule\n\\end{tabular}\n";
    return o.str();
}

}  // namespace rope::figures
