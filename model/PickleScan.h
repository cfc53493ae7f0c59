#pragma once
// A pre-check of the pickles inside a TorchScript archive (archive/data.pkl, constants.pkl) before
// LibTorch unpickles them: LibTorch handles deeply nested values recursively, so a 200 KB pickle
// nested 200,000 deep overflows its stack and kills the process (issue 13 item 3). This walks the
// pickle's opcodes once, simulating only how deep each value on the pickle stack is nested, and
// reports the deepest value — linear time, no recursion, nothing built.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace rope {

/// Nesting allowed in a TorchScript pickle; real models nest a few dozen levels.
inline constexpr int64_t kMaxPickleNesting = 5000;

struct PickleScan {
    int64_t maxDepth = 0;     ///< deepest container nesting seen (scalars 0, an empty list 1, …)
    bool stoppedEarly = false;  ///< an opcode this scan does not know, or a malformed stream: LibTorch decides
};

/// Scans `bytes` until STOP, the end, an unknown opcode, or a value nested deeper than `limit`
/// (then maxDepth = limit + 1 and the scan stops).
PickleScan scanPickleNesting(std::span<const uint8_t> bytes, int64_t limit = kMaxPickleNesting);

}  // namespace rope
