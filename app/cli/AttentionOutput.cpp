#include "AttentionOutput.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "formats/NpyFile.h"
#include "media/ImageFile.h"

namespace rope::cli {

namespace fs = std::filesystem;

namespace {

std::string slug(const std::string& s) {
    std::string out;
    for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
    return out;
}

/// White 2-px outline around token (r, c) of a frame image with `ppt` pixels per token.
void outlineToken(RgbImage& im, int r, int c, int ppt) {
    const int x0 = c * ppt, y0 = r * ppt;
    for (int y = y0; y < y0 + ppt; ++y)
        for (int x = x0; x < x0 + ppt; ++x) {
            const bool edge = y < y0 + 2 || y >= y0 + ppt - 2 || x < x0 + 2 || x >= x0 + ppt - 2;
            if (!edge || x >= im.width || y >= im.height) continue;
            std::fill_n(im.rgb.data() + (static_cast<size_t>(y) * im.width + x) * 3, 3, uint8_t{255});
        }
}

}  // namespace

AttentionStats attentionStats(const AttentionMap& m) {
    AttentionStats s;
    const int64_t T = m.frames, N = m.tokens();
    for (int64_t a = 0; a < T; ++a) {
        s.sameFrameMass += m.frameAttention(a, a) / static_cast<double>(T);
        for (int64_t b = 0; b < T; ++b) s.meanFrameDistance += m.frameAttention(a, b) * std::abs(a - b) / static_cast<double>(T);
    }
    double h = 0;
    for (int64_t i = 0; i < N * N; ++i) {
        const double p = m.probabilities.data()[i];
        if (p > 0) h -= p * std::log2(p);
    }
    s.meanEntropyBits = h / static_cast<double>(N);
    return s;
}

void writeStatsFields(JsonWriter& j, const AttentionStats& st) {
    j.field("same_frame_mass", st.sameFrameMass);
    j.field("mean_frame_distance", st.meanFrameDistance);
    j.field("mean_entropy_bits", st.meanEntropyBits);
}

void writeMatrixJson(JsonWriter& j, const Eigen::MatrixXf& m) {
    j.beginArray();
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        j.beginArray();
        for (Eigen::Index c = 0; c < m.cols(); ++c) j.value(static_cast<double>(m(r, c)));
        j.endArray();
    }
    j.endArray();
}

namespace {

void writeSummary(std::ostream& os, const QkInputs& in, const Params& p, const AttentionMap& m, int64_t query, double seconds, const std::vector<std::string>& files) {
    JsonWriter j(os);
    j.beginObject();
    j.field("variant", variantName(m.variant));
    j.field("variant_display", variantDisplayName(m.variant));
    j.key("video");
    j.beginObject();
    j.field("path", in.settings.video);
    if (!in.settings.video.empty()) {
        j.field("width", static_cast<long long>(in.video.width));
        j.field("height", static_cast<long long>(in.video.height));
        j.field("fps", in.video.fps);
        j.field("frame_count", static_cast<long long>(in.video.frameCount));
        j.field("duration_s", in.video.durationSeconds);
        j.field("codec", in.video.codec);
        j.key("sampled_frames");
        j.beginArray();
        for (int64_t i : in.frames.sourceIndices) j.value(static_cast<long long>(i));
        j.endArray();
        j.key("warnings");
        j.beginArray();
        for (const std::string& w : in.frames.warnings) j.value(w);
        j.endArray();
    }
    j.endObject();
    j.key("model");
    j.beginObject();
    j.field("kind", modelKindName(in.modelKind));
    j.field("path", in.settings.model);
    j.field("name", in.capture.sourceModel);
    j.field("layer", static_cast<long long>(in.settings.layer));
    j.field("head", static_cast<long long>(in.settings.head));
    j.field("head_dim", static_cast<long long>(in.capture.q.headDim));
    j.endObject();
    j.key("grid");
    j.beginArray();
    for (int64_t v : {m.frames, m.rows, m.cols}) j.value(static_cast<long long>(v));
    j.endArray();
    j.field("tokens", static_cast<long long>(m.tokens()));
    j.key("frame_times");
    j.beginArray();
    for (double t : in.capture.frameTimes) j.value(t);
    j.endArray();
    j.field("causal", m.causal);
    j.key("parameters");
    j.beginObject();
    for (const ParamSpec& s : paramSchema())
        if (s.scope == ParamScope::Column || s.key == "theta" || s.key == "head_dim" || s.key == "sections") j.field(s.key, getParam(p, s.key));
    j.endObject();
    const AttentionStats st = attentionStats(m);
    j.key("statistics");
    j.beginObject();
    writeStatsFields(j, st);
    j.endObject();
    j.key("query");
    j.beginObject();
    j.field("token", static_cast<long long>(query));
    j.key("t_r_c");
    j.beginArray();
    for (int64_t v : {query / (m.rows * m.cols), (query / m.cols) % m.rows, query % m.cols}) j.value(static_cast<long long>(v));
    j.endArray();
    j.endObject();
    j.key("frame_attention");
    writeMatrixJson(j, m.frameAttention);
    j.key("bands");
    j.beginArray();
    for (const BandLogits& b : m.bands) {
        j.beginObject();
        j.field("name", b.band.name);
        j.field("pairs", static_cast<long long>(b.band.pairs.size()));
        j.field("first_pair", static_cast<long long>(b.band.pairs.front()));
        j.field("last_pair", static_cast<long long>(b.band.pairs.back()));
        j.field("mean_logit", b.mean);
        j.field("mean_abs_logit", b.meanAbs);
        j.key("frame_mean_logit");
        writeMatrixJson(j, b.frameMean);
        j.endObject();
    }
    j.endArray();
    j.key("timing_s");
    j.beginObject();
    j.field("decode", in.decodeSeconds);
    j.field("model", in.modelSeconds);
    j.field("attention", seconds);
    j.endObject();
    j.key("files");
    j.beginArray();
    for (const std::string& f : files) j.value(f);
    j.endArray();
    j.endObject();
}

}  // namespace

void writeVariantFiles(OutputTransaction& out, const fs::path& dir, const QkInputs& in, const Params& p,
                       const AttentionMap& m, int64_t query, double seconds) {
    std::vector<std::string> names;
    auto add = [&](const std::string& name, const std::string& bytes) {
        out.write(dir / name, bytes);
        names.push_back(name);
    };
    const int64_t N = m.tokens(), T = m.frames;
    add("attention.npy", npyBytes(m.probabilities.data(), static_cast<size_t>(N * N), {N, N}));
    // frameAttention and frameMean are column-major (Eigen's default); .npy is C order.
    const RowMajorMatrixXf frameRows = m.frameAttention;
    add("frame_attention.npy", npyBytes(frameRows.data(), static_cast<size_t>(T * T), {T, T}));
    for (const BandLogits& b : m.bands) {
        const RowMajorMatrixXf rm = b.frameMean;
        add("band_" + slug(b.band.name) + ".npy", npyBytes(rm.data(), static_cast<size_t>(T * T), {T, T}));
    }
    // attention.png: log10 p over the top 3 decades.
    {
        const float pmax = m.probabilities.maxCoeff();
        std::vector<float> logp(static_cast<size_t>(N * N));
        for (size_t i = 0; i < logp.size(); ++i) logp[i] = std::log10(std::max(m.probabilities.data()[i], 1e-30f));
        const float hi = std::log10(std::max(pmax, 1e-30f));
        add("attention.png", pngBytes(heatmapImage(logp.data(), static_cast<int>(N), static_cast<int>(N), hi - 3.0f, hi)));
    }
    add("frame_attention.png", pngBytes(heatmapImage(frameRows.data(), static_cast<int>(T), static_cast<int>(T), 0.f,
                                                     std::max(frameRows.maxCoeff(), 1e-12f))));
    if (in.frames.count == T && in.frames.height == m.rows * 28 && in.frames.width == m.cols * 28) {
        float hi = 1e-12f;
        std::vector<RowMajorMatrixXf> maps;
        for (int64_t f = 0; f < T; ++f) {
            maps.emplace_back(m.keyImage(query, f));
            hi = std::max(hi, maps.back().maxCoeff());
        }
        std::vector<RgbImage> tiles;
        for (int64_t f = 0; f < T; ++f) {
            tiles.push_back(overlayHeatmap(in.frames.frame(f), in.frames.width, in.frames.height, maps[static_cast<size_t>(f)].data(),
                                           static_cast<int>(m.rows), static_cast<int>(m.cols), 0.f, hi));
            if (f == query / (m.rows * m.cols))
                outlineToken(tiles.back(), static_cast<int>((query / m.cols) % m.rows), static_cast<int>(query % m.cols), 28);
        }
        add("overlay.png", pngBytes(tileImages(tiles, 8)));
    }
    names.push_back("summary.json");
    std::ostringstream js;
    writeSummary(js, in, p, m, query, seconds, names);
    js << "\n";
    out.write(dir / "summary.json", js.str());
}

}  // namespace rope::cli
