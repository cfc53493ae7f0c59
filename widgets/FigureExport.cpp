#include "FigureExport.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace rope::widgets {

bool figureFormatFromPath(const QString& path, FigureFormat* format) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("png")) *format = FigureFormat::Png;
    else if (ext == QLatin1String("svg")) *format = FigureFormat::Svg;
    else if (ext == QLatin1String("pdf")) *format = FigureFormat::Pdf;
    else return false;
    return true;
}

namespace {

QByteArray renderPng(QWidget* view, int dpi) {
    const qreal scale = dpi / 96.0;
    QImage image(view->size() * scale, QImage::Format_ARGB32);
    image.setDotsPerMeterX(qRound(dpi / 0.0254));
    image.setDotsPerMeterY(qRound(dpi / 0.0254));
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(scale, scale);
    view->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QByteArray renderSvg(QWidget* view) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(view->size());
    svg.setViewBox(QRect(QPoint(), view->size()));
    svg.setTitle(view->windowTitle());
    svg.setDescription(QStringLiteral("Exported by RoPEScope"));
    QPainter painter(&svg);
    view->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter.end();
    return bytes;
}

QByteArray renderPdf(QWidget* view) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter pdf(&buffer);
    pdf.setResolution(300);
    const QSizeF mm = QSizeF(view->size()) * 25.4 / 96.0;
    pdf.setPageSize(QPageSize(mm, QPageSize::Millimeter));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setCreator(QStringLiteral("RoPEScope"));
    QPainter painter(&pdf);
    const qreal scale = 300.0 / 96.0;
    painter.scale(scale, scale);
    view->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter.end();
    return bytes;
}

}  // namespace

bool exportWidget(QWidget* view, const QString& path, int dpi, QString* error) {
    FigureFormat format;
    if (!figureFormatFromPath(path, &format)) {
        *error = QStringLiteral("%1: unknown figure format; use .png, .svg or .pdf").arg(path);
        return false;
    }
    const QByteArray bytes = format == FigureFormat::Png   ? renderPng(view, dpi)
                             : format == FigureFormat::Svg ? renderSvg(view)
                                                           : renderPdf(view);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("%1: could not write the figure (%2)").arg(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace rope::widgets
