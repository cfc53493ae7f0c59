// OffscreenRender on a scene whose pixels are known without rendering anything by hand:
// blue background, a red unit cube lit only by ambient light (ambient 1, diffuse 0), seen head-on.
// The cube then covers the centre in pure red and never reaches the corners.
#include <gtest/gtest.h>

#include <vtkActor.h>
#include <vtkCubeSource.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "PixelCheck.h"
#include "tests/common/KnownScene.h"
#include "viz/OffscreenRender.h"

namespace {

using rope::test::near;
using rope::test::pixel;
using rope::viz::OffscreenRender;

constexpr std::array<int, 4> kRed{255, 0, 0, 255};
constexpr std::array<int, 4> kBlue{0, 0, 255, 255};

struct KnownScene {
    vtkNew<vtkRenderer> renderer;
    KnownScene() { rope::testing::addKnownScene(renderer); }
};

std::string outPath(const std::string& name) { return std::string(ROPE_TEST_OUTPUT_DIR) + "/" + name; }

#define REQUIRE_DISPLAY() \
    if (!rope::viz::displayAvailable()) GTEST_SKIP() << "no X display; run under xvfb-run -a"

TEST(OffscreenRender, KnownSceneHasRedCentreAndBlueCorners) {
    REQUIRE_DISPLAY();
    KnownScene scene;
    OffscreenRender out(scene.renderer, 300, 200);
    auto image = out.capture();
    ASSERT_EQ(image->GetDimensions()[0], 300);
    ASSERT_EQ(image->GetDimensions()[1], 200);
    ASSERT_EQ(image->GetNumberOfScalarComponents(), 3);
    EXPECT_TRUE(near(pixel(image, 150, 100), kRed, 2));
    for (auto [x, y] : {std::pair{0, 0}, {299, 0}, {0, 199}, {299, 199}})
        EXPECT_TRUE(near(pixel(image, x, y), kBlue, 2)) << "corner " << x << "," << y;
}

TEST(OffscreenRender, ScaleMultipliesPixels) {
    REQUIRE_DISPLAY();
    KnownScene scene;
    OffscreenRender out(scene.renderer, 300, 200, 2.0);
    EXPECT_EQ(out.pixelWidth(), 600);
    EXPECT_EQ(out.pixelHeight(), 400);
    auto image = out.capture();
    EXPECT_EQ(image->GetDimensions()[0], 600);
    EXPECT_TRUE(near(pixel(image, 300, 200), kRed, 2));
    EXPECT_TRUE(near(pixel(image, 0, 0), kBlue, 2));
}

TEST(OffscreenRender, RgbaCaptureHasTransparentBackgroundRgbIsOpaque) {
    REQUIRE_DISPLAY();
    KnownScene scene;
    OffscreenRender out(scene.renderer, 300, 200);
    auto rgba = out.capture(true);
    ASSERT_EQ(rgba->GetNumberOfScalarComponents(), 4);
    EXPECT_EQ(pixel(rgba, 0, 0)[3], 0);  // why figures are written from the RGB capture
    EXPECT_EQ(pixel(rgba, 150, 100)[3], 255);
}

TEST(OffscreenRender, PngRoundTripsOpaqueRgb) {
    REQUIRE_DISPLAY();
    KnownScene scene;
    OffscreenRender out(scene.renderer, 300, 200);
    const std::string file = outPath("known_scene.png");
    out.writePng(file);
    vtkNew<vtkPNGReader> reader;
    reader->SetFileName(file.c_str());
    reader->Update();
    vtkImageData* image = reader->GetOutput();
    ASSERT_EQ(image->GetDimensions()[0], 300);
    ASSERT_EQ(image->GetDimensions()[1], 200);
    EXPECT_EQ(image->GetNumberOfScalarComponents(), 3);
    EXPECT_TRUE(near(pixel(image, 150, 100), kRed, 2));
    EXPECT_TRUE(near(pixel(image, 5, 5), kBlue, 2));
}

TEST(OffscreenRender, PdfStartsWithMagic) {
    REQUIRE_DISPLAY();
    KnownScene scene;
    OffscreenRender out(scene.renderer, 300, 200);
    const std::string file = outPath("known_scene.pdf");
    out.writePdf(file);
    std::ifstream in(file, std::ios::binary);
    std::string head(5, '\0');
    ASSERT_TRUE(in.read(head.data(), 5));
    EXPECT_EQ(head, "%PDF-");
}

TEST(OffscreenRender, UnwritablePathNamesTheFile) {
    REQUIRE_DISPLAY();
    KnownScene scene;
    OffscreenRender out(scene.renderer, 64, 64);
    try {
        out.writePng("/nonexistent-dir/figure.png");
        FAIL() << "expected ExportError";
    } catch (const rope::viz::ExportError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/figure.png"), std::string::npos) << e.what();
    }
}

TEST(OffscreenRender, RejectsEmptySize) {
    vtkNew<vtkRenderer> renderer;
    EXPECT_THROW(OffscreenRender(renderer, 0, 10), rope::viz::ExportError);
}

TEST(OffscreenRender, RendererCanBeRenderedAgainAfterwards) {
    REQUIRE_DISPLAY();
    KnownScene scene;
    { OffscreenRender first(scene.renderer, 100, 100); first.render(); }
    OffscreenRender second(scene.renderer, 100, 100);
    EXPECT_TRUE(near(pixel(second.capture(), 50, 50), kRed, 2));
}

}  // namespace
