#pragma once
// A small streaming JSON writer for large numeric arrays (the rotary table of 64k tokens is 16M
// numbers; building a DOM first would triple memory). Numbers use the shortest text that reads back
// to the same double.
#include <ostream>
#include <string>

namespace rope::cli {

class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out) : m_out(out) {}
    void beginObject() { separate(); m_out << '{'; m_first = true; }
    void endObject() { m_out << '}'; m_first = false; }
    void beginArray() { separate(); m_out << '['; m_first = true; }
    void endArray() { m_out << ']'; m_first = false; }
    void key(const std::string& k) { separate(); writeString(k); m_out << ':'; m_first = true; }
    void value(double v);
    void value(long long v) { separate(); m_out << v; }
    void value(bool v) { separate(); m_out << (v ? "true" : "false"); }
    void value(const std::string& s) { separate(); writeString(s); }
    template <typename T>
    void field(const std::string& k, const T& v) { key(k); value(v); }

private:
    void separate() {
        if (!m_first) m_out << ',';
        m_first = false;
    }
    void writeString(const std::string& s);
    std::ostream& m_out;
    bool m_first = true;
};

}  // namespace rope::cli
