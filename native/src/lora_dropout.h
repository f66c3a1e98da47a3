#pragma once

// LoRA dropout (native/patches/0004): the training graphs multiply each LoRA branch's input by a mask drawn from a
// seed. The seed of a micro-batch is a pure function of the session seed, the optimizer step and the micro-batch's
// place in the step, so a run is reproducible and a resumed checkpoint (which restores the step) draws the very
// masks the uninterrupted run would have, with no generator state to save.
#include <cstdint>

struct llama_context;

uint64_t lora_dropout_seed(uint64_t session_seed, int64_t step, uint64_t stream);

// Turns dropout on for the training graphs built while it lives (p = 0: does nothing), off again when it ends, so
// evaluation graphs (log-probs, validation, reference passes) never see a mask.
class LoraDropoutScope {
  public:
    LoraDropoutScope(llama_context * ctx, float p, uint64_t seed);
    ~LoraDropoutScope();
    LoraDropoutScope(const LoraDropoutScope &) = delete;
    LoraDropoutScope & operator=(const LoraDropoutScope &) = delete;

  private:
    llama_context * ctx;
};
