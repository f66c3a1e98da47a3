#include "model_transform.h"
#include "trainer_error.h"

#include "llama.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

namespace {

const std::map<std::string, llama_ftype> & quantize_types() {
    static const std::map<std::string, llama_ftype> types = {
        {"F32", LLAMA_FTYPE_ALL_F32},          {"F16", LLAMA_FTYPE_MOSTLY_F16},       {"BF16", LLAMA_FTYPE_MOSTLY_BF16},
        {"Q8_0", LLAMA_FTYPE_MOSTLY_Q8_0},     {"Q6_K", LLAMA_FTYPE_MOSTLY_Q6_K},     {"Q5_K_M", LLAMA_FTYPE_MOSTLY_Q5_K_M},
        {"Q4_K_M", LLAMA_FTYPE_MOSTLY_Q4_K_M}, {"Q4_0", LLAMA_FTYPE_MOSTLY_Q4_0},
    };
    return types;
}

// llama_model_quantize has no progress callback or stop flag, but it logs "[ i/ n] name ..." before each tensor
// through llama's log callback, on the calling thread. While a quantization runs, this hook sits in front of the
// addon's callback: lines from the quantizing thread advance the progress, and once cancel is set the next tensor
// line throws, which unwinds the quantizer (its files and buffers are RAII-owned) into its own catch, so it
// returns an error within one tensor. Lines from other threads, and the quantizer's warnings, go on to the
// previous callback. One quantization at a time (the hook is process-wide).
struct QuantizeHook {
    TransformProgress * progress = nullptr;
    std::thread::id     thread;
    ggml_log_callback   previous = nullptr;
    void *              previous_data = nullptr;
    std::string         errors;
    bool                cancelled = false;
};

struct QuantizeCancelled : std::runtime_error {
    QuantizeCancelled() : std::runtime_error("cancelled") {}
};

void quantize_log_hook(ggml_log_level level, const char * text, void * data) {
    auto * hook = static_cast<QuantizeHook *>(data);
    if (std::this_thread::get_id() == hook->thread) {
        int index = 0;
        int total = 0;
        if (level == GGML_LOG_LEVEL_INFO && std::sscanf(text, "[%d/%d]", &index, &total) == 2) {
            hook->progress->tensors_total = total;
            hook->progress->tensors_done = index - 1;
            if (hook->progress->cancel && !hook->cancelled) {
                hook->cancelled = true;
                throw QuantizeCancelled();
            }
            return;
        }
        if (level == GGML_LOG_LEVEL_ERROR) {
            hook->errors += text; // becomes the job's error message
            return;
        }
        if (level < GGML_LOG_LEVEL_WARN) {
            return; // the per-tensor INFO lines would flood the host's stderr
        }
    }
    if (hook->previous) {
        hook->previous(level, text, hook->previous_data);
    }
}

std::mutex quantize_mutex;

} // namespace

std::string transform_partial_path(const std::string & output) {
    return output + ".partial";
}

QuantizeResult quantize_model_file(const QuantizeRequest & request, TransformProgress & progress) {
    auto type = quantize_types().find(request.type);
    if (type == quantize_types().end()) {
        throw TrainerError("bad_input", "quantize: type " + request.type + " is not offered (Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0, F16, BF16, F32)",
            "field_one_of", {{"field", std::string("type")}, {"values", std::string("Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0, F16, BF16, F32")}});
    }
    std::error_code error;
    if (!std::filesystem::is_regular_file(request.input, error)) {
        throw TrainerError("bad_input", "quantize: " + request.input + " is not a file", "file_not_found", {{"file", request.input}});
    }
    if (std::filesystem::exists(request.output, error) && std::filesystem::equivalent(request.input, request.output, error)) {
        throw TrainerError("bad_input", "quantize: the output " + request.output + " is the input model", "output_is_input", {{"file", request.output}});
    }
    std::lock_guard<std::mutex> lock(quantize_mutex);
    const std::string partial = transform_partial_path(request.output);

    llama_model_quantize_params params = llama_model_quantize_default_params();
    params.ftype = type->second;
    params.nthread = request.threads > 0 ? request.threads : (int) std::thread::hardware_concurrency();
    // Only from F32/F16/BF16: re-quantizing a quantized model compounds the error, llama.cpp refuses it by default.
    params.allow_requantize = false;

    QuantizeHook hook;
    hook.progress = &progress;
    hook.thread = std::this_thread::get_id();
    llama_log_get(&hook.previous, &hook.previous_data);
    llama_log_set(quantize_log_hook, &hook);
    uint32_t status = 1;
    try {
        status = llama_model_quantize(request.input.c_str(), partial.c_str(), &params);
    } catch (const QuantizeCancelled &) {
        status = 1; // thrown again from the quantizer's own error log inside its catch: same outcome
    }
    llama_log_set(hook.previous, hook.previous_data);

    if (status != 0 || progress.cancel) {
        std::filesystem::remove(partial, error);
        if (hook.cancelled || progress.cancel) {
            throw TrainerError("cancelled", "quantize: cancelled", "cancelled", {});
        }
        std::string reason = hook.errors;
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) {
            reason.pop_back();
        }
        const std::string prefix = "llama_model_quantize: failed to quantize: ";
        if (reason.rfind(prefix, 0) == 0) {
            reason = reason.substr(prefix.size());
        }
        // llama.cpp refuses a quantized input ("requantizing from type q8_0 is disabled"): the one failure a user
        // meets with a valid model, so it gets its own reason; the rest keep llama.cpp's words in the message.
        const std::string requantize = "requantizing from type ";
        const size_t from = reason.find(requantize);
        const ErrorReasonData why = from == std::string::npos
            ? ErrorReasonData{"quantize_failed", {{"file", request.input}, {"type", request.type}}}
            : ErrorReasonData{"quantize_requantize", {{"file", request.input}, {"type", request.type},
                {"from", reason.substr(from + requantize.size(), reason.find(' ', from + requantize.size()) - from - requantize.size())}}};
        throw TrainerError("bad_input", "quantize " + request.input + " to " + request.type + ": " + (reason.empty() ? "llama.cpp's quantizer failed" : reason), why);
    }
    std::filesystem::rename(partial, request.output, error);
    if (error) {
        std::filesystem::remove(partial, error);
        throw TrainerError("internal", "quantize: could not write " + request.output + ": " + error.message(), "write_failed", {{"file", request.output}});
    }
    progress.tensors_done = progress.tensors_total.load();
    QuantizeResult result;
    result.tensors = progress.tensors_total;
    return result;
}
