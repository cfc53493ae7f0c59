// Unit tests of the figure layer: ticks, labels, camera maths, sizes and validation, colours, the
// data sidecar and the PNG's recorded DPI. Expected values are derived by hand in the comments.
#include <gtest/gtest.h>

#include <QBuffer>
#include <QGuiApplication>
#include <QImage>
#include <QTemporaryDir>
#include <cmath>
#include <map>
#include <numbers>
#include <sstream>

#include "core/Errors.h"
#include "core/Study.h"
#include "figures/Camera3D.h"
#include "figures/Colors.h"
#include "figures/FigureRenderer.h"
#include "figures/Presets.h"
#include "figures/Style.h"

using namespace rope;
using namespace rope::figures;

TEST(NiceTicks, StepsAreOneTwoOrFiveTimesAPowerOfTen) {
    // span 10, 5 ticks wanted: raw step 2 → 2.
    EXPECT_EQ(niceTicks(0, 10, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
    // span 1, 4 wanted: raw 0.25 → the next of 0.1·{1, 2, 5} is 0.5.
    EXPECT_EQ(niceTicks(0, 1, 4), (std::vector<double>{0, 0.5, 1}));
    // span 2.1, 4 wanted: raw 0.525 → above 0.5, so 1.
    EXPECT_EQ(niceTicks(-1.05, 1.05, 4), (std::vector<double>{-1, 0, 1}));
    // index axes never step below 1: span 3, 6 wanted, raw 0.5 → 1.
    EXPECT_EQ(niceTicks(0, 3, 6, true), (std::vector<double>{0, 1, 2, 3}));
    EXPECT_DOUBLE_EQ(niceStep(0, 300, 5), 100);  // raw 60 → 100
}

TEST(NiceTicks, DecadesAndTheirLabels) {
    EXPECT_EQ(decadeTicks(1, 1e4, 8), (std::vector<double>{1, 10, 100, 1000, 10000}));
    // 1 … 10⁸ is 9 decades; at most 4 ticks → every third: 1, 10³, 10⁶.
    EXPECT_EQ(decadeTicks(1, 1e8, 4).size(), 3u);
    EXPECT_EQ(decadeLabel(1000), QStringLiteral("10³"));
    EXPECT_EQ(decadeLabel(0.01), QStringLiteral("10⁻²"));
    EXPECT_EQ(decadeLabel(1), QStringLiteral("1"));
    EXPECT_EQ(tickLabel(-0.5, 0.5), QStringLiteral("−0.5"));  // a real minus sign
    EXPECT_EQ(tickLabel(1e-17, 0.5), QStringLiteral("0"));
}

TEST(Camera3D, HeadOnViewMapsTimeRightHeightUpWidthAway) {
    // az = 0, el = 0: eye direction (−1, 0, 0), forward (1, 0, 0); right = forward × ŷ = (0, 0, 1)
    // (t), up = right × forward = (0, 1, 0) (h). Depth grows along +x (w).
    const Camera3D cam(0, 0, {0, 0, 0}, false, 10);
    const Projected t = cam.project({0, 0, 5}), h = cam.project({0, 3, 0}), w = cam.project({2, 0, 0});
    EXPECT_NEAR(t.x, 5, 1e-12);
    EXPECT_NEAR(t.y, 0, 1e-12);
    EXPECT_NEAR(h.y, 3, 1e-12);
    EXPECT_NEAR(h.x, 0, 1e-12);
    EXPECT_NEAR(w.depth, 2, 1e-12);
    EXPECT_NEAR(w.x, 0, 1e-12);
}

TEST(Camera3D, PerspectiveShrinksFarPoints) {
    // Eye 10 units before the centre: a point 10 units behind it is 20 from the eye → half size.
    const Camera3D cam(0, 0, {0, 0, 0}, true, 10);
    EXPECT_NEAR(cam.project({10, 0, 4}).x, 2, 1e-12);
    EXPECT_NEAR(cam.project({0, 0, 4}).x, 4, 1e-12);
}

TEST(Camera3D, ElevationLooksDown) {
    // el = 90° − ε: forward ≈ (0, −1, 0); a point above the centre is nearer (negative depth).
    const Camera3D cam(0, 89, {0, 0, 0}, false, 10);
    EXPECT_LT(cam.project({0, 1, 0}).depth, -0.99);
}

TEST(FigureSpec, SizesInInchesMillimetresAndPixels) {
    double w = 0, h = 0;
    parseSize("6.75x3in", 300, &w, &h);
    EXPECT_DOUBLE_EQ(w, 6.75);
    EXPECT_DOUBLE_EQ(h, 3);
    parseSize("254x127mm", 300, &w, &h);
    EXPECT_DOUBLE_EQ(w, 10);
    EXPECT_DOUBLE_EQ(h, 5);
    parseSize("600x300", 300, &w, &h);  // pixels at 300 dpi
    EXPECT_DOUBLE_EQ(w, 2);
    EXPECT_DOUBLE_EQ(h, 1);
    EXPECT_THROW(parseSize("0x3in", 300, &w, &h), InvalidParameter);
    EXPECT_THROW(parseSize("101x3in", 300, &w, &h), InvalidParameter);
    EXPECT_THROW(parseSize("6.75in", 300, &w, &h), InvalidParameter);
}

TEST(FigureSpec, RefusesWhatCannotBeDrawn) {
    FigureSpec s;
    EXPECT_NO_THROW(validateSpec(s));
    auto refuses = [](FigureSpec bad) { EXPECT_THROW(validateSpec(bad), InvalidParameter); };
    FigureSpec v = s; v.view = "pie"; refuses(v);
    FigureSpec d = s; d.dpi = 49; refuses(d);
    d.dpi = 2401; refuses(d);
    d.dpi = 50; EXPECT_NO_THROW(validateSpec(d));
    d.dpi = 2400; EXPECT_NO_THROW(validateSpec(d));
    FigureSpec w = s; w.widthIn = 0; refuses(w);
    w.widthIn = 100.5; refuses(w);
    FigureSpec c = s; c.columns = {2}; refuses(c);  // the demo study has two columns
    FigureSpec p = s; p.view = "kernel"; p.panels = {"x"}; refuses(p);
    try {
        validateSpec(v);
    } catch (const InvalidParameter& e) {
        EXPECT_NE(std::string(e.what()).find("index-growth"), std::string::npos) << "the message lists the views";
    }
}

TEST(Colors, PaperHeatmapStops) {
    EXPECT_EQ(rateColor(RateColors::Paper, 0).name(), QStringLiteral("#f0496e"));
    EXPECT_EQ(rateColor(RateColors::Paper, 0.5).name(), QStringLiteral("#ebb839"));
    EXPECT_EQ(rateColor(RateColors::Paper, 1).name(), QStringLiteral("#9ad5b3"));
    EXPECT_EQ(rateColor(RateColors::Paper, 7).name(), QStringLiteral("#9ad5b3"));  // clamped at vmax 1
    // Viridis ends (matplotlib's published values).
    EXPECT_EQ(rateColor(RateColors::ColorBlindSafe, 0).name(), QStringLiteral("#440154"));
    EXPECT_EQ(rateColor(RateColors::ColorBlindSafe, 1).name(), QStringLiteral("#fde725"));
}

namespace {

std::vector<std::vector<std::string>> csvRows(const QByteArray& bytes) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(bytes.toStdString());
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> row;
        std::string cell;
        bool quoted = false;
        for (char c : line) {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) row.push_back(cell), cell.clear();
            else cell += c;
        }
        row.push_back(cell);
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

TEST(Sidecar, FrequencyDataAreTheWavelengthsOfEveryPair) {
    FigureSpec s = loadPreset("fig4");
    FigureData data;
    ASSERT_TRUE(computeFigureData(s, &data));
    const ViewDrawing d = buildView(s, data);
    const auto rows = csvRows(sidecarBytes(s, d, "x.csv"));
    ASSERT_EQ(rows[0], (std::vector<std::string>{"panel", "series", "pair index i (fast → slow)", "wavelength 2π/ω"}));
    // 2 panels × (64 pairs + 2 ends of the span line).
    EXPECT_EQ(rows.size(), 1u + 2 * (64 + 2));
    // M-RoPE pair 0 is t with ω = θ⁰ = 1, λ = 2π; pair 16 is h with ω = (10⁶)^(−32/128) = 10^−1.5,
    // λ = 2π·10^1.5 ≈ 198.692.
    bool pair0 = false, pair16 = false;
    for (const auto& r : rows) {
        if (r[0] != "M-RoPE") continue;
        if (r[2] == "0") pair0 = r[1] == "t (time)" && std::abs(std::stod(r[3]) - 2 * std::numbers::pi) < 1e-9;
        if (r[2] == "16") pair16 = r[1] == "h (rows)" && std::abs(std::stod(r[3]) - 2 * std::numbers::pi * std::pow(10, 1.5)) < 1e-6;
    }
    EXPECT_TRUE(pair0);
    EXPECT_TRUE(pair16);
}

TEST(Sidecar, FrequencyFigureShowsEveryPairOfNewAllocations) {
    // HoPE, VideoRoPE++ and VRoPE with their natural geometry (θ 1e6, R = 128, 64 pairs).
    FigureSpec s = loadPreset("fig4");
    s.study = studyFromJson(R"({"format": "ropescope-study", "version": 1,
        "study": {"sequence": "text:8,video:8x6x8,text:8"},
        "variants": [{"variant": "hope"}, {"variant": "videorope++"}, {"variant": "vrope"}]})", "test");
    s.columns.clear();
    FigureData data;
    ASSERT_TRUE(computeFigureData(s, &data));
    const auto rows = csvRows(sidecarBytes(s, buildView(s, data), "x.csv"));
    std::map<std::string, std::map<std::string, std::vector<int>>> pairs;  // panel → series → pair indices
    std::map<int, double> before;  // VideoRoPE++ pair → plain wavelength
    for (size_t k = 1; k < rows.size(); ++k) {
        if (rows[k][1].rfind("span", 0) == 0) continue;
        pairs[rows[k][0]][rows[k][1]].push_back(std::stoi(rows[k][2]));
        if (rows[k][1] == "before rescaling") before[std::stoi(rows[k][2])] = std::stod(rows[k][3]);
    }
    // HoPE: LTA puts t on the s_t = 16 slowest pairs 48…63, and HoPE gives them ω = 0; they are
    // drawn, not dropped. 48 spatial pairs remain.
    const auto& hope = pairs.at("HoPE");
    const std::string zero = "ω = 0, no rotation (drawn in the top decade)";
    ASSERT_EQ(hope.count(zero), 1u);
    EXPECT_EQ(hope.at(zero).size(), 16u);
    EXPECT_EQ(hope.at(zero).front(), 48);
    EXPECT_EQ(hope.at("h (rows)").size() + hope.at("w (columns)").size(), 48u);
    // VRoPE: pair i reads stream i mod 4, so each of the four streams has 64 / 4 = 16 pairs.
    const auto& vrope = pairs.at("VRoPE");
    for (int st = 0; st < 4; ++st) EXPECT_EQ(vrope.at("stream s" + std::to_string(st)).size(), 16u) << st;
    // VideoRoPE++: the 16 temporal pairs are rescaled; "before" is the plain 2π/θ^(−2i/R), e.g.
    // pair 48: 2π·(10⁶)^(96/128) = 2π·10^4.5.
    ASSERT_EQ(before.size(), 16u);
    EXPECT_NEAR(before.at(48) / (2 * std::numbers::pi * std::pow(10, 4.5)), 1.0, 1e-9);
}

TEST(Sidecar, JsonHasColumnNamesAndNumbersAsNumbers) {
    FigureSpec s = loadPreset("fig4");
    FigureData data;
    ASSERT_TRUE(computeFigureData(s, &data));
    const std::string json = sidecarBytes(s, buildView(s, data), "x.json").toStdString();
    // The first row is M-RoPE's pair 0: wavelength 2π written as a JSON number, not a string.
    EXPECT_NE(json.find("\"columns\""), std::string::npos);
    EXPECT_NE(json.find("\"wavelength 2π/ω\""), std::string::npos);
    EXPECT_NE(json.find("6.283185307179586"), std::string::npos);
    EXPECT_EQ(json.find("\"6.283185307179586\""), std::string::npos);
    EXPECT_THROW(sidecarBytes(s, buildView(s, data), "x.xlsx"), InvalidParameter);
}

TEST(Sidecar, TableOneRowsAreTheDerivedProperties) {
    FigureSpec s = loadPreset("table1");
    FigureData data;
    ASSERT_TRUE(computeFigureData(s, &data));
    const auto rows = csvRows(sidecarBytes(s, buildView(s, data), "t.csv"));
    ASSERT_EQ(rows.size(), 6u);  // header + five variants
    // VideoRoPE has all four properties (paper Table 1); Vanilla RoPE none.
    EXPECT_EQ(rows[5], (std::vector<std::string>{"VideoRoPE (δ = 2)", "true", "true", "true", "true"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"Vanilla RoPE", "false", "false", "false", "false"}));
    const std::string tex = renderBytes(s, data, buildView(s, data), FileFormat::Tex).toStdString();
    EXPECT_NE(tex.find("\\toprule"), std::string::npos);
    EXPECT_NE(tex.find("VideoRoPE ($\\delta$ = 2) & $\\checkmark$ & $\\checkmark$ & $\\checkmark$ & $\\checkmark$ \\\\"), std::string::npos);
}

TEST(Png, PixelSizeAndRecordedDpiFollowTheSpec) {
    FigureSpec s = loadPreset("fig5");
    s.widthIn = 3.25;
    s.dpi = 200;
    FigureData data;
    ASSERT_TRUE(computeFigureData(s, &data));
    const QByteArray png = renderBytes(s, data, buildView(s, data), FileFormat::Png);
    QImage image;
    ASSERT_TRUE(image.loadFromData(png, "PNG"));
    EXPECT_EQ(image.width(), 650);  // 3.25 in × 200 dpi
    EXPECT_NEAR(image.dotsPerMeterX() * 0.0254, 200, 0.05);
    EXPECT_NEAR(image.dotsPerMeterY() * 0.0254, 200, 0.05);
}

TEST(Png, RefusesMoreThanTheRasterBudget) {
    FigureSpec s = loadPreset("fig5");
    s.widthIn = 100;
    s.heightIn = 100;
    s.dpi = 2400;  // 240000² pixels
    FigureData data;
    ASSERT_TRUE(computeFigureData(s, &data));
    EXPECT_THROW(renderBytes(s, data, buildView(s, data), FileFormat::Png), TooLarge);
}

TEST(Files, AWriteThatCannotHappenLeavesNothing) {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("missing/sub/f.pdf")).toStdString();
    EXPECT_THROW(writeAtomically(path, QByteArray("x")), BadFile);
    EXPECT_FALSE(QFileInfo::exists(QString::fromStdString(path)));
}

TEST(Presets, EveryPresetLoadsAndNamesAView) {
    const auto presets = presetList();
    ASSERT_EQ(presets.size(), 5u);
    for (const PresetInfo& p : presets) {
        const FigureSpec s = loadPreset(p.name);
        EXPECT_TRUE(findView(s.view)) << p.name;
        EXPECT_NO_THROW(validateSpec(s)) << p.name;
    }
    EXPECT_EQ(loadPreset("fig6").study.columns.size(), 3u);
    EXPECT_EQ(loadPreset("table1").study.columns.size(), 5u);  // over a study file's four: joined
    EXPECT_THROW(loadPreset("fig99"), InvalidParameter);
}

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
