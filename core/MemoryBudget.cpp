#include "MemoryBudget.h"

#include <cmath>

#include "Errors.h"

namespace rope {

void requireMemory(double bytes, double budgetMiB, const std::string& what) {
    const double mib = bytes / (1024.0 * 1024.0);
    if (mib <= budgetMiB) return;
    throw TooLarge(what + " needs about " + std::to_string(static_cast<long long>(std::ceil(mib))) +
                   " MiB, over the memory budget of " + std::to_string(static_cast<long long>(budgetMiB)) +
                   " MiB; use a smaller grid or raise memory_budget_mib");
}

double positionsBytes(int64_t tokens) { return 3.0 * 8.0 * static_cast<double>(tokens); }

double rotaryBytes(int64_t tokens, int headDim) { return 2.0 * 8.0 * static_cast<double>(tokens) * (headDim / 2); }

}  // namespace rope
