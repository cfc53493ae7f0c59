#pragma once
// Errors the user can cause. Every message names the input, the value given and the rule,
// so the CLI can print it on one line and the GUI can show it in a dialog unchanged.
#include <stdexcept>
#include <string>

namespace rope {

/// A parameter (or part of one) broke a rule: "delta must be > 0 (got -1)".
class InvalidParameter : public std::invalid_argument {
public:
    InvalidParameter(std::string name, std::string value, std::string rule)
        : std::invalid_argument(name + " " + rule + " (got " + quoteIfEmpty(value) + ")"),
          m_name(std::move(name)), m_value(std::move(value)), m_rule(std::move(rule)) {}
    const std::string& name() const { return m_name; }
    const std::string& value() const { return m_value; }
    const std::string& rule() const { return m_rule; }

private:
    static std::string quoteIfEmpty(const std::string& v) { return v.empty() ? "\"\"" : v; }
    std::string m_name, m_value, m_rule;
};

/// The work asked for would need more memory than the budget allows.
class TooLarge : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A file (study, capture, ...) could not be read or understood.
class BadFile : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A long job was stopped through its Progress callback (core/Progress.h) or a cancel flag.
class Cancelled : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace rope
