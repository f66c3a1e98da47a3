#pragma once

#include "ggml-backend.h"
#include "trainer_error.h"

#include <map>
#include <string>

struct TrainingSupport {
    bool        supported = false;
    std::string reason; // why not, naming the tensor and its type; empty when supported
    ErrorReasonData why; // the same as a reason key and params the UI words (errorReasons.ts); empty when supported
};

struct ModelSupport {
    std::string                architecture;
    std::map<std::string, int> tensor_types; // ggml type name -> tensor count
    TrainingSupport            lora;
    TrainingSupport            full;
};

// Architectures whose graphs use only ops with a backward pass in ggml (RMS_NORM, ROPE, SOFT_MAX, SWIGLU,
// MUL_MAT, GET_ROWS, ...) and the standard KV attention the training patch covers.
bool architecture_is_trainable(const std::string & architecture);

// Reads only GGUF metadata and tensor types. Throws TrainerError("not_found"/"bad_input") for unreadable files.
ModelSupport inspect_model_support(const std::string & path, ggml_backend_dev_t device);
