// The weighted-token loss L = Σ_t w_t·(−log π(token_t)) over every target token of a batch, for policy-gradient
// updates (GRPO, electron/engine/rl) whose per-token weights the caller computes, of any sign.
//
// Why not ggml_cross_entropy_loss with labels scaled by w: its backward (CROSS_ENTROPY_LOSS_BACK) returns
// softmax − labels, which is the gradient only when each label row sums to 1; a row w·onehot needs w·softmax − w·onehot.
// So the log-prob of each target is built from ops whose backward is exact for any weights:
//     p_t = Σ_v softmax(z_t)_v · onehot_t,v      (SOFT_MAX, MUL, SUM_ROWS)
//     L   = −Σ_t w_t · log p_t                    (LOG, MUL by the constant weights, SUM)
// dL/dz_t = w_t·(softmax(z_t) − onehot_t), exactly. log p_t is finite while p_t > ~1e-38 (log-prob > −87); a
// target the policy gives less than that (never a token it sampled) is refused rather than trained on NaN.
#include "micro_batch.h"
#include "micro_batch_graph.h"
#include "trainer_error.h"
#include "trainer_session.h"

#include <cmath>
#include <string>

namespace {

// Below this per-token log-prob the float softmax underflows to 0 and log p_t is −inf.
constexpr float lowest_log_prob = -87.0f;

} // namespace

double TrainerSession::run_weighted_micro_batch(const std::vector<const WeightedSequence *> & group, uint64_t dropout_stream) {
    std::vector<const Sequence *> sequences;
    std::vector<float> weights;
    for (const WeightedSequence * item : group) {
        sequences.push_back(&item->sequence);
        weights.insert(weights.end(), item->weights.begin(), item->weights.end());
    }
    MicroBatchGraph graph(ctx, sequences, options.lora_dropout, dropout_seed(dropout_stream));
    GGML_ASSERT((int32_t) weights.size() == graph.n_outputs); // output rows are the group's targets in order
    ggml_context * g = graph.scratch.ctx;

    ggml_tensor * weight_row = ggml_new_tensor_2d(g, GGML_TYPE_F32, 1, graph.n_outputs);
    ggml_set_input(weight_row);
    ggml_set_name(weight_row, "token_weights");

    ggml_tensor * probs = ggml_soft_max(g, graph.logits);                         // [n_vocab, n_outputs]
    ggml_tensor * target_prob = ggml_sum_rows(g, ggml_mul(g, probs, graph.labels)); // [1, n_outputs]
    ggml_tensor * log_prob = ggml_log(g, target_prob);
    ggml_set_output(log_prob);
    ggml_tensor * loss = ggml_scale(g, ggml_sum(g, ggml_mul(g, log_prob, weight_row)), -1.0f);

    compute_with_backward(graph, loss, [&]() {
        ggml_backend_tensor_set(weight_row, weights.data(), 0, weights.size() * sizeof(float));
    });

    std::vector<float> log_probs(graph.n_outputs);
    ggml_backend_tensor_get(log_prob, log_probs.data(), 0, log_probs.size() * sizeof(float));
    double sum = 0;
    for (size_t r = 0; r < log_probs.size(); ++r) {
        if (!(log_probs[r] > lowest_log_prob)) {
            throw TrainerError("bad_input", "weighted step: a target token has log-probability " + std::to_string(log_probs[r]) +
                " under the policy, too low to take its gradient in float (target row " + std::to_string(r) + " of a micro-batch)");
        }
        sum += (double) weights[r] * -(double) log_probs[r];
    }
    return sum;
}

void TrainerSession::accumulate_weighted_gradients(const std::vector<WeightedSequence> & batch, const StepProgressFn & progress,
        WeightedOutcome & outcome) {
    std::vector<Sequence> sequences;
    sequences.reserve(batch.size());
    for (const auto & item : batch) {
        sequences.push_back(item.sequence);
    }
    check_batch(sequences, true);
    for (size_t s = 0; s < batch.size(); ++s) {
        const size_t targets = targets_of(batch[s].sequence).size();
        if (batch[s].weights.size() != targets) {
            throw TrainerError("bad_input", "sequence " + std::to_string(s) + " has " + std::to_string(batch[s].weights.size()) +
                " weights for " + std::to_string(targets) + " target tokens");
        }
        for (size_t k = 0; k < targets; ++k) {
            if (!std::isfinite(batch[s].weights[k])) {
                throw TrainerError("bad_input", "sequence " + std::to_string(s) + ": weight " + std::to_string(k) + " is not a finite number");
            }
        }
    }
    ensure_training_graphs();

    // consecutive sequences share a micro-batch while they fit, as in SFT (accumulate_gradients)
    std::vector<std::vector<const WeightedSequence *>> groups;
    int64_t group_size = 0;
    for (const auto & item : batch) {
        outcome.tokens += (int64_t) item.sequence.tokens.size();
        outcome.targets += (int64_t) item.weights.size();
        if (item.weights.empty()) {
            continue; // no target, no loss
        }
        const int64_t tokens = (int64_t) item.sequence.tokens.size();
        const bool fits = !groups.empty() && options.pack_sequences && groups.back().size() < max_sequences_per_ubatch &&
            group_size + tokens <= (int64_t) n_ubatch;
        if (!fits) {
            groups.emplace_back();
            group_size = 0;
        }
        groups.back().push_back(&item);
        group_size += tokens;
    }
    outcome.micro_batches = (int) groups.size();

    optimizer.zero_grads();
    int64_t tokens_done = 0;
    for (size_t k = 0; k < groups.size(); ++k) {
        throw_if_aborted();
        outcome.loss += run_weighted_micro_batch(groups[k], k);
        for (const WeightedSequence * item : groups[k]) {
            tokens_done += (int64_t) item->sequence.tokens.size();
        }
        if (progress) {
            progress((int) k + 1, (int) groups.size(), k + 1 == groups.size() ? outcome.tokens : tokens_done);
        }
    }
}

WeightedOutcome TrainerSession::weighted_step(const std::vector<WeightedSequence> & batch, const OptimizerStepParams & params,
        const StepProgressFn & progress) {
    check_optimizer_params(params);
    WeightedOutcome outcome;
    accumulate_weighted_gradients(batch, progress, outcome);
    apply_update(params, outcome.loss, outcome);
    return outcome;
}

WeightedOutcome TrainerSession::compute_weighted_gradients(const std::vector<WeightedSequence> & batch,
        std::map<std::string, std::vector<float>> * gradients) {
    WeightedOutcome outcome;
    accumulate_weighted_gradients(batch, nullptr, outcome);
    *gradients = read_gradients();
    return outcome;
}
