#pragma once

#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

// The params of a reason, by name: a text (a file, a tensor, a type name) or a count. Never a sentence.
using ReasonParams = std::vector<std::pair<std::string, std::variant<std::string, double>>>;

// Why a call failed, as the UI words it: a key of electron/shared/contract/errorReasons.ts and exactly the params
// that key declares (the JS side checks them with the contract's schema and drops a reason that does not match).
// An empty key: no reason, the UI shows the code's sentence and the English message.
struct ErrorReasonData {
    std::string  key;
    ReasonParams params;
};

// An error meant for the user. `code` is one of the WorkbenchError codes the JS layer maps it to:
// bad_input, unsupported, not_found, cancelled, conflict, internal. The message stays English (the CLI, logs and
// the API read it); `reason` lets the interface say it in its own language.
class TrainerError : public std::runtime_error {
  public:
    TrainerError(std::string code, const std::string & message) : std::runtime_error(message), code(std::move(code)) {}
    TrainerError(std::string code, const std::string & message, std::string reason_key, ReasonParams params)
        : std::runtime_error(message), code(std::move(code)), reason{std::move(reason_key), std::move(params)} {}
    TrainerError(std::string code, const std::string & message, ErrorReasonData reason)
        : std::runtime_error(message), code(std::move(code)), reason(std::move(reason)) {}
    const std::string     code;
    const ErrorReasonData reason;
};

// What an async call keeps of a failure until it settles on the JS thread.
struct TrainerFailure {
    std::string     code = "internal";
    ErrorReasonData reason;
};

// The failure the exception being handled stands for: a TrainerError's code and reason; running out of memory
// (std::bad_alloc) is 'out_of_memory' on the host; anything else is internal without a reason. Call it only
// inside a catch block.
inline TrainerFailure current_failure() {
    try {
        throw;
    } catch (const TrainerError & e) {
        return {e.code, e.reason};
    } catch (const std::bad_alloc &) {
        return {"internal", {"out_of_memory", {{"device", std::string("CPU")}}}};
    } catch (...) {
        return {};
    }
}
