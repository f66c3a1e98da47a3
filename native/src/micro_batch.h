#pragma once

#include "trainer_session.h"

#include "ggml.h"
#include "llama.h"

#include <cstddef>
#include <cstdint>
#include <vector>

// Helpers shared by the SFT and DPO micro-batches (trainer_session.cpp, dpo_step.cpp).

// sequences packed into one micro-batch at most (each needs its own seq_id)
constexpr size_t max_sequences_per_ubatch = 64;

// Owns a llama_batch so early returns and exceptions free it.
struct OwnedBatch {
    explicit OwnedBatch(int32_t n) : batch(llama_batch_init(n, 0, 1)) {}
    ~OwnedBatch() { llama_batch_free(batch); }
    OwnedBatch(const OwnedBatch &) = delete;
    OwnedBatch & operator=(const OwnedBatch &) = delete;
    llama_batch batch;
};

// Fills `owned` with a group of sequences, each its own seq_id with positions from 0 (they never attend to each
// other). Logits are requested at row i exactly when token i+1 of the same sequence is a target, so the LM head
// runs only where a loss is taken and output row r predicts the r-th target of the group, in order.
// Returns the number of output rows.
int32_t fill_batch(OwnedBatch & owned, const std::vector<const Sequence *> & group);
int32_t fill_batch(OwnedBatch & owned, const Sequence & sequence);

int32_t group_tokens(const std::vector<const Sequence *> & group);

// The target tokens of a sequence in order: tokens[i] for i >= 1 with mask[i] set.
std::vector<llama_token> targets_of(const Sequence & sequence);

// One-hot rows [n_vocab, targets] of the group's targets, in output-row order.
std::vector<float> one_hot_targets(const std::vector<const Sequence *> & group, int64_t n_vocab);

// A no_alloc ggml context with room for the loss and backward tensors of a graph of `graph_size` nodes.
class ScratchGraphContext {
  public:
    explicit ScratchGraphContext(size_t graph_size);
    ~ScratchGraphContext();
    ScratchGraphContext(const ScratchGraphContext &) = delete;
    ScratchGraphContext & operator=(const ScratchGraphContext &) = delete;
    ggml_context * ctx;
};
