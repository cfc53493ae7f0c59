// media/ImageFile: heatmap colours at the ends of viridis (published endpoints #440154 and
// #FDE725), integer upscaling, overlays, and PNG files that read back pixel for pixel.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "TestVideo.h"
#include "core/Errors.h"
#include "media/ImageFile.h"

namespace rope {
namespace {

std::array<int, 3> pixel(const RgbImage& im, int x, int y) {
    const uint8_t* p = im.rgb.data() + (static_cast<size_t>(y) * im.width + x) * 3;
    return {p[0], p[1], p[2]};
}

void expectNear(std::array<int, 3> got, std::array<int, 3> want, int tol) {
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(got[static_cast<size_t>(c)], want[static_cast<size_t>(c)], tol) << "channel " << c;
}

TEST(Heatmap, ViridisEndsAndBlocks) {
    const float v[] = {0.f, 1.f, 2.f, 0.5f, 0.5f, 0.5f};  // 2 × 3, lo = 0, hi = 1 (2 clamps to 1)
    const RgbImage im = heatmapImage(v, 2, 3, 0.f, 1.f, /*minSide=*/30);
    // Longer side 3 → factor ⌈30/3⌉ = 10: 30 × 20 pixels, each cell a 10 × 10 block.
    EXPECT_EQ(im.width, 30);
    EXPECT_EQ(im.height, 20);
    expectNear(pixel(im, 5, 5), {68, 1, 84}, 3);       // 0 → viridis start #440154
    expectNear(pixel(im, 15, 5), {253, 231, 37}, 3);   // 1 → viridis end #FDE725
    EXPECT_EQ(pixel(im, 25, 5), pixel(im, 15, 5));     // clamped
    EXPECT_EQ(pixel(im, 10, 12), pixel(im, 19, 19));   // one block, one colour
}

TEST(Heatmap, LargeMatricesAreAveragedDown) {
    std::vector<float> v(3000 * 10, 1.f);
    const RgbImage im = heatmapImage(v.data(), 3000, 10, 0.f, 1.f, 256, 1000);
    EXPECT_EQ(im.height, 1000);
    EXPECT_EQ(im.width, 3);
}

TEST(Heatmap, OverlayBlendsOnTheFrame) {
    std::vector<uint8_t> frame(4 * 2 * 3, 0);  // black 4 × 2
    const float map[] = {0.f, 1.f};            // 1 × 2: left half low, right half high
    const RgbImage im = overlayHeatmap(frame.data(), 4, 2, map, 1, 2, 0.f, 1.f, 1.0f);
    expectNear(pixel(im, 0, 0), {68, 1, 84}, 3);
    expectNear(pixel(im, 3, 1), {253, 231, 37}, 3);
    const RgbImage half = overlayHeatmap(frame.data(), 4, 2, map, 1, 2, 0.f, 1.f, 0.5f);
    expectNear(pixel(half, 3, 0), {126, 115, 18}, 2);  // half of #FDE725 over black
}

TEST(Png, WritesAFileThatReadsBack) {
    test::TempDir dir("png");
    RgbImage im;
    im.width = 3;
    im.height = 2;
    im.rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90};
    const std::string path = (dir / "x.png").string();
    writePng(path, im);
    const cv::Mat back = cv::imread(path, cv::IMREAD_COLOR);  // BGR
    ASSERT_EQ(back.cols, 3);
    ASSERT_EQ(back.rows, 2);
    EXPECT_EQ(back.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 255));
    EXPECT_EQ(back.at<cv::Vec3b>(1, 2), cv::Vec3b(90, 80, 70));
    EXPECT_THROW(writePng((dir / "no-such-dir" / "x.png").string(), im), BadFile);
}

TEST(Png, HstackPutsImagesSideBySide) {
    RgbImage a{2, 1, {1, 1, 1, 2, 2, 2}}, b{1, 1, {3, 3, 3}};
    const RgbImage s = hstack({a, b}, 1);
    EXPECT_EQ(s.width, 4);
    EXPECT_EQ(pixel(s, 2, 0), (std::array<int, 3>{255, 255, 255}));
    EXPECT_EQ(pixel(s, 3, 0), (std::array<int, 3>{3, 3, 3}));
}

TEST(Png, TileImagesFillsRowsThenColumns) {
    // Three 2 × 1 images in rows of 2 with a 1-px gap: 5 × 3 pixels, the last cell white.
    RgbImage a{2, 1, {1, 1, 1, 1, 1, 1}}, b{2, 1, {2, 2, 2, 2, 2, 2}}, c{2, 1, {3, 3, 3, 3, 3, 3}};
    const RgbImage t = tileImages({a, b, c}, 2, 1);
    EXPECT_EQ(t.width, 5);
    EXPECT_EQ(t.height, 3);
    EXPECT_EQ(pixel(t, 0, 0), (std::array<int, 3>{1, 1, 1}));
    EXPECT_EQ(pixel(t, 3, 0), (std::array<int, 3>{2, 2, 2}));
    EXPECT_EQ(pixel(t, 1, 2), (std::array<int, 3>{3, 3, 3}));
    EXPECT_EQ(pixel(t, 4, 2), (std::array<int, 3>{255, 255, 255}));
    EXPECT_EQ(pixel(t, 0, 1), (std::array<int, 3>{255, 255, 255}));  // the gap row
}

}  // namespace
}  // namespace rope
