// The built-in content-aware q/k model (maths and reasoning in QkModel.h), in LibTorch tensor ops
// so it runs through the same pipeline and data types as a user's TorchScript model.
#include <ATen/ATen.h>

#include <cmath>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "model/QkModel.h"

namespace rope {
namespace {

void step(const Progress& progress, double fraction) {
    if (progress && !progress(fraction)) throw Cancelled("model run cancelled");
}

/// ±1 signs as a float64 tensor of the given shape, scaled by `scale`.
at::Tensor signTensor(uint64_t seed, int layer, int head, int which, int64_t rows, int64_t cols, double scale) {
    const std::vector<int8_t> s = builtinSigns(seed, layer, head, which, rows * cols);
    return at::from_blob(const_cast<int8_t*>(s.data()), {rows, cols}, at::kChar).to(at::kDouble).mul_(scale);
}

/// Rows (dimension 1 of a matrix) scaled to unit length; all-zero rows stay zero.
at::Tensor unitRows(const at::Tensor& x) {
    const at::Tensor norm = x.norm(2, {1}, /*keepdim=*/true);
    return x / at::where(norm > 1e-300, norm, at::ones_like(norm));
}

/// Vectors along the last dimension scaled to unit length (float32); zero vectors stay zero.
at::Tensor unitLastDim(const at::Tensor& x) {
    const at::Tensor norm = x.norm(2, {-1}, /*keepdim=*/true);
    return x / norm.clamp_min(1e-30f);
}

class BuiltinModel final : public QkModel {
public:
    explicit BuiltinModel(const BuiltinModelOptions& o) : m_o(o) { validateBuiltinOptions(o); }

    std::string name() const override {
        return "built-in PCA model (" + std::to_string(m_o.layers) + " layers × " + std::to_string(m_o.heads) +
               " heads, d = " + std::to_string(m_o.headDim) + ", " + std::to_string(m_o.components) + " components)";
    }
    int pixelsPerToken() const override { return m_o.tokenPixels; }

    QkCapture run(const Frames& frames, const Progress& progress) override {
        const int s = m_o.tokenPixels, pool = m_o.pool, sp = s / pool;
        if (frames.count < 1 || frames.height < s || frames.width < s || frames.height % s || frames.width % s)
            throw InvalidParameter("frames", std::to_string(frames.width) + "x" + std::to_string(frames.height),
                                   "must be at least one frame whose width and height are multiples of " + std::to_string(s) +
                                       " pixels (one token per " + std::to_string(s) + " × " + std::to_string(s) + " block)");
        if (frames.rgb.size() != frames.frameBytes() * static_cast<size_t>(frames.count))
            throw InvalidParameter("frames", std::to_string(frames.rgb.size()) + " bytes", "must hold T·H·W·3 RGB bytes");
        const int64_t T = frames.count, R = frames.height / s, C = frames.width / s, N = T * R * C;
        const int64_t F = static_cast<int64_t>(sp) * sp * 3, D = m_o.headDim;
        at::NoGradGuard noGrad;
        step(progress, 0.0);

        // 1. patch pixels: [T, R·s, C·s, 3] → average-pool by `pool` (a vectorised kernel, float32)
        //    → [T, 3, R, sp, C, sp] → one row of F = 3·sp·sp values per token, in raster order.
        at::Tensor x = at::from_blob(const_cast<uint8_t*>(frames.rgb.data()), {T, R * s, C * s, 3}, at::kByte)
                           .permute({0, 3, 1, 2})
                           .to(at::kFloat)
                           .div_(255.0f);
        if (pool > 1) x = at::avg_pool2d(x, {pool, pool});
        x = x.reshape({T, 3, R, sp, C, sp}).permute({0, 2, 4, 1, 3, 5}).reshape({N, F}).to(at::kDouble);
        step(progress, 0.1);

        // 2. per-video PCA, float64. Σ is F × F; with fewer tokens than features the N × N Gram
        //    matrix has the same non-zero spectrum and is cheaper: Xc Xcᵀ u = μ u ⇒ v = Xcᵀ u / ‖Xcᵀ u‖.
        const at::Tensor centred = x - x.mean({0}, true);
        const double dof = static_cast<double>(std::max<int64_t>(N - 1, 1));
        const int64_t K = std::min<int64_t>(m_o.components, F);
        at::Tensor V = at::zeros({F, K}, at::kDouble), lambda = at::zeros({K}, at::kDouble);
        if (N >= F) {
            auto [evals, evecs] = at::linalg_eigh(centred.t().mm(centred).div_(dof));  // ascending
            V.copy_(evecs.narrow(1, F - K, K).flip({1}));                             // largest first
            lambda.copy_(evals.narrow(0, F - K, K).flip({0}));
        } else {
            auto [evals, evecs] = at::linalg_eigh(centred.mm(centred.t()).div_(dof));
            const int64_t Kn = std::min<int64_t>(K, N);
            const at::Tensor mu = evals.narrow(0, N - Kn, Kn).flip({0});
            // μ ≈ 0 (centring always leaves one): Xcᵀu is rounding noise, not a direction; drop it.
            const at::Tensor keep = (mu > 1e-10 * mu[0].clamp_min(1e-300)).to(at::kDouble);
            const at::Tensor v = centred.t().mm(evecs.narrow(1, N - Kn, Kn).flip({1}));  // F × Kn
            V.narrow(1, 0, Kn).copy_(unitRows(v.t()).t() * keep.unsqueeze(0));
            lambda.narrow(0, 0, Kn).copy_(mu * keep);
        }
        lambda.clamp_min_(0);
        // Sign fix: the largest-magnitude entry of each eigenvector is positive.
        const at::Tensor pivot = V.abs().argmax(0);
        const at::Tensor pivotValues = V.gather(0, pivot.unsqueeze(0)).squeeze(0);
        V = V * at::where(pivotValues < 0, -at::ones_like(pivotValues), at::ones_like(pivotValues)).unsqueeze(0);
        const double lambda1 = lambda[0].item<double>();
        // A uniform video has no variance: its content term is zero and only u remains.
        const double trace = centred.square().sum().item<double>() / dof;
        at::Tensor z = lambda1 > 1e-12 * std::max(1.0, trace) ? centred.mm(V).div_(std::sqrt(lambda1))
                                                              : at::zeros({N, K}, at::kDouble);
        step(progress, 0.3);

        // 3–4. per layer and head: a random ±1 view of the first K_l components plus the shared u.
        const double cosPhi = std::sqrt(1.0 - m_o.positionShare), sinPhi = std::sqrt(m_o.positionShare);
        const double scale = std::sqrt(m_o.sharpness * std::sqrt(static_cast<double>(D)));
        QkCapture out;
        out.q.layers = out.k.layers = m_o.layers;
        out.q.heads = out.k.heads = m_o.heads;
        out.q.tokens = out.k.tokens = N;
        out.q.headDim = out.k.headDim = D;
        out.q.data.resize(static_cast<size_t>(out.q.size()));
        const at::Tensor z32 = z.to(at::kFloat);
        for (int l = 0; l < m_o.layers; ++l) {
            // All heads of a layer in one product: [N, K_l] × [K_l, heads·d], float32.
            const int64_t Kl = std::max<int64_t>(1, K >> l);
            std::vector<at::Tensor> Ps, us;
            for (int h = 0; h < m_o.heads; ++h) {
                Ps.push_back(signTensor(m_o.seed, l, h, 0, Kl, D, 1.0 / std::sqrt(static_cast<double>(Kl))));
                us.push_back(signTensor(m_o.seed, l, h, 1, 1, D, 1.0 / std::sqrt(static_cast<double>(D))));
            }
            const at::Tensor P = at::cat(Ps, 1).to(at::kFloat), u = at::cat(us, 0).to(at::kFloat);  // [K_l, Hd·d], [Hd, d]
            const at::Tensor c = z32.narrow(1, 0, Kl).mm(P).view({N, m_o.heads, D});
            const at::Tensor a = unitLastDim(unitLastDim(c).mul_(static_cast<float>(cosPhi)).add_(u.unsqueeze(0) * static_cast<float>(sinPhi)))
                                     .mul_(static_cast<float>(scale))
                                     .permute({1, 0, 2})
                                     .contiguous();  // [heads, N, d]
            std::copy_n(a.data_ptr<float>(), m_o.heads * N * D, out.q.token(l, 0, 0));
            step(progress, 0.3 + 0.7 * static_cast<double>(l + 1) / m_o.layers);
        }
        out.k = out.q;  // q = k: similarity-only heads (QkModel.h, "Why this shape")
        out.frames = T;
        out.rows = R;
        out.cols = C;
        if (static_cast<int64_t>(frames.timestamps.size()) == T) out.frameTimes = frames.timestamps;
        out.sourceModel = name();
        return out;
    }

private:
    BuiltinModelOptions m_o;
};

}  // namespace

std::unique_ptr<QkModel> makeBuiltinModel(const BuiltinModelOptions& options) {
    return std::make_unique<BuiltinModel>(options);
}

}  // namespace rope
