#include "model/PickleScan.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace rope {
namespace {

uint64_t littleEndian(const uint8_t* p, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

/// Bytes of argument after opcode `op` at bytes[pos] (pos = first argument byte), or -1 when the
/// opcode is unknown or its argument runs past the end.
int64_t argumentBytes(uint8_t op, std::span<const uint8_t> b, size_t pos) {
    auto fixed = [&](size_t n) -> int64_t { return pos + n <= b.size() ? static_cast<int64_t>(n) : -1; };
    auto counted = [&](int lenBytes) -> int64_t {  // a little-endian length, then that many bytes
        if (pos + static_cast<size_t>(lenBytes) > b.size()) return -1;
        const uint64_t n = littleEndian(b.data() + pos, lenBytes);
        if (n > b.size() - pos - static_cast<size_t>(lenBytes)) return -1;
        return lenBytes + static_cast<int64_t>(n);
    };
    auto lines = [&](int count) -> int64_t {  // newline-terminated text arguments
        size_t p = pos;
        for (int i = 0; i < count; ++i) {
            while (p < b.size() && b[p] != '\n') ++p;
            if (p >= b.size()) return -1;
            ++p;
        }
        return static_cast<int64_t>(p - pos);
    };
    switch (op) {
        case '(': case '.': case '0': case '1': case '2': case 'N': case 0x88: case 0x89: case ')': case ']': case '}':
        case 0x8f: case 'a': case 'e': case 's': case 'u': case 't': case 0x85: case 0x86: case 0x87: case 'l': case 'd':
        case 'b': case 'R': case 0x81: case 0x92: case 0x90: case 0x91: case 0x93: case 0x94: case 'Q': case 0x97: case 0x98:
            return 0;
        case 'K': case 'h': case 'q': case 0x80: case 0x82: return fixed(1);
        case 'M': case 0x83: return fixed(2);
        case 'J': case 'j': case 'r': case 0x84: return fixed(4);
        case 'G': case 0x95: return fixed(8);
        case 'U': case 0x8c: case 'C': case 0x8a: return counted(1);
        case 'T': case 'X': case 'B': case 0x8b: return counted(4);
        case 0x8d: case 0x8e: case 0x96: return counted(8);
        case 'I': case 'L': case 'F': case 'S': case 'V': case 'P': case 'p': case 'g': return lines(1);
        case 'c': case 'i': return lines(2);
        default: return -1;
    }
}

}  // namespace

PickleScan scanPickleNesting(std::span<const uint8_t> b, int64_t limit) {
    PickleScan scan;
    std::vector<int64_t> stack;  // nesting depth of each value on the pickle stack
    std::vector<size_t> marks;
    std::unordered_map<uint64_t, int64_t> memo;
    auto stop = [&] {
        scan.stoppedEarly = true;
        return scan;
    };
    auto popToMark = [&](int64_t& deepest) -> bool {  // the values above the last mark, removed
        if (marks.empty() || marks.back() > stack.size()) return false;
        deepest = -1;
        for (size_t i = marks.back(); i < stack.size(); ++i) deepest = std::max(deepest, stack[i]);
        stack.resize(marks.back());
        marks.pop_back();
        return true;
    };
    auto push = [&](int64_t depth) {
        stack.push_back(depth);
        scan.maxDepth = std::max(scan.maxDepth, depth);
    };
    constexpr size_t kMaxStack = size_t(1) << 22;
    size_t pos = 0;
    while (pos < b.size()) {
        const uint8_t op = b[pos++];
        const int64_t arg = argumentBytes(op, b, pos);
        if (arg < 0) return stop();
        const uint8_t* a = b.data() + pos;
        pos += static_cast<size_t>(arg);
        int64_t deepest = 0;
        switch (op) {
            case '.': return scan;
            case '(': marks.push_back(stack.size()); break;
            case ')': case ']': case '}': case 0x8f: push(1); break;
            case '0': if (stack.empty()) return stop(); stack.pop_back(); break;
            case '1': if (!popToMark(deepest)) return stop(); break;
            case '2': if (stack.empty()) return stop(); push(stack.back()); break;
            case 't': case 'l': case 'd': case 0x91: case 'i':  // a container of the values since the mark
                if (!popToMark(deepest)) return stop();
                push(deepest + 1 < 1 ? 1 : deepest + 1);
                break;
            case 0x85: case 0x86: case 0x87: {  // TUPLE1..3
                const size_t k = op - 0x84u;
                if (stack.size() < k) return stop();
                deepest = *std::max_element(stack.end() - static_cast<std::ptrdiff_t>(k), stack.end());
                stack.resize(stack.size() - k);
                push(deepest + 1);
                break;
            }
            case 'a': case 'b': {  // APPEND item to list, BUILD object from state
                if (stack.size() < 2) return stop();
                const int64_t item = stack.back();
                stack.pop_back();
                stack.back() = std::max(stack.back(), item + 1);
                scan.maxDepth = std::max(scan.maxDepth, stack.back());
                break;
            }
            case 's': {
                if (stack.size() < 3) return stop();
                const int64_t item = std::max(stack[stack.size() - 1], stack[stack.size() - 2]);
                stack.resize(stack.size() - 2);
                stack.back() = std::max(stack.back(), item + 1);
                scan.maxDepth = std::max(scan.maxDepth, stack.back());
                break;
            }
            case 'e': case 'u': case 0x90:  // APPENDS, SETITEMS, ADDITEMS: into the value below the mark
                if (!popToMark(deepest) || stack.empty()) return stop();
                stack.back() = std::max(stack.back(), deepest + 1);
                scan.maxDepth = std::max(scan.maxDepth, stack.back());
                break;
            case 'R': case 0x81: case 0x92: {  // REDUCE, NEWOBJ (2 operands), NEWOBJ_EX (3)
                const size_t k = op == 0x92 ? 3 : 2;
                if (stack.size() < k) return stop();
                deepest = *std::max_element(stack.end() - static_cast<std::ptrdiff_t>(k), stack.end());
                stack.resize(stack.size() - k);
                push(deepest + 1);
                break;
            }
            case 0x93: if (stack.size() < 2) return stop(); stack.pop_back(); stack.back() = 0; break;  // STACK_GLOBAL
            case 'Q': if (stack.empty()) return stop(); stack.back() = 0; break;                        // BINPERSID
            case 'q': case 'r': case 'p': case 0x94:  // PUT / MEMOIZE: remember the top's depth
                if (stack.empty()) return stop();
                memo[op == 0x94 ? memo.size() : op == 'q' ? a[0] : op == 'r' ? littleEndian(a, 4) : uint64_t(pos)] = stack.back();
                break;
            case 'h': push(memo.count(a[0]) ? memo[a[0]] : 0); break;
            case 'j': push(memo.count(littleEndian(a, 4)) ? memo[littleEndian(a, 4)] : 0); break;
            case 0x80: case 0x95: case 0x98: break;  // PROTO, FRAME, READONLY_BUFFER
            default: push(0); break;                 // every other opcode pushes one scalar
        }
        if (scan.maxDepth > limit) {
            scan.maxDepth = limit + 1;
            return scan;
        }
        if (stack.size() > kMaxStack) return stop();
    }
    return scan;
}

}  // namespace rope
