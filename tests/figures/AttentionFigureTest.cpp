// The attention figure is drawn from data (figures/views/AttentionFigure.cpp), not grabbed from the
// attention tab: a hand-made 2-frame map of 1 × 2 tokens per frame, whose frame map is derived
// below by hand, goes through the renderer into PNG, SVG, PDF and the CSV sidecar.
#include <gtest/gtest.h>

#include <QImage>
#include <memory>

#include "core/Errors.h"
#include "figures/FigureRenderer.h"

using namespace rope;
using namespace rope::figures;

namespace {

/// Queries 0, 1 (frame 0) put 0.5 + 0.25 = 0.75 on frame 0 and 0.125 + 0.125 = 0.25 on frame 1;
/// queries 2, 3 (frame 1) put 0.25 on every key: 0.5 and 0.5. Dyadic values: exact in float.
std::shared_ptr<AttentionMap> handMadeMap(const std::string& variant) {
    auto m = std::make_shared<AttentionMap>();
    m->variant = variant;
    m->frames = 2, m->rows = 1, m->cols = 2;
    m->probabilities.resize(4, 4);
    m->probabilities << 0.5f, 0.25f, 0.125f, 0.125f,  //
        0.5f, 0.25f, 0.125f, 0.125f,                  //
        0.25f, 0.25f, 0.25f, 0.25f,                   //
        0.25f, 0.25f, 0.25f, 0.25f;
    m->frameAttention.resize(2, 2);
    m->frameAttention << 0.75f, 0.25f, 0.5f, 0.5f;
    return m;
}

FigureData handMadeData() {
    auto in = std::make_shared<AttentionFigureInput>();
    in->source = QStringLiteral("hand-made");
    in->frames = 2, in->rows = 1, in->cols = 2;
    in->query = 0;
    in->maps = {handMadeMap("m-rope"), handMadeMap("videorope")};  // the demo study's two columns
    FigureData d;
    d.results = computeStudyResults(demoStudy());
    d.attention = in;
    return d;
}

FigureSpec attentionSpec() {
    FigureSpec s;
    s.view = "attention";
    return s;
}

}  // namespace

TEST(AttentionFigure, SidecarHoldsExactlyTheFrameMap) {
    const FigureSpec s = attentionSpec();
    const FigureData data = handMadeData();
    const ViewDrawing d = buildView(s, data);
    EXPECT_EQ(d.panels.size(), 2u);  // default panels: frames, one per study column
    ASSERT_EQ(d.data.rows.size(), 8u);  // 2 columns × 2 × 2 cells
    const std::vector<std::string> expected = {"0.75", "0.25", "0.5", "0.5"};
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(d.data.rows[i].back(), expected[i]) << i;
    EXPECT_EQ(d.data.rows[0][1], "m-rope");
    EXPECT_EQ(d.data.rows[4][1], "videorope");
}

TEST(AttentionFigure, TokenAndOverlayPanels) {
    FigureSpec s = attentionSpec();
    s.panels = {"tokens", "overlay"};
    s.columns = {1};
    const ViewDrawing d = buildView(s, handMadeData());
    EXPECT_EQ(d.panels.size(), 2u);
    // tokens: 16 cells (4 tokens < 96, no blocks), then the overlay of query 0: frame 0 → 0.5, 0.25; frame 1 → 0.125, 0.125.
    ASSERT_EQ(d.data.rows.size(), 16u + 4u);
    EXPECT_EQ(d.data.rows[1].back(), "0.25");
    EXPECT_EQ(d.data.rows[16].back(), "0.5");
    EXPECT_EQ(d.data.rows[19].back(), "0.125");
}

TEST(AttentionFigure, VectorFilesHaveTextAndPngHasThePhysicalSize) {
    const FigureSpec s = attentionSpec();
    const FigureData data = handMadeData();
    const ViewDrawing d = buildView(s, data);
    const QByteArray svg = renderBytes(s, data, d, FileFormat::Svg);
    EXPECT_TRUE(svg.contains("<text")) << "text stays text";
    EXPECT_TRUE(svg.contains("query frame"));
    EXPECT_TRUE(svg.contains("key frame"));
    const QByteArray pdf = renderBytes(s, data, d, FileFormat::Pdf);
    EXPECT_TRUE(pdf.startsWith("%PDF"));
    EXPECT_FALSE(pdf.contains("/Subtype /Image")) << "the frame maps are vector rectangles, no raster image";
    // 6.75 in wide at 200 dpi: 1350 px.
    const QImage png = renderImage(s, d, 200);
    EXPECT_EQ(png.width(), 1350);
    EXPECT_NEAR(png.dotsPerMeterX(), 200 / 0.0254, 1);
}

TEST(AttentionFigure, WithoutResultsTheErrorSaysWhatToDo) {
    FigureData none;
    none.results = computeStudyResults(demoStudy());
    try {
        buildView(attentionSpec(), none);
        FAIL() << "drew attention without results";
    } catch (const InvalidParameter& e) {
        EXPECT_NE(std::string(e.what()).find("attention"), std::string::npos) << e.what();
    }
}
