#include "media/ImageFile.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/Errors.h"
#include "formats/OutputTransaction.h"

namespace rope {
namespace {

/// values → 8-bit grey over [lo, hi], then viridis; returns RGB.
cv::Mat colourise(const cv::Mat& values32f, float lo, float hi) {
    const float span = hi > lo ? hi - lo : 1.0f;
    cv::Mat grey;
    values32f.convertTo(grey, CV_8U, 255.0 / span, -255.0 * lo / span);  // saturating cast clamps
    cv::Mat bgr, rgb;
    cv::applyColorMap(grey, bgr, cv::COLORMAP_VIRIDIS);
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return rgb;
}

RgbImage fromMat(const cv::Mat& rgb) {
    RgbImage img;
    img.width = rgb.cols;
    img.height = rgb.rows;
    const cv::Mat c = rgb.isContinuous() ? rgb : rgb.clone();
    img.rgb.assign(c.data, c.data + c.total() * 3);
    return img;
}

void requireShape(int rows, int cols, const char* what) {
    if (rows <= 0 || cols <= 0)
        throw InvalidParameter(what, std::to_string(rows) + "x" + std::to_string(cols), "must have at least one row and column");
}

}  // namespace

RgbImage heatmapImage(const float* values, int rows, int cols, float lo, float hi, int minSide, int maxSide) {
    requireShape(rows, cols, "heatmap");
    const cv::Mat m(rows, cols, CV_32F, const_cast<float*>(values));
    cv::Mat sized;
    const int longer = std::max(rows, cols);
    if (longer > maxSide) {
        const double f = static_cast<double>(maxSide) / longer;
        cv::resize(m, sized, cv::Size(std::max(1, static_cast<int>(cols * f)), std::max(1, static_cast<int>(rows * f))), 0, 0,
                   cv::INTER_AREA);
    } else {
        const int k = std::max(1, (minSide + longer - 1) / longer);
        cv::resize(m, sized, cv::Size(cols * k, rows * k), 0, 0, cv::INTER_NEAREST);
    }
    return fromMat(colourise(sized, lo, hi));
}

RgbImage overlayHeatmap(const uint8_t* frameRgb, int width, int height, const float* map, int rows, int cols, float lo,
                        float hi, float alpha) {
    requireShape(rows, cols, "overlay map");
    requireShape(height, width, "frame");
    const cv::Mat frame(height, width, CV_8UC3, const_cast<uint8_t*>(frameRgb));
    const cv::Mat m(rows, cols, CV_32F, const_cast<float*>(map));
    cv::Mat big;
    cv::resize(m, big, cv::Size(width, height), 0, 0, cv::INTER_NEAREST);
    cv::Mat blended;
    cv::addWeighted(colourise(big, lo, hi), alpha, frame, 1.0 - alpha, 0.0, blended);
    return fromMat(blended);
}

RgbImage hstack(const std::vector<RgbImage>& images, int gap) {
    if (images.empty()) return {};
    RgbImage out;
    out.height = images.front().height;
    for (const RgbImage& im : images) {
        if (im.height != out.height) throw InvalidParameter("hstack", std::to_string(im.height), "images must share one height");
        out.width += im.width;
    }
    out.width += gap * static_cast<int>(images.size() - 1);
    out.rgb.assign(static_cast<size_t>(out.width) * out.height * 3, 255);
    int x0 = 0;
    for (const RgbImage& im : images) {
        for (int y = 0; y < im.height; ++y)
            std::copy_n(im.rgb.data() + static_cast<size_t>(y) * im.width * 3, static_cast<size_t>(im.width) * 3,
                        out.rgb.data() + (static_cast<size_t>(y) * out.width + x0) * 3);
        x0 += im.width + gap;
    }
    return out;
}

RgbImage tileImages(const std::vector<RgbImage>& images, int columns, int gap) {
    if (images.empty()) return {};
    if (columns < 1) throw InvalidParameter("tile columns", std::to_string(columns), "must be ≥ 1");
    const int w = images.front().width, h = images.front().height;
    const int n = static_cast<int>(images.size()), cols = std::min(columns, n), rows = (n + cols - 1) / cols;
    RgbImage out;
    out.width = cols * w + (cols - 1) * gap;
    out.height = rows * h + (rows - 1) * gap;
    out.rgb.assign(static_cast<size_t>(out.width) * out.height * 3, 255);
    for (int i = 0; i < n; ++i) {
        const RgbImage& im = images[static_cast<size_t>(i)];
        if (im.width != w || im.height != h)
            throw InvalidParameter("tile", std::to_string(im.width) + "x" + std::to_string(im.height), "images must share one size");
        const int x0 = (i % cols) * (w + gap), y0 = (i / cols) * (h + gap);
        for (int y = 0; y < h; ++y)
            std::copy_n(im.rgb.data() + static_cast<size_t>(y) * w * 3, static_cast<size_t>(w) * 3,
                        out.rgb.data() + (static_cast<size_t>(y0 + y) * out.width + x0) * 3);
    }
    return out;
}

std::string pngBytes(const RgbImage& image) {
    requireShape(image.height, image.width, "image");
    const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<uchar> png;
    try {
        if (!cv::imencode(".png", bgr, png, {cv::IMWRITE_PNG_COMPRESSION, 6})) throw BadFile("cannot encode an image as PNG");
    } catch (const cv::Exception& e) {
        throw BadFile("cannot encode an image as PNG: " + e.err);
    }
    return std::string(reinterpret_cast<const char*>(png.data()), png.size());
}

void writePng(const std::string& path, const RgbImage& image) { writeWholeFile(path, pngBytes(image)); }

}  // namespace rope
