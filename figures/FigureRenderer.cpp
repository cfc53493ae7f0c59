#include "FigureRenderer.h"

#include <cerrno>
#include <cstring>

#include <QBuffer>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <cmath>
#include <nlohmann/json.hpp>

#include "Legend.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "views/Views.h"

namespace rope::figures {
namespace {

// A lone chart across a double column would otherwise be over 4 in tall.
constexpr double kMaxAutoPanelHeightPt = 3.2 * 72;

struct PageLayout {
    double pad = 0, titleH = 0, legendH = 0, captionH = 0, panelW = 0, panelH = 0, hgap = 0, vgap = 0;
    int cols = 1, rows = 1;
};

PageLayout layoutOf(const FigureSpec& spec, const ViewDrawing& d, const Style& s, double width, double height) {
    PageLayout L;
    L.pad = 0.5 * s.fontPt;
    L.hgap = 1.4 * s.fontPt, L.vgap = 1.0 * s.fontPt;
    const int n = std::max<int>(1, static_cast<int>(d.panels.size()));
    L.cols = std::max(1, std::min(d.gridColumns, n));
    while (L.cols > 1 && (width - 2 * L.pad - (L.cols - 1) * L.hgap) / L.cols < d.minPanelWidthPt) --L.cols;
    L.rows = (n + L.cols - 1) / L.cols;
    L.titleH = spec.title.empty() ? 0 : s.lineHeight(1.2) + 0.6 * s.fontPt;
    const double inner = width - 2 * L.pad;
    L.panelW = (inner - (L.cols - 1) * L.hgap) / L.cols;
    L.legendH = legendHeight(s, inner, d.legend, d.colorBar);
    L.captionH = d.caption.isEmpty() ? 0
                 : static_cast<double>(wrapText(s, d.caption, inner, 0.85).size()) * s.lineHeight(0.85) + 0.3 * s.fontPt;
    const double fixed = 2 * L.pad + L.titleH + L.legendH + L.captionH + (L.rows - 1) * L.vgap;
    if (height > 0) L.panelH = std::max(1.0, (height - fixed) / L.rows);
    else if (d.panelHeight) L.panelH = d.panelHeight(s, L.panelW);
    else L.panelH = std::min(L.panelW * d.panelAspect, kMaxAutoPanelHeightPt);
    return L;
}

// Recorded labels as SVG <text> elements (one per label), in the generator's user units (pt).
QByteArray svgTexts(const std::vector<TextRecord>& records) {
    QByteArray out;
    for (const TextRecord& r : records) {
        const QTransform& t = r.transform;
        out += QStringLiteral("<text transform=\"matrix(%1,%2,%3,%4,%5,%6)\" x=\"%7\" y=\"%8\" fill=\"%9\" "
                              "font-family=\"DejaVu Sans\" font-size=\"%10\" font-weight=\"%11\" font-style=\"%12\" "
                              "xml:space=\"preserve\">%13</text>\n")
                   .arg(t.m11()).arg(t.m12()).arg(t.m21()).arg(t.m22()).arg(t.dx()).arg(t.dy())
                   .arg(r.baseline.x()).arg(r.baseline.y()).arg(r.color.name())
                   .arg(r.sizePt).arg(r.bold ? 700 : 400).arg(r.italic ? QStringLiteral("italic") : QStringLiteral("normal"))
                   .arg(r.text.toHtmlEscaped())
                   .toUtf8();
    }
    return out;
}

std::string csvField(const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

FileFormat formatFromPath(const std::string& path) {
    const QString ext = QFileInfo(QString::fromStdString(path)).suffix().toLower();
    if (ext == QLatin1String("png")) return FileFormat::Png;
    if (ext == QLatin1String("svg")) return FileFormat::Svg;
    if (ext == QLatin1String("pdf")) return FileFormat::Pdf;
    if (ext == QLatin1String("tex")) return FileFormat::Tex;
    throw InvalidParameter("--out", path, "must end in .png, .svg or .pdf (or .tex for view table1)");
}

std::string formatExtension(FileFormat f) {
    switch (f) {
        case FileFormat::Png: return "png";
        case FileFormat::Svg: return "svg";
        case FileFormat::Pdf: return "pdf";
        case FileFormat::Tex: return "tex";
    }
    return "?";
}

ViewDrawing buildView(const FigureSpec& spec, const FigureData& data) {
    validateSpec(spec);
    const std::string& v = spec.view;
    if (v == "index-growth") return buildIndexGrowth(spec, data);
    if (v == "frequency") return buildFrequency(spec, data);
    if (v == "similarity") return buildSimilarity(spec, data);
    if (v == "kernel") return buildKernel(spec, data);
    if (v == "table1") return buildTable1(spec, data);
    if (v == "attention") return buildAttention(spec, data);
    return buildVniah(spec, data);
}

QSizeF pageSize(const FigureSpec& spec, const ViewDrawing& d) {
    const double width = spec.widthIn * 72;
    if (spec.heightIn > 0) return {width, spec.heightIn * 72};
    const Style s = layoutStyle(spec.theme, spec.fontPt);
    const PageLayout L = layoutOf(spec, d, s, width, 0);
    const double h = 2 * L.pad + L.titleH + L.rows * L.panelH + (L.rows - 1) * L.vgap + L.legendH + L.captionH;
    return {width, std::min(h, kMaxSizeIn * 72)};
}

void paintPage(QPainter& p, const FigureSpec& spec, const ViewDrawing& d, const QSizeF& page) {
    const Style s = styleFor(p, spec.theme, spec.fontPt);
    const PageLayout L = layoutOf(spec, d, s, page.width(), page.height());
    p.fillRect(QRectF(QPointF(0, 0), page), s.paper());
    double y = L.pad;
    if (!spec.title.empty()) {
        p.setFont(s.font(1.2, true));
        p.setPen(s.ink());
        drawAnchored(p, QPointF(page.width() / 2, y), Anchor::Top, QString::fromStdString(spec.title));
        y += L.titleH;
    }
    const int n = static_cast<int>(d.panels.size());
    for (int i = 0; i < n; ++i) {
        const int r = i / L.cols, c = i % L.cols;
        const int inRow = std::min(L.cols, n - r * L.cols);
        const double rowW = inRow * L.panelW + (inRow - 1) * L.hgap;  // a short last row is centred
        const double x0 = (page.width() - rowW) / 2;
        const QRectF rect(x0 + c * (L.panelW + L.hgap), y + r * (L.panelH + L.vgap), L.panelW, L.panelH);
        d.panels[static_cast<size_t>(i)](p, s, rect);
    }
    y += L.rows * L.panelH + (L.rows - 1) * L.vgap;
    if (L.legendH > 0) drawLegend(p, s, QRectF(L.pad, y, page.width() - 2 * L.pad, L.legendH), d.legend, d.colorBar);
    y += L.legendH;
    if (!d.caption.isEmpty()) {
        p.setFont(s.font(0.85, false, true));
        p.setPen(s.muted());
        double ly = y + 0.2 * s.fontPt;
        for (const QString& line : wrapText(s, d.caption, page.width() - 2 * L.pad, 0.85)) {
            drawAnchored(p, QPointF(page.width() / 2, ly), Anchor::Top, line);
            ly += s.lineHeight(0.85);
        }
    }
}

QImage renderImage(const FigureSpec& spec, const ViewDrawing& d, double dpi) {
    const QSizeF page = pageSize(spec, d);
    const double k = dpi / 72.0;
    const double w = std::ceil(page.width() * k - 1e-6), h = std::ceil(page.height() * k - 1e-6);
    if (w * h > kMaxRasterPixels)
        throw TooLarge("a " + formatNumber(w) + " × " + formatNumber(h) + " pixel PNG is over the limit of 120 megapixels; "
                       "use a smaller size or --dpi");
    QImage image(static_cast<int>(w), static_cast<int>(h), QImage::Format_RGB32);
    image.setDotsPerMeterX(static_cast<int>(std::lround(dpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(dpi / 0.0254)));
    image.fill(Qt::white);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::TextAntialiasing);
        p.scale(k, k);
        paintPage(p, spec, d, page);
    }
    image.setText(QStringLiteral("Software"), QStringLiteral("RoPEScope"));
    if (!d.caption.isEmpty()) image.setText(QStringLiteral("Description"), d.caption);
    return image;
}

QByteArray renderBytes(const FigureSpec& spec, const FigureData& data, const ViewDrawing& d, FileFormat format) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const ViewInfo* view = findView(spec.view);
    const QString title = QString::fromStdString(view ? view->human : spec.view) + QStringLiteral(" — RoPEScope");
    const QSizeF page = pageSize(spec, d);
    switch (format) {
        case FileFormat::Png: renderImage(spec, d, spec.dpi).save(&buffer, "PNG"); break;
        case FileFormat::Svg: {
            QSvgGenerator svg;
            svg.setOutputDevice(&buffer);
            svg.setResolution(72);  // one user unit = one point
            svg.setSize(QSize(static_cast<int>(std::ceil(page.width())), static_cast<int>(std::ceil(page.height()))));
            svg.setViewBox(QRectF(QPointF(0, 0), page));
            svg.setTitle(title);
            svg.setDescription(d.caption.isEmpty() ? QStringLiteral("Made by RoPEScope from %1").arg(QString::fromStdString(spec.source))
                                                   : d.caption);
            TextRecorder labels;
            {
                QPainter p(&svg);
                paintPage(p, spec, d, page);
            }
            const qsizetype end = bytes.lastIndexOf("</svg>");
            if (end >= 0) bytes.insert(end, svgTexts(labels.records));
            break;
        }
        case FileFormat::Pdf: {
            constexpr int kResolution = 1200;
            QPdfWriter pdf(&buffer);
            pdf.setResolution(kResolution);
            pdf.setPageSize(QPageSize(QSizeF(page.width() * 25.4 / 72, page.height() * 25.4 / 72), QPageSize::Millimeter));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setCreator(QStringLiteral("RoPEScope"));
            pdf.setTitle(title);
            QPainter p(&pdf);
            p.scale(kResolution / 72.0, kResolution / 72.0);
            paintPage(p, spec, d, page);
            break;
        }
        case FileFormat::Tex:
            if (spec.view != "table1") throw InvalidParameter("--out", "." + formatExtension(format), "(LaTeX) is only made for view table1");
            bytes = QByteArray::fromStdString(table1Latex(spec, data));
            break;
    }
    return bytes;
}

QByteArray sidecarBytes(const FigureSpec& spec, const ViewDrawing& d, const std::string& path) {
    const QString ext = QFileInfo(QString::fromStdString(path)).suffix().toLower();
    std::string out;
    if (ext == QLatin1String("csv")) {
        for (size_t i = 0; i < d.data.columns.size(); ++i) out += (i ? "," : "") + csvField(d.data.columns[i]);
        out += "\n";
        for (const auto& row : d.data.rows) {
            for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csvField(row[i]);
            out += "\n";
        }
    } else if (ext == QLatin1String("json")) {
        nlohmann::json j;
        j["view"] = spec.view;
        j["source"] = spec.source;
        j["columns"] = d.data.columns;
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : d.data.rows) {
            nlohmann::json r = nlohmann::json::array();
            for (const std::string& v : row) {
                char* end = nullptr;
                const double x = v.empty() ? 0 : std::strtod(v.c_str(), &end);
                if (!v.empty() && end && *end == '\0' && std::isfinite(x)) r.push_back(x);
                else r.push_back(v);
            }
            rows.push_back(std::move(r));
        }
        j["rows"] = std::move(rows);
        out = j.dump(1) + "\n";
    } else {
        throw InvalidParameter("--data", path, "must end in .csv or .json");
    }
    return QByteArray::fromStdString(out);
}

void writeAtomically(const std::string& path, const QByteArray& bytes) {
    QSaveFile file(QString::fromStdString(path));
    errno = 0;
    const bool opened = file.open(QIODevice::WriteOnly);
    if (opened && file.write(bytes) == bytes.size() && file.commit()) return;
    const int err = errno;
    std::string why = file.errorString().toStdString();
    if ((why.empty() || why == "Unknown error") && err) why = std::strerror(err);  // QSaveFile's commit says no more
    // Opened but not written (disk full, I/O error): a failed write; not opened: the path's fault.
    if (opened) throw WriteFailed("cannot write " + path + ": " + why);
    throw BadFile("cannot write " + path + ": " + why);
}

}  // namespace rope::figures
