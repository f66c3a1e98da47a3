#pragma once

// Model transforms that write a new GGUF model next to the user's: quantizing with llama.cpp's own quantizer
// (model_transform_quantize.cpp) and baking a LoRA adapter into its base (model_transform_merge.cpp, what
// llama.cpp's tools/export-lora does). Both run on a worker thread, report progress by tensors and stop at the next
// tensor when cancelled, removing the partial output. The N-API side is model_transform_addon.cpp.
#include <atomic>
#include <cstdint>
#include <string>

struct TransformProgress {
    std::atomic<int64_t> tensors_done{0};
    std::atomic<int64_t> tensors_total{0};
    std::atomic<bool>    cancel{false};
};

struct QuantizeRequest {
    std::string input;
    std::string output;
    std::string type; // Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0, F16, BF16, F32
    int         threads = 0; // 0: every core
};

struct QuantizeResult {
    int64_t tensors = 0;
};

struct MergeRequest {
    std::string base;
    std::string adapter;
    std::string output;
    float       scale = 1.0f;
    int         threads = 0;
};

struct MergeResult {
    int64_t     tensors = 0;
    int64_t     merged_tensors = 0;
    std::string architecture;
    // Merged tensors of a quantized base are written as F16 (export-lora does the same); false for F32/F16/BF16 bases.
    bool        dequantized = false;
};

// Both throw TrainerError: bad_input (unreadable file, a type not offered, an adapter for another model),
// cancelled, internal. The output appears only when complete (written to a temporary name, then renamed).
QuantizeResult quantize_model_file(const QuantizeRequest & request, TransformProgress & progress);
MergeResult merge_lora_into_model(const MergeRequest & request, TransformProgress & progress);

// The temporary name a transform writes before renaming it over `output`.
std::string transform_partial_path(const std::string & output);
