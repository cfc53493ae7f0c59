// figure_image_compare ACTUAL BASELINE DIFF_OUT MAX_MEAN MAX_FRACTION
// Compares two PNGs pixel by pixel: the mean absolute difference per channel (0–255) must be at
// most MAX_MEAN, and the share of pixels whose largest channel difference exceeds 32 at most
// MAX_FRACTION. Sizes must match exactly. On failure writes DIFF_OUT (|a − b| × 4, per channel)
// and exits 1; the actual image stays where the test wrote it.
#include <QGuiApplication>
#include <QImage>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: figure_image_compare ACTUAL BASELINE DIFF_OUT MAX_MEAN MAX_FRACTION\n");
        return 2;
    }
    const QImage actual = QImage(QString::fromLocal8Bit(argv[1])).convertToFormat(QImage::Format_RGB32);
    const QImage baseline = QImage(QString::fromLocal8Bit(argv[2])).convertToFormat(QImage::Format_RGB32);
    const double maxMean = std::atof(argv[4]), maxFraction = std::atof(argv[5]);
    if (actual.isNull()) {
        std::fprintf(stderr, "cannot read the actual image %s\n", argv[1]);
        return 1;
    }
    if (baseline.isNull()) {
        std::fprintf(stderr, "no baseline %s: look at %s and, if it is right, copy it there\n", argv[2], argv[1]);
        return 1;
    }
    if (actual.size() != baseline.size()) {
        std::fprintf(stderr, "size %dx%d differs from the baseline's %dx%d\n", actual.width(), actual.height(),
                     baseline.width(), baseline.height());
        return 1;
    }
    QImage diff(actual.size(), QImage::Format_RGB32);
    double sum = 0;
    long long bad = 0;
    for (int y = 0; y < actual.height(); ++y) {
        const QRgb* a = reinterpret_cast<const QRgb*>(actual.constScanLine(y));
        const QRgb* b = reinterpret_cast<const QRgb*>(baseline.constScanLine(y));
        QRgb* d = reinterpret_cast<QRgb*>(diff.scanLine(y));
        for (int x = 0; x < actual.width(); ++x) {
            const int dr = std::abs(qRed(a[x]) - qRed(b[x])), dg = std::abs(qGreen(a[x]) - qGreen(b[x])),
                      db = std::abs(qBlue(a[x]) - qBlue(b[x]));
            sum += dr + dg + db;
            if (std::max({dr, dg, db}) > 32) ++bad;
            d[x] = qRgb(std::min(255, 4 * dr), std::min(255, 4 * dg), std::min(255, 4 * db));
        }
    }
    const double pixels = static_cast<double>(actual.width()) * actual.height();
    const double mean = sum / (3 * pixels), fraction = bad / pixels;
    std::printf("mean abs diff %.4f (max %.4f), pixels off by > 32: %.5f (max %.5f)\n", mean, maxMean, fraction, maxFraction);
    if (mean <= maxMean && fraction <= maxFraction) return 0;
    diff.save(QString::fromLocal8Bit(argv[3]));
    std::fprintf(stderr, "differs from the baseline; actual: %s, diff image: %s\n", argv[1], argv[3]);
    return 1;
}
