// A user's TorchScript model (contract in QkModel.h): loading with LibTorch 1.13, recognising files
// this LibTorch cannot read, checking forward's signature before running and its output after.
#include <caffe2/serialize/inline_container.h>
#include <torch/script.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/Errors.h"
#include "model/PickleScan.h"
#include "model/QkModel.h"

namespace rope {
namespace {

/// The first non-blank line (TorchScript compile errors start with a newline).
std::string firstLine(const std::string& s) {
    const size_t start = std::min(s.size(), s.find_first_not_of(" \t\r\n"));
    std::string line = s.substr(start, s.find('\n', start) - start);
    constexpr size_t kMax = 300;
    if (line.size() > kMax) line = line.substr(0, kMax) + "…";
    return line;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// c10::Error carries a C++ backtrace after the message; keep what the user can act on. ErrorReport
/// (TorchScript compile errors, e.g. an unknown operator) puts its message first too.
std::string messageOf(const std::exception& e) {
    if (const auto* c10e = dynamic_cast<const c10::Error*>(&e)) return firstLine(c10e->what_without_backtrace());
    return firstLine(e.what());
}

const std::string kWayOut =
    "; re-export it with PyTorch 1.13, or write a q/k capture file (safetensors), which any PyTorch version can "
    "write: see tools/export_example_model.py and tools/capture_qwen2vl.py";

[[noreturn]] void throwLoadError(const std::string& path, const std::string& msg) {
    const std::string m = lower(msg);
    const std::string prefix = "model " + path + ": ";
    if (m.find("version") != std::string::npos)
        throw BadFile(prefix + "saved by a newer PyTorch than LibTorch 1.13 can read (" + msg + ")" + kWayOut);
    if (m.find("unknown builtin op") != std::string::npos || m.find("unknown type") != std::string::npos ||
        m.find("opcode") != std::string::npos || m.find("unknown") != std::string::npos ||
        m.find("arguments for call are not valid") != std::string::npos || m.find("schema") != std::string::npos)
        throw BadFile(prefix + "uses an operator or type LibTorch 1.13 does not know, so it was most likely saved by a newer PyTorch (" +
                      msg + ")" + kWayOut);
    if (m.find("constants.pkl") != std::string::npos || m.find("code/") != std::string::npos)
        throw BadFile(prefix + "is a torch.save archive (weights or a pickled nn.Module), not TorchScript; save the model with "
                               "torch.jit.save(torch.jit.script(model)) so that it has " + std::string(kTorchScriptSignature) +
                      " (" + msg + ")");
    if (m.find("zip") != std::string::npos || m.find("central directory") != std::string::npos)
        throw BadFile(prefix + "is not a readable TorchScript archive; the zip is damaged or truncated (" + msg + ")");
    throw BadFile(prefix + "cannot be loaded as TorchScript (" + msg + ")");
}

[[noreturn]] void throwSignature(const std::string& path, const std::string& what) {
    throw BadFile("model " + path + ": " + what + "; expected " + kTorchScriptSignature +
                  " (q, k pre-rotation, [layers, heads, tokens, head_dim]; frames float32 RGB in [0, 1])");
}

std::string describe(const c10::IValue& v) {
    if (v.isTensor()) {
        const at::Tensor& t = v.toTensor();
        std::string s = "Tensor" + std::string(c10::toString(t.scalar_type())) + "[";
        for (int64_t i = 0; i < t.dim(); ++i) {
            if (i) s += ',';
            s += std::to_string(t.size(i));
        }
        return s + "]";
    }
    if (v.isTuple()) {
        std::string s = "Tuple[";
        const auto& el = v.toTupleRef().elements();
        for (size_t i = 0; i < el.size(); ++i) {
            if (i) s += ", ";
            s += describe(el[i]);
        }
        return s + "]";
    }
    return v.tagKind();
}

/// grid as a Tensor of 3 integers, or a tuple/list of 3 ints.
std::vector<int64_t> gridOf(const c10::IValue& v) {
    std::vector<int64_t> g;
    if (v.isTensor()) {
        const at::Tensor t = v.toTensor().flatten();
        if (t.numel() != 3) return {};
        if (at::isFloatingType(t.scalar_type()) && !at::equal(t, t.round())) return {};
        const at::Tensor i64 = t.to(at::kLong).contiguous();
        g.assign(i64.data_ptr<int64_t>(), i64.data_ptr<int64_t>() + 3);
    } else if (v.isTuple()) {
        for (const auto& e : v.toTupleRef().elements())
            if (e.isInt()) g.push_back(e.toInt());
    } else if (v.isIntList()) {
        g = v.toIntVector();
    }
    return g.size() == 3 ? g : std::vector<int64_t>{};
}

void copyTensor(const at::Tensor& t, QkTensor& out) {
    out.layers = t.size(0);
    out.heads = t.size(1);
    out.tokens = t.size(2);
    out.headDim = t.size(3);
    const at::Tensor f = t.to(at::kFloat).contiguous();
    out.data.assign(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
}

class TorchScriptModel final : public QkModel {
public:
    TorchScriptModel(std::string path, torch::jit::Module module) : m_path(std::move(path)), m_module(std::move(module)) {}

    std::string name() const override { return "TorchScript " + std::filesystem::path(m_path).filename().string(); }
    int pixelsPerToken() const override { return 28; }

    QkCapture run(const Frames& frames, const Progress& progress) override {
        if (frames.count < 1 || frames.rgb.size() != frames.frameBytes() * static_cast<size_t>(frames.count))
            throw InvalidParameter("frames", std::to_string(frames.count), "must be at least one RGB frame");
        if (progress && !progress(0.0)) throw Cancelled("model run cancelled");
        const int64_t T = frames.count;
        c10::IValue result;
        try {
            c10::InferenceMode inference;
            const at::Tensor input = at::from_blob(const_cast<uint8_t*>(frames.rgb.data()), {T, frames.height, frames.width, 3}, at::kByte)
                                         .permute({0, 3, 1, 2})
                                         .to(at::kFloat)
                                         .div_(255.0)
                                         .contiguous();
            result = m_module.forward({input});
        } catch (const std::exception& e) {
            throw BadFile("model " + m_path + ": forward failed on frames Tensor[" + std::to_string(T) + ",3," +
                          std::to_string(frames.height) + "," + std::to_string(frames.width) + "] (" + messageOf(e) +
                          "); expected " + kTorchScriptSignature);
        }
        if (progress && !progress(0.8)) throw Cancelled("model run cancelled");

        if (!result.isTuple() || result.toTupleRef().elements().size() != 3)
            throwSignature(m_path, "forward returned " + describe(result));
        const auto& el = result.toTupleRef().elements();
        if (!el[0].isTensor() || !el[1].isTensor()) throwSignature(m_path, "forward returned " + describe(result));
        const at::Tensor q = el[0].toTensor(), k = el[1].toTensor();
        if (q.dim() != 4 || k.dim() != 4 || q.sizes() != k.sizes() || !at::isFloatingType(q.scalar_type()) ||
            !at::isFloatingType(k.scalar_type()) || q.numel() == 0)
            throwSignature(m_path, "forward returned q and k as " + describe(el[0]) + " and " + describe(el[1]) +
                                       " (both must be floating point, 4-D, non-empty and of equal shape)");
        const std::vector<int64_t> grid = gridOf(el[2]);
        if (grid.empty()) throwSignature(m_path, "forward returned grid as " + describe(el[2]) + " (must be 3 integers T, H, W)");
        int64_t th = 0, thw = 0;  // the product in 64 bits with overflow checks (a model can return anything)
        if (grid[0] < 1 || grid[1] < 1 || grid[2] < 1 || __builtin_mul_overflow(grid[0], grid[1], &th) ||
            __builtin_mul_overflow(th, grid[2], &thw) || thw != q.size(2))
            throwSignature(m_path, "forward returned grid (" + std::to_string(grid[0]) + ", " + std::to_string(grid[1]) + ", " +
                                       std::to_string(grid[2]) + ") but q has " + std::to_string(q.size(2)) +
                                       " tokens (T·H·W must equal N)");
        if (!at::isfinite(q).all().item<bool>() || !at::isfinite(k).all().item<bool>())
            throw BadFile("model " + m_path + ": forward returned q or k with NaN or infinite values");

        QkCapture out;
        copyTensor(q, out.q);
        copyTensor(k, out.k);
        out.frames = grid[0];
        out.rows = grid[1];
        out.cols = grid[2];
        // Frame times: one per temporal token when the model groups frames evenly (Qwen2-VL: 2).
        if (T % grid[0] == 0 && static_cast<int64_t>(frames.timestamps.size()) == T)
            for (int64_t t = 0; t < grid[0]; ++t) out.frameTimes.push_back(frames.timestamps[static_cast<size_t>(t * (T / grid[0]))]);
        out.sourceModel = name();
        if (progress) progress(1.0);
        return out;
    }

private:
    std::string m_path;
    torch::jit::Module m_module;
};

/// The pickles LibTorch would unpickle recursively, scanned first (model/PickleScan.h). An archive
/// the stream reader cannot open is left to torch::jit::load, which reports it.
void refuseDeepPickles(const std::string& path) {
    std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader;
    try {
        reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
    } catch (const std::exception&) {
        return;
    }
    for (const char* record : {"data.pkl", "constants.pkl"}) {
        try {
            if (!reader->hasRecord(record)) continue;
            auto [data, size] = reader->getRecord(record);
            const PickleScan scan = scanPickleNesting({static_cast<const uint8_t*>(data.get()), size});
            if (scan.maxDepth > kMaxPickleNesting)
                throw BadFile("model " + path + ": its " + record + " nests values more than " + std::to_string(kMaxPickleNesting) +
                              " levels deep; LibTorch would overflow its stack loading it, so it is refused (not a model "
                              "torch.jit.save writes)");
        } catch (const BadFile&) {
            throw;
        } catch (const std::exception&) {
            return;  // unreadable record: torch::jit::load gives the message
        }
    }
}

}  // namespace

std::unique_ptr<QkModel> loadTorchScriptModel(const std::string& path) {
    if (!std::filesystem::exists(path)) throw BadFile("model " + path + ": no such file");
    if (!std::filesystem::is_regular_file(path))
        throw BadFile("model " + path + ": is not a regular file (a FIFO, device or socket); give a TorchScript file");
    refuseDeepPickles(path);
    torch::jit::Module module;
    try {
        module = torch::jit::load(path, torch::kCPU);
    } catch (const std::exception& e) {
        throwLoadError(path, messageOf(e));
    }
    module.eval();
    const auto forward = module.find_method("forward");
    if (!forward) throwSignature(path, "the module has no forward method");
    const c10::FunctionSchema& schema = forward->function().getSchema();
    const auto& args = schema.arguments();  // args[0] is self
    if (args.size() != 2)
        throwSignature(path, "forward takes " + std::to_string(args.size() - 1) + " inputs (" + c10::toString(schema) + ")");
    if (!args[1].type()->isSubtypeOf(*c10::TensorType::get()))
        throwSignature(path, "forward's input is " + args[1].type()->str() + ", not a Tensor (" + c10::toString(schema) + ")");
    const auto& rets = schema.returns();
    if (rets.size() == 1) {
        const c10::TypePtr& r = rets[0].type();
        const bool tupleOf3 = r->kind() == c10::TypeKind::TupleType && r->containedTypes().size() == 3;
        if (!tupleOf3 && r->kind() != c10::TypeKind::AnyType)
            throwSignature(path, "forward returns " + r->str() + " (" + c10::toString(schema) + ")");
    }
    return std::make_unique<TorchScriptModel>(path, std::move(module));
}

}  // namespace rope
