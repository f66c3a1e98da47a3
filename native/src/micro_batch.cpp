#include "micro_batch.h"

int32_t fill_batch(OwnedBatch & owned, const std::vector<const Sequence *> & group) {
    int32_t row = 0;
    int32_t outputs = 0;
    for (size_t s = 0; s < group.size(); ++s) {
        const Sequence & sequence = *group[s];
        const int32_t n = (int32_t) sequence.tokens.size();
        for (int32_t i = 0; i < n; ++i, ++row) {
            owned.batch.token[row] = sequence.tokens[i];
            owned.batch.pos[row] = i;
            owned.batch.n_seq_id[row] = 1;
            owned.batch.seq_id[row][0] = (llama_seq_id) s;
            const bool predicts_target = i + 1 < n && sequence.mask[i + 1] != 0;
            owned.batch.logits[row] = predicts_target;
            outputs += predicts_target;
        }
    }
    owned.batch.n_tokens = row;
    return outputs;
}

int32_t fill_batch(OwnedBatch & owned, const Sequence & sequence) {
    return fill_batch(owned, std::vector<const Sequence *>{&sequence});
}

int32_t group_tokens(const std::vector<const Sequence *> & group) {
    int32_t n = 0;
    for (const Sequence * s : group) {
        n += (int32_t) s->tokens.size();
    }
    return n;
}

std::vector<llama_token> targets_of(const Sequence & sequence) {
    std::vector<llama_token> targets;
    for (size_t i = 1; i < sequence.tokens.size(); ++i) {
        if (sequence.mask[i]) {
            targets.push_back(sequence.tokens[i]);
        }
    }
    return targets;
}

std::vector<float> one_hot_targets(const std::vector<const Sequence *> & group, int64_t n_vocab) {
    std::vector<llama_token> targets;
    for (const Sequence * sequence : group) {
        const std::vector<llama_token> own = targets_of(*sequence);
        targets.insert(targets.end(), own.begin(), own.end());
    }
    std::vector<float> one_hot((size_t) n_vocab * targets.size(), 0.0f);
    for (size_t r = 0; r < targets.size(); ++r) {
        one_hot[r * n_vocab + targets[r]] = 1.0f;
    }
    return one_hot;
}

ScratchGraphContext::ScratchGraphContext(size_t graph_size) {
    ggml_init_params params = {
        /*.mem_size   =*/ 4 * graph_size * ggml_tensor_overhead() + 2 * ggml_graph_overhead_custom(graph_size, true),
        /*.mem_buffer =*/ nullptr,
        /*.no_alloc   =*/ true,
    };
    ctx = ggml_init(params);
}

ScratchGraphContext::~ScratchGraphContext() {
    ggml_free(ctx);
}
