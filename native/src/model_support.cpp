#include "model_support.h"

#include "trainer_error.h"

#include "ggml.h"
#include "gguf.h"

#include <memory>
#include <set>

bool architecture_is_trainable(const std::string & architecture) {
    static const std::set<std::string> trainable = {"llama", "qwen2", "qwen3"};
    return trainable.count(architecture) > 0;
}

// The frozen-weight backward (patch 0001) dequantizes a weight with GET_ROWS; a type whose GET_ROWS the device
// lacks would run that on the CPU every step, copying the weight each time, so it is refused instead.
static bool device_can_dequantize(ggml_backend_dev_t device, ggml_type type) {
    if (type == GGML_TYPE_F32) {
        return true;
    }
    ggml_init_params params = {
        /*.mem_size   =*/ 4 * ggml_tensor_overhead(),
        /*.mem_buffer =*/ nullptr,
        /*.no_alloc   =*/ true,
    };
    std::unique_ptr<ggml_context, decltype(&ggml_free)> ctx(ggml_init(params), ggml_free);
    ggml_tensor * weight = ggml_new_tensor_2d(ctx.get(), type, ggml_blck_size(type) * 2, 4);
    ggml_tensor * rows   = ggml_new_tensor_1d(ctx.get(), GGML_TYPE_I32, 4);
    ggml_tensor * op     = ggml_get_rows(ctx.get(), weight, rows);
    return ggml_backend_dev_supports_op(device, op);
}

ModelSupport inspect_model_support(const std::string & path, ggml_backend_dev_t device) {
    ggml_context * meta = nullptr;
    gguf_init_params params = {
        /*.no_alloc =*/ true,
        /*.ctx      =*/ &meta,
    };
    FILE * probe = std::fopen(path.c_str(), "rb");
    if (!probe) {
        throw TrainerError("not_found", "model file not found or not readable: " + path, "file_not_found", {{"file", path}});
    }
    std::fclose(probe);
    std::unique_ptr<gguf_context, decltype(&gguf_free)> gguf(gguf_init_from_file(path.c_str(), params), gguf_free);
    if (!gguf) {
        throw TrainerError("bad_input", "not a valid GGUF file: " + path, "gguf_unreadable", {{"file", path}});
    }
    std::unique_ptr<ggml_context, decltype(&ggml_free)> tensors(meta, ggml_free);

    ModelSupport result;
    const int64_t arch_key = gguf_find_key(gguf.get(), "general.architecture");
    if (arch_key >= 0 && gguf_get_kv_type(gguf.get(), arch_key) == GGUF_TYPE_STRING) {
        result.architecture = gguf_get_val_str(gguf.get(), arch_key);
    }
    const int64_t type_key = gguf_find_key(gguf.get(), "general.type");
    if (type_key >= 0 && gguf_get_kv_type(gguf.get(), type_key) == GGUF_TYPE_STRING &&
            std::string(gguf_get_val_str(gguf.get(), type_key)) == "adapter") {
        const std::string reason = path + " is a LoRA adapter, not a base model";
        const ErrorReasonData why{"file_is_adapter", {{"file", path}}};
        result.lora = {false, reason, why};
        result.full = {false, reason, why};
        return result;
    }

    std::string lora_problem;
    std::string full_problem;
    ErrorReasonData lora_why;
    ErrorReasonData full_why;
    for (ggml_tensor * t = ggml_get_first_tensor(tensors.get()); t; t = ggml_get_next_tensor(tensors.get(), t)) {
        result.tensor_types[ggml_type_name(t->type)]++;
        const bool matrix = ggml_n_dims(t) >= 2;
        if (!matrix) {
            continue;
        }
        if (lora_problem.empty() && !device_can_dequantize(device, t->type)) {
            lora_problem = std::string("tensor ") + t->name + " is " + ggml_type_name(t->type) + ", which the " +
                ggml_backend_dev_name(device) + " backend cannot dequantize for the backward pass; use an F32, F16, BF16 " +
                "or Q8_0 base";
            lora_why = {"training_tensor_not_dequantizable", {{"model", path}, {"tensor", std::string(t->name)},
                {"type", std::string(ggml_type_name(t->type))}, {"backend", std::string(ggml_backend_dev_name(device))}}};
        }
        if (full_problem.empty() && t->type != GGML_TYPE_F32) {
            full_problem = std::string("tensor ") + t->name + " is " + ggml_type_name(t->type) +
                ": full-parameter training updates every weight in place and needs an F32 model";
            full_why = {"full_training_needs_f32", {{"model", path}, {"tensor", std::string(t->name)},
                {"type", std::string(ggml_type_name(t->type))}}};
        }
    }

    if (!architecture_is_trainable(result.architecture)) {
        const std::string reason = "architecture '" + result.architecture + "' cannot be trained: only llama, qwen2 and " +
            "qwen3 graphs use ops that all have a backward pass in ggml";
        const ErrorReasonData why{"training_architecture_unsupported",
            {{"model", path}, {"architecture", result.architecture}, {"supported", std::string("llama, qwen2, qwen3")}}};
        result.lora = {false, reason, why};
        result.full = {false, reason, why};
        return result;
    }
    result.lora = {lora_problem.empty(), lora_problem, lora_why};
    result.full = {full_problem.empty(), full_problem, full_why};
    return result;
}
