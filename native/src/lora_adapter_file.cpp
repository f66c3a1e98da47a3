#include "lora_adapter_file.h"

#include "gguf_file.h"

#include <atomic>
#include <chrono>
#include <filesystem>

void write_lora_adapter(const std::string & path, const LoraAdapterContents & contents) {
    std::vector<GgufTensorToWrite> tensors;
    tensors.reserve(contents.pairs.size() * 2);
    for (const auto & pair : contents.pairs) {
        tensors.push_back({pair.base_name + ".lora_a", GGML_TYPE_F32, {pair.n_in, pair.rank}, pair.a.data()});
        tensors.push_back({pair.base_name + ".lora_b", GGML_TYPE_F32, {pair.rank, pair.n_out}, pair.b.data()});
    }
    write_gguf_file(path, [&](gguf_context * gguf) {
        gguf_set_val_str(gguf, "general.architecture", contents.architecture.c_str());
        gguf_set_val_str(gguf, "general.type", "adapter");
        gguf_set_val_str(gguf, "general.name", ("LLM Workbench LoRA r" + std::to_string(contents.rank)).c_str());
        gguf_set_val_str(gguf, "adapter.type", "lora");
        gguf_set_val_f32(gguf, "adapter.lora.alpha", contents.alpha);
        if (!contents.base_model_name.empty()) {
            gguf_set_val_str(gguf, "workbench.base_model.name", contents.base_model_name.c_str());
        }
        gguf_set_val_u32(gguf, "workbench.lora.rank", (uint32_t) contents.rank);
        gguf_set_val_u64(gguf, "workbench.training.steps", (uint64_t) contents.training_steps);
    }, tensors);
}

std::string temporary_adapter_path() {
    static std::atomic<uint64_t> counter{0};
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    const std::string name = "workbench-lora-init-" + std::to_string(now) + "-" + std::to_string(counter++) + ".gguf";
    return (std::filesystem::temp_directory_path() / name).string();
}
