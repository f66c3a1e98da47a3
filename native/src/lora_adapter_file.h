#pragma once

#include <cstdint>
#include <string>
#include <vector>

// One adapted weight: for a base weight of ggml shape [n_in, n_out], A is [n_in, rank] and B is [rank, n_out]
// (llama.cpp's layout; it adds alpha/rank * B·A·x to W·x).
struct LoraPair {
    std::string        base_name; // e.g. blk.0.attn_q.weight
    int64_t            n_in = 0;
    int64_t            n_out = 0;
    int64_t            rank = 0;
    std::vector<float> a;
    std::vector<float> b;
};

struct LoraAdapterContents {
    std::string           architecture;
    std::string           base_model_name;
    float                 alpha = 0;
    int                   rank = 0;
    int64_t               training_steps = 0;
    std::vector<LoraPair> pairs;
};

// Writes a GGUF LoRA adapter that llama.cpp (and so node-llama-cpp, LM Studio, Ollama) loads, atomically.
void write_lora_adapter(const std::string & path, const LoraAdapterContents & contents);

// A fresh path in the system temp directory for an adapter that only lives during loading.
std::string temporary_adapter_path();
