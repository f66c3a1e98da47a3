#include "lora_dropout.h"

// internal llama.cpp header: train_set_lora_dropout is added by native/patches/0004
#include "llama-context.h"

namespace {

uint64_t mix(uint64_t z) {
    // SplitMix64's step and finalizer
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

uint64_t lora_dropout_seed(uint64_t session_seed, int64_t step, uint64_t stream) {
    return mix(mix(mix(session_seed) ^ (uint64_t) step) ^ stream);
}

LoraDropoutScope::LoraDropoutScope(llama_context * context, float p, uint64_t seed) : ctx(p > 0.0f ? context : nullptr) {
    if (ctx) {
        ctx->train_set_lora_dropout(p, seed);
    }
}

LoraDropoutScope::~LoraDropoutScope() {
    if (ctx) {
        ctx->train_set_lora_dropout(0.0f, 0);
    }
}
