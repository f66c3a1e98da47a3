// DPO (issue 8) on the micro-batch machinery of trainer_session.cpp. The reference log-probs come from the caller.
//
// Packed path: a pair's chosen and rejected answers are two sequences of one micro-batch (own seq_id, positions
// from 0). Each sequence's summed target log-prob is −n·CE over its own rows of the logits (a view), and
// z = β((logπc − refc) − (logπr − refr)), loss = (1−ε)·softplus(−z) + ε·softplus(z) are ggml ops with a backward
// pass, so ggml differentiates the DPO loss itself.
//
// Separate path (a pair longer than the context, or packSequences off): the pair's log-probs are evaluated first,
// which fixes dloss/dz; then each answer runs its own micro-batch with the loss w·logπ, w = ±β·dloss/dz / pairs.
// The gradient is the same, exactly; it costs one extra forward pass per pair.
#include "micro_batch.h"
#include "micro_batch_graph.h"
#include "trainer_error.h"
#include "trainer_session.h"

#include <cmath>
#include <string>

namespace {

// Every sequence's log-prob reads the logits through a view, and each view's backward adds a full-size copy of
// the logits gradient (ACC); a few pairs per micro-batch keep that copy cost small next to the model's.
constexpr size_t max_pairs_per_ubatch = 8;

double softplus(double x) {
    return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

double sigmoid(double x) {
    return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
}

double pair_z(const PreferencePair & pair, double logp_chosen, double logp_rejected, double beta) {
    return beta * ((logp_chosen - pair.reference_chosen) - (logp_rejected - pair.reference_rejected));
}

double pair_loss(double z, double label_smoothing) {
    return (1 - label_smoothing) * softplus(-z) + label_smoothing * softplus(z);
}

// d pair_loss / dz
double pair_loss_slope(double z, double label_smoothing) {
    return -(1 - label_smoothing) * sigmoid(-z) + label_smoothing * sigmoid(z);
}

int64_t target_count(const Sequence & sequence) {
    return (int64_t) targets_of(sequence).size();
}

} // namespace

void TrainerSession::check_pairs(const std::vector<PreferencePair> & pairs, const DpoSettings & settings) const {
    if (pairs.empty()) {
        throw TrainerError("bad_input", "the DPO batch has no pairs");
    }
    if (!(settings.beta > 0) || !std::isfinite(settings.beta)) {
        throw TrainerError("bad_input", "DPO beta must be a positive number");
    }
    if (!(settings.label_smoothing >= 0 && settings.label_smoothing <= 0.5)) {
        throw TrainerError("bad_input", "DPO labelSmoothing must be between 0 and 0.5");
    }
    for (size_t i = 0; i < pairs.size(); ++i) {
        const PreferencePair & pair = pairs[i];
        const std::string where = "pair " + std::to_string(i);
        try {
            check_batch({pair.chosen, pair.rejected}, false);
        } catch (const TrainerError & e) {
            throw TrainerError(e.code, where + " (sequence 0 is chosen, 1 rejected): " + e.what());
        }
        if (target_count(pair.chosen) == 0 || target_count(pair.rejected) == 0) {
            throw TrainerError("bad_input", where + ": the train mask of the " +
                (target_count(pair.chosen) == 0 ? "chosen" : "rejected") + " answer covers zero tokens; DPO compares the answers' log-probs");
        }
        if (!std::isfinite(pair.reference_chosen) || !std::isfinite(pair.reference_rejected)) {
            throw TrainerError("bad_input", where + ": the reference log-probs must be finite numbers");
        }
    }
}

void TrainerSession::run_dpo_micro_batch(const std::vector<PreferencePair> & pairs, const std::vector<size_t> & group,
        const DpoSettings & settings, DpoOutcome & outcome, uint64_t dropout_stream) {
    std::vector<const Sequence *> sequences;
    for (size_t i : group) {
        sequences.push_back(&pairs[i].chosen);
        sequences.push_back(&pairs[i].rejected);
    }
    // the policy pass trains with LoRA dropout; the reference log-probs come from the caller
    MicroBatchGraph graph(ctx, sequences, options.lora_dropout, dropout_seed(dropout_stream));
    ggml_context * g = graph.scratch.ctx;
    ggml_tensor * logits = graph.logits;
    ggml_tensor * labels = graph.labels;
    const int64_t n_vocab = graph.n_vocab;

    // log-prob of each sequence: −n·(mean cross-entropy over its rows), rows in fill_batch's order
    std::vector<ggml_tensor *> mean_ce(sequences.size());
    std::vector<ggml_tensor *> log_prob(sequences.size());
    int64_t row = 0;
    for (size_t s = 0; s < sequences.size(); ++s) {
        const int64_t n = target_count(*sequences[s]);
        ggml_tensor * rows = ggml_view_2d(g, logits, n_vocab, n, logits->nb[1], row * logits->nb[1]);
        ggml_tensor * row_labels = ggml_view_2d(g, labels, n_vocab, n, labels->nb[1], row * labels->nb[1]);
        mean_ce[s] = ggml_cross_entropy_loss(g, rows, row_labels);
        ggml_set_output(mean_ce[s]);
        log_prob[s] = ggml_scale(g, mean_ce[s], (float) -n);
        row += n;
    }
    GGML_ASSERT(row == graph.n_outputs);

    const float beta = (float) settings.beta;
    const float smoothing = (float) settings.label_smoothing;
    ggml_tensor * total = nullptr;
    for (size_t k = 0; k < group.size(); ++k) {
        const PreferencePair & pair = pairs[group[k]];
        ggml_tensor * margin = ggml_sub(g, log_prob[2 * k], log_prob[2 * k + 1]);
        ggml_tensor * z = ggml_scale_bias(g, margin, beta, (float) (-settings.beta * (pair.reference_chosen - pair.reference_rejected)));
        ggml_tensor * term = ggml_softplus(g, ggml_scale(g, z, -1.0f));
        if (smoothing > 0) {
            term = ggml_add(g, ggml_scale(g, term, 1.0f - smoothing), ggml_scale(g, ggml_softplus(g, z), smoothing));
        }
        total = total ? ggml_add(g, total, term) : term;
    }
    // the mean over every pair of the batch: micro-batches accumulate their shares of it
    ggml_tensor * loss = ggml_scale(g, total, 1.0f / (float) pairs.size());

    compute_with_backward(graph, loss);
    for (size_t k = 0; k < group.size(); ++k) {
        float chosen = 0;
        float rejected = 0;
        ggml_backend_tensor_get(mean_ce[2 * k], &chosen, 0, sizeof(float));
        ggml_backend_tensor_get(mean_ce[2 * k + 1], &rejected, 0, sizeof(float));
        outcome.logp_chosen[group[k]] = -(double) chosen * (double) target_count(pairs[group[k]].chosen);
        outcome.logp_rejected[group[k]] = -(double) rejected * (double) target_count(pairs[group[k]].rejected);
    }
}

void TrainerSession::run_weighted_log_prob(const Sequence & sequence, double weight, uint64_t dropout_stream) {
    // the masks of this answer's forward pass in accumulate_dpo_gradients, so the gradient is that of its loss
    MicroBatchGraph graph(ctx, {&sequence}, options.lora_dropout, dropout_seed(dropout_stream));
    // loss = weight·logπ = weight·(−n·CE)
    ggml_tensor * ce = ggml_cross_entropy_loss(graph.scratch.ctx, graph.logits, graph.labels);
    ggml_tensor * loss = ggml_scale(graph.scratch.ctx, ce, (float) (-weight * graph.n_outputs));
    compute_with_backward(graph, loss);
}

void TrainerSession::accumulate_dpo_gradients(const std::vector<PreferencePair> & pairs, const DpoSettings & settings,
        const StepProgressFn & progress, DpoOutcome & outcome) {
    check_pairs(pairs, settings);
    ensure_training_graphs();
    const size_t n_pairs = pairs.size();
    outcome.logp_chosen.assign(n_pairs, 0.0);
    outcome.logp_rejected.assign(n_pairs, 0.0);

    // consecutive pairs share a micro-batch while they fit; a pair that does not fit the context alone goes the
    // separate way
    std::vector<std::vector<size_t>> packed;
    std::vector<size_t> separate;
    int64_t packed_tokens = 0;
    for (size_t i = 0; i < n_pairs; ++i) {
        const int64_t tokens = (int64_t) (pairs[i].chosen.tokens.size() + pairs[i].rejected.tokens.size());
        outcome.tokens += tokens;
        outcome.targets += target_count(pairs[i].chosen) + target_count(pairs[i].rejected);
        if (!options.pack_sequences || tokens > (int64_t) n_ubatch) {
            separate.push_back(i);
            continue;
        }
        const bool fits = !packed.empty() && packed.back().size() < max_pairs_per_ubatch && packed_tokens + tokens <= (int64_t) n_ubatch;
        if (!fits) {
            packed.emplace_back();
            packed_tokens = 0;
        }
        packed.back().push_back(i);
        packed_tokens += tokens;
    }
    const int micro_batches = (int) (packed.size() + 2 * separate.size());
    outcome.micro_batches = micro_batches;

    // LoRA dropout streams: packed micro-batch k uses stream k; separate pair j's chosen and rejected answers use
    // packed.size() + 2j and + 2j + 1, in both their forward pass here and their gradient pass below
    const auto separate_stream = [&](size_t j, bool rejected) { return (uint64_t) (packed.size() + 2 * j + (rejected ? 1 : 0)); };
    optimizer.zero_grads();
    if (!separate.empty()) {
        std::vector<Sequence> answers;
        std::vector<uint64_t> streams;
        for (size_t j = 0; j < separate.size(); ++j) {
            answers.push_back(pairs[separate[j]].chosen);
            answers.push_back(pairs[separate[j]].rejected);
            streams.push_back(separate_stream(j, false));
            streams.push_back(separate_stream(j, true));
        }
        const std::vector<SequenceLogProbs> evaluated = log_probs_impl(answers, true, false, &streams);
        for (size_t j = 0; j < separate.size(); ++j) {
            outcome.logp_chosen[separate[j]] = evaluated[2 * j].log_prob;
            outcome.logp_rejected[separate[j]] = evaluated[2 * j + 1].log_prob;
        }
    }

    int done = 0;
    int64_t tokens_done = 0;
    const auto report = [&](int64_t tokens) {
        done++;
        tokens_done += tokens;
        if (progress) {
            progress(done, micro_batches, done == micro_batches ? outcome.tokens : tokens_done);
        }
    };
    for (size_t k = 0; k < packed.size(); ++k) {
        const auto & group = packed[k];
        throw_if_aborted();
        run_dpo_micro_batch(pairs, group, settings, outcome, k);
        int64_t tokens = 0;
        for (size_t i : group) {
            tokens += (int64_t) (pairs[i].chosen.tokens.size() + pairs[i].rejected.tokens.size());
        }
        report(tokens);
    }
    for (size_t j = 0; j < separate.size(); ++j) {
        const size_t i = separate[j];
        const PreferencePair & pair = pairs[i];
        const double z = pair_z(pair, outcome.logp_chosen[i], outcome.logp_rejected[i], settings.beta);
        const double weight = settings.beta * pair_loss_slope(z, settings.label_smoothing) / (double) n_pairs;
        throw_if_aborted();
        run_weighted_log_prob(pair.chosen, weight, separate_stream(j, false));
        report((int64_t) pair.chosen.tokens.size());
        throw_if_aborted();
        run_weighted_log_prob(pair.rejected, -weight, separate_stream(j, true));
        report((int64_t) pair.rejected.tokens.size());
    }

    double loss_sum = 0;
    for (size_t i = 0; i < n_pairs; ++i) {
        loss_sum += pair_loss(pair_z(pairs[i], outcome.logp_chosen[i], outcome.logp_rejected[i], settings.beta), settings.label_smoothing);
    }
    outcome.loss = loss_sum / (double) n_pairs;
}

DpoOutcome TrainerSession::dpo_step(const std::vector<PreferencePair> & pairs, const DpoSettings & settings,
        const OptimizerStepParams & params, const StepProgressFn & progress) {
    check_optimizer_params(params);
    DpoOutcome outcome;
    accumulate_dpo_gradients(pairs, settings, progress, outcome);
    apply_update(params, outcome.loss, outcome);
    return outcome;
}

DpoOutcome TrainerSession::compute_dpo_gradients(const std::vector<PreferencePair> & pairs, const DpoSettings & settings,
        std::map<std::string, std::vector<float>> * gradients) {
    DpoOutcome outcome;
    accumulate_dpo_gradients(pairs, settings, nullptr, outcome);
    *gradients = read_gradients();
    return outcome;
}
