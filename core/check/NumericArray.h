#pragma once
// An n-dimensional array of numbers read from a user's file (.npy or JSON, formats/NumericFile.h):
// its shape, its values in C (row-major) order as doubles, and what it was stored as. Every value
// is finite (the readers refuse NaN and infinity).
#include <cstdint>
#include <string>
#include <vector>

namespace rope {

struct NumericArray {
    std::vector<int64_t> shape;  ///< outermost first
    std::vector<double> values;  ///< product(shape) values, row-major
    std::string dtype;           ///< "int64", "float32", … or "json"
    std::string source;          ///< the file, for messages
    /// "[3, 1, 17]"
    std::string shapeText() const {
        std::string s = "[";
        for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
        return s + "]";
    }
};

}  // namespace rope
