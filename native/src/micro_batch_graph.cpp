#include "micro_batch_graph.h"

#include "lora_dropout.h"
#include "trainer_error.h"

// internal llama.cpp header: the training entry points added by native/patches/0002
#include "llama-context.h"

namespace {

// Member initialisers in declaration order build the graph; these keep each step's checks next to it.

ggml_cgraph * build_training_graph(llama_context * ctx, const llama_batch & batch, ggml_tensor ** logits, float dropout, uint64_t seed) {
    ggml_cgraph * gf = nullptr;
    {
        // the masks are made while the graph is built and filled by train_set_inputs from the seed they captured,
        // so dropout needs to be on only here
        LoraDropoutScope scope(ctx, dropout, seed);
        gf = ctx->train_build_graph(batch, logits);
    }
    if (!gf || !*logits) {
        throw TrainerError("internal", "llama.cpp could not build the training graph (see the log above)");
    }
    return gf;
}

int64_t vocab_of(const ggml_tensor * logits, int32_t n_outputs) {
    GGML_ASSERT(logits->ne[1] == n_outputs);
    return logits->ne[0];
}

ggml_tensor * new_labels(ggml_context * scratch, int64_t n_vocab, int32_t n_outputs) {
    ggml_tensor * labels = ggml_new_tensor_2d(scratch, GGML_TYPE_F32, n_vocab, n_outputs);
    ggml_set_input(labels);
    ggml_set_name(labels, "labels");
    return labels;
}

} // namespace

MicroBatchGraph::MicroBatchGraph(llama_context * ctx, std::vector<const Sequence *> group_in, float dropout, uint64_t dropout_seed)
    : group(std::move(group_in)),
      owned(group_tokens(group)),
      n_outputs(fill_batch(owned, group)),
      forward(build_training_graph(ctx, owned.batch, &logits, dropout, dropout_seed)),
      n_vocab(vocab_of(logits, n_outputs)),
      scratch(ggml_graph_size(forward)),
      labels(new_labels(scratch.ctx, n_vocab, n_outputs)) {}

std::vector<float> MicroBatchGraph::label_values() const {
    return one_hot_targets(group, n_vocab);
}
