#pragma once

#include "micro_batch.h"
#include "trainer_session.h"

#include "ggml.h"
#include "llama.h"

#include <cstdint>
#include <vector>

// The forward half of one training micro-batch. The SFT micro-batch (trainer_session.cpp), the packed DPO micro-batch
// and DPO's weighted single answer (dpo_step.cpp) all start alike: fill a batch with the group, build llama.cpp's
// training graph under the micro-batch's LoRA dropout masks, and open a scratch context with a one-hot `labels`
// input for the loss. They differ only in the loss they then build on `logits`, so that part stays with them and
// TrainerSession::compute_with_backward finishes the graph. Keep it alive until the backward pass has run: it owns
// the batch the graph's inputs are read from.
class MicroBatchGraph {
  public:
    // `dropout_seed`: lora_dropout.h; the masks are made while the graph is built, so dropout is on only for that.
    MicroBatchGraph(llama_context * ctx, std::vector<const Sequence *> group, float dropout, uint64_t dropout_seed);
    MicroBatchGraph(const MicroBatchGraph &) = delete;
    MicroBatchGraph & operator=(const MicroBatchGraph &) = delete;

    // The one-hot rows of the group's targets, the values of `labels`.
    std::vector<float> label_values() const;

    const std::vector<const Sequence *> group;
    OwnedBatch owned;
    const int32_t n_outputs;        // one row per target of the group, in order (fill_batch)
    ggml_tensor * logits = nullptr; // [n_vocab, n_outputs]
    ggml_cgraph * forward;
    const int64_t n_vocab;
    ScratchGraphContext scratch;    // the loss and the backward pass go here
    ggml_tensor * labels;           // [n_vocab, n_outputs]
};
