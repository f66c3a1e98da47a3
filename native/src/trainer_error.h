#pragma once

#include <stdexcept>
#include <string>

// An error meant for the user. `code` is one of the WorkbenchError codes the JS layer maps it to:
// bad_input, unsupported, not_found, cancelled, conflict, internal.
class TrainerError : public std::runtime_error {
  public:
    TrainerError(std::string code, const std::string & message) : std::runtime_error(message), code(std::move(code)) {}
    const std::string code;
};
