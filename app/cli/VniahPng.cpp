#include "VniahPng.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/Errors.h"

namespace rope::cli {
namespace {

// 3×5 glyphs, one row per 3-bit number (bit 2 = left pixel).
struct Glyph {
    char c;
    uint8_t rows[5];
};
constexpr Glyph kFont[] = {
    {'0', {7, 5, 5, 5, 7}}, {'1', {2, 6, 2, 2, 7}}, {'2', {7, 1, 7, 4, 7}}, {'3', {7, 1, 7, 1, 7}},
    {'4', {5, 5, 7, 1, 1}}, {'5', {7, 4, 7, 1, 7}}, {'6', {7, 4, 7, 5, 7}}, {'7', {7, 1, 1, 1, 1}},
    {'8', {7, 5, 7, 5, 7}}, {'9', {7, 5, 7, 1, 7}}, {'.', {0, 0, 0, 0, 2}}, {'%', {5, 1, 2, 4, 5}},
};

class Image {
public:
    Image(int w, int h) : m_w(w), m_h(h), m_px(static_cast<size_t>(w) * h * 3, 255) {}
    int width() const { return m_w; }
    int height() const { return m_h; }
    void fill(int x0, int y0, int w, int h, std::array<uint8_t, 3> c) {
        for (int y = std::max(0, y0); y < std::min(m_h, y0 + h); ++y)
            for (int x = std::max(0, x0); x < std::min(m_w, x0 + w); ++x)
                std::copy(c.begin(), c.end(), m_px.begin() + (static_cast<ptrdiff_t>(y) * m_w + x) * 3);
    }
    /// Draws text with its top-left corner at (x, y); returns the width drawn.
    int text(int x, int y, const std::string& s, int scale, std::array<uint8_t, 3> c) {
        int cx = x;
        for (char ch : s) {
            for (const Glyph& g : kFont)
                if (g.c == ch)
                    for (int r = 0; r < 5; ++r)
                        for (int b = 0; b < 3; ++b)
                            if (g.rows[r] & (4 >> b)) fill(cx + b * scale, y + r * scale, scale, scale, c);
            cx += 4 * scale;
        }
        return cx - x - scale;
    }
    static int textWidth(const std::string& s, int scale) { return static_cast<int>(s.size()) * 4 * scale - scale; }
    const std::vector<uint8_t>& pixels() const { return m_px; }

private:
    int m_w, m_h;
    std::vector<uint8_t> m_px;
};

void putU32(std::string& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xFF);
}

void chunk(std::string& png, const char* type, const std::string& data) {
    putU32(png, static_cast<uint32_t>(data.size()));
    const std::string body = std::string(type, 4) + data;
    png += body;
    putU32(png, static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

std::string encodePng(const Image& img, const std::string& title) {
    std::string raw;
    raw.reserve(static_cast<size_t>(img.height()) * (img.width() * 3 + 1));
    for (int y = 0; y < img.height(); ++y) {
        raw += '\0';  // filter: none
        raw.append(reinterpret_cast<const char*>(img.pixels().data()) + static_cast<ptrdiff_t>(y) * img.width() * 3,
                   static_cast<size_t>(img.width()) * 3);
    }
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::string z(size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(z.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                  static_cast<uLong>(raw.size()), 9) != Z_OK)
        throw BadFile("could not compress the heatmap image");
    z.resize(size);
    std::string png = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    putU32(ihdr, static_cast<uint32_t>(img.width()));
    putU32(ihdr, static_cast<uint32_t>(img.height()));
    ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, deflate, no filter, no interlace
    chunk(png, "IHDR", ihdr);
    chunk(png, "tEXt", std::string("Title") + '\0' + title);
    chunk(png, "IDAT", z);
    chunk(png, "IEND", "");
    return png;
}

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
    return buf;
}

}  // namespace

std::array<uint8_t, 3> vniahRateColour(double rate) {
    const double r = std::clamp(rate, 0.0, 1.0);
    constexpr std::array<double, 3> red{215, 48, 39}, yellow{254, 224, 139}, green{26, 152, 80};
    const auto& a = r < 0.5 ? red : yellow;
    const auto& b = r < 0.5 ? yellow : green;
    const double t = r < 0.5 ? r / 0.5 : (r - 0.5) / 0.5;
    std::array<uint8_t, 3> c{};
    for (int k = 0; k < 3; ++k) c[static_cast<size_t>(k)] = static_cast<uint8_t>(std::lround(a[static_cast<size_t>(k)] + t * (b[static_cast<size_t>(k)] - a[static_cast<size_t>(k)])));
    return c;
}

std::string vniahHeatmapPng(const Eigen::ArrayXXd& rates, const std::vector<int64_t>& lengths,
                            const std::vector<int64_t>& depths, double accuracy, const std::string& title) {
    constexpr int cellW = 40, cellH = 32, left = 36, top = 34, bottom = 22, right = 8, tick = 2;
    const int nx = static_cast<int>(lengths.size()), ny = static_cast<int>(depths.size());
    Image img(left + nx * cellW + right, top + ny * cellH + bottom);
    const std::array<uint8_t, 3> ink{40, 40, 40};
    img.text(left, 8, percent(accuracy), 4, ink);
    for (int i = 0; i < nx; ++i)
        for (int j = 0; j < ny; ++j)
            img.fill(left + i * cellW, top + j * cellH, cellW - 1, cellH - 1, vniahRateColour(rates(i, j)));
    // Label every length that fits beside its neighbour's label.
    int lastEnd = -1000;
    for (int i = 0; i < nx; ++i) {
        const std::string s = std::to_string(lengths[static_cast<size_t>(i)]);
        const int w = Image::textWidth(s, tick);
        const int x = left + i * cellW + (cellW - 1 - w) / 2;
        if (x <= lastEnd + 4) continue;
        lastEnd = x + img.text(x, top + ny * cellH + 6, s, tick, ink);
    }
    for (int j = 0; j < ny; ++j) {
        const std::string s = std::to_string(depths[static_cast<size_t>(j)]);
        img.text(left - 6 - Image::textWidth(s, tick), top + j * cellH + (cellH - 1 - 5 * tick) / 2, s, tick, ink);
    }
    return encodePng(img, title);
}

}  // namespace rope::cli
