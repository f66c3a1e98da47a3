#include "trainer_session.h"

#include "lora_dropout.h"
#include "micro_batch.h"
#include "micro_batch_graph.h"
#include "model_support.h"
#include "trainer_error.h"

// internal llama.cpp headers: the training entry points added by native/patches/0002 live on llama_context
#include "llama-context.h"
#include "llama-adapter.h"
#include "llama-model.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>
#include <memory>
#include <thread>

namespace {

constexpr uint32_t context_granularity = 256;

// The next token from one row of logits: argmax at temperature 0, else a draw from softmax(logits / T) over the
// top_k most likely tokens (all when top_k is 0).
llama_token pick_token(const float * logits, int32_t n_vocab, const SamplingSettings & sampling, std::mt19937_64 & rng) {
    if (!(sampling.temperature > 0.0f)) {
        return (llama_token) (std::max_element(logits, logits + n_vocab) - logits);
    }
    std::vector<llama_token> ids(n_vocab);
    for (int32_t i = 0; i < n_vocab; ++i) {
        ids[i] = i;
    }
    size_t keep = (size_t) n_vocab;
    if (sampling.top_k > 0 && sampling.top_k < n_vocab) {
        keep = (size_t) sampling.top_k;
        std::partial_sort(ids.begin(), ids.begin() + keep, ids.end(), [&](llama_token a, llama_token b) { return logits[a] > logits[b]; });
    }
    float max = -INFINITY;
    for (size_t i = 0; i < keep; ++i) {
        max = std::max(max, logits[ids[i]]);
    }
    std::vector<double> weights(keep);
    for (size_t i = 0; i < keep; ++i) {
        weights[i] = std::exp(((double) logits[ids[i]] - max) / sampling.temperature);
    }
    std::discrete_distribution<size_t> draw(weights.begin(), weights.end());
    return ids[draw(rng)];
}

} // namespace

TrainerSession::TrainerSession(const SessionOptions & opts) : options(opts), rng(opts.seed) {
    device = training_device(options.device);
    if (const char * forced = std::getenv("WORKBENCH_TRAINER_CPU_OPS")) {
        const std::set<std::string> ops = parse_op_names(forced);
        options.cpu_ops.insert(ops.begin(), ops.end());
    }
    const ModelSupport support = inspect_model_support(options.model_path, device);
    const TrainingSupport & mode_support = options.full ? support.full : support.lora;
    if (!mode_support.supported) {
        throw TrainerError("unsupported", (options.full ? "Full-parameter training: " : "LoRA training: ") + mode_support.reason, mode_support.why);
    }
    if (options.context_length < 2) {
        throw TrainerError("bad_input", "contextLength must be at least 2 tokens");
    }
    if (!(options.lora_dropout >= 0.0f && options.lora_dropout < 1.0f)) {
        throw TrainerError("bad_input", "loraDropout must be at least 0 and below 1");
    }
    if (options.full && options.lora_dropout > 0.0f) {
        throw TrainerError("bad_input", "loraDropout applies to LoRA adapters; a full-parameter session has none");
    }

    llama_model_params mp = llama_model_default_params();
    // Only the chosen device (never a split across several GPUs); the llama context's scheduler always adds the
    // CPU, which computes whatever op the device's backend lacks.
    ggml_backend_dev_t model_devices[] = {nullptr, nullptr};
    if (ggml_backend_dev_type(device) == GGML_BACKEND_DEVICE_TYPE_CPU) {
        mp.n_gpu_layers = 0;
    } else {
        model_devices[0] = device;
        mp.n_gpu_layers = -1;
    }
    mp.devices = model_devices;
    // repacked CPU layouts have no GET_ROWS for the backward pass; full training writes weights, so no mmap
    mp.use_extra_bufts = false;
    mp.load_mode = options.full ? LLAMA_LOAD_MODE_NONE : LLAMA_LOAD_MODE_MMAP;
    model = llama_model_load_from_file(options.model_path.c_str(), mp);
    if (!model) {
        throw TrainerError("bad_input", "llama.cpp could not load the model " + options.model_path, "model_unreadable", {{"file", options.model_path}});
    }

    try {
        const uint32_t n_ctx = ((options.context_length + context_granularity - 1) / context_granularity) * context_granularity;
        const int threads = options.threads > 0 ? options.threads : (int) std::max(1u, std::thread::hardware_concurrency());
        llama_context_params cp = llama_context_default_params();
        cp.n_ctx = n_ctx;
        cp.n_batch = n_ctx;
        cp.n_ubatch = n_ctx;
        cp.n_seq_max = max_sequences_per_ubatch;
        cp.n_threads = threads;
        cp.n_threads_batch = threads;
        cp.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
        cp.no_perf = true;
        cp.kv_unified = true;
        cp.abort_callback = [](void * data) { return static_cast<std::atomic<bool> *>(data)->load(); };
        cp.abort_callback_data = &abort_requested;
        ctx = llama_init_from_model(model, cp);
        if (!ctx) {
            throw TrainerError("internal", "llama.cpp could not create a context for " + options.model_path, "context_cannot_be_created",
                {{"contextSize", (double) options.context_length}});
        }
        n_ubatch = llama_n_ubatch(ctx);

        if (options.full) {
            collect_full_parameters();
        } else {
            load_lora(options);
        }
        optimizer.init(params);

        const llama_vocab * vocab = llama_model_get_vocab(model);
        session_info.architecture = support.architecture;
        session_info.tensor_types = support.tensor_types;
        session_info.vocab_size = llama_vocab_n_tokens(vocab);
        session_info.context_length = n_ubatch;
        session_info.layers = llama_model_n_layer(model);
        session_info.embedding_length = llama_model_n_embd(model);
        for (auto * p : params) {
            session_info.trainable_parameters += ggml_nelements(p);
        }
        session_info.backend = ggml_backend_dev_name(device);
        session_info.device_description = ggml_backend_dev_description(device);
        session_info.bos = llama_vocab_bos(vocab);
        session_info.eos = llama_vocab_eos(vocab);
    } catch (...) {
        if (ctx) llama_free(ctx);
        if (adapter) llama_adapter_lora_free(adapter);
        llama_model_free(model);
        throw;
    }
}

size_t TrainerSession::device_memory_bytes() const {
    size_t total = 0;
    for (const auto & [buft, usage] : ctx->memory_breakdown()) {
        if (ggml_backend_buft_get_device(buft) == device) {
            total += usage.total();
        }
    }
    std::set<ggml_backend_buffer_t> param_buffers;
    for (auto * p : params) {
        if (p->buffer && ggml_backend_buft_get_device(ggml_backend_buffer_get_type(p->buffer)) == device) {
            param_buffers.insert(p->buffer);
        }
    }
    if (!options.full) { // full mode's parameters are model weights, already counted
        for (auto * buf : param_buffers) {
            total += ggml_backend_buffer_get_size(buf);
        }
    }
    return total + optimizer.bytes_on(device);
}

TrainerSession::~TrainerSession() {
    if (ctx) {
        llama_free(ctx);
    }
    if (adapter) {
        llama_adapter_lora_free(adapter);
    }
    if (model) {
        llama_model_free(model);
    }
}

void TrainerSession::leave_training_graphs() {
    if (training_graphs) {
        // the training attention reads only the current ubatch, which is wrong for token-by-token decoding
        ctx->train_end();
        training_graphs = false;
    }
}

// Forward pass through the training graph (the one gradients are taken on), logits of the flagged rows.
void TrainerSession::training_graph_logits(const llama_batch & batch, std::vector<float> & out) {
    ggml_tensor * logits = nullptr;
    ggml_cgraph * gf = ctx->train_build_graph(batch, &logits);
    if (!gf || !logits) {
        throw TrainerError("internal", "llama.cpp could not build the evaluation graph (see the log above)");
    }
    ggml_backend_sched_t sched = ctx->get_sched();
    ggml_backend_sched_reset(sched);
    if (!ggml_backend_sched_alloc_graph(sched, gf)) {
        throw TrainerError("internal", "could not allocate the evaluation graph (out of memory?)", "out_of_memory", {{"device", session_info.backend}});
    }
    ctx->train_set_inputs();
    const ggml_status status = ctx->graph_compute(gf, true);
    ggml_backend_sched_synchronize(sched);
    if (status == GGML_STATUS_ABORTED) {
        throw TrainerError("cancelled", "evaluation was cancelled", "cancelled", {});
    }
    if (status != GGML_STATUS_SUCCESS) {
        throw TrainerError("internal", "the evaluation graph failed to compute");
    }
    GGML_ASSERT((size_t) ggml_nelements(logits) == out.size());
    ggml_backend_tensor_get(logits, out.data(), 0, out.size() * sizeof(float));
}

// Forward pass through llama_decode, the graphs inference uses; a reference for the training graph.
void TrainerSession::decode_logits(const llama_batch & batch, std::vector<float> & out) {
    llama_memory_clear(llama_get_memory(ctx), true);
    const int32_t rc = llama_decode(ctx, batch);
    if (rc == 2) {
        throw TrainerError("cancelled", "evaluation was cancelled", "cancelled", {});
    }
    if (rc != 0) {
        throw TrainerError("internal", "llama_decode failed with " + std::to_string(rc));
    }
    const size_t n_vocab = session_info.vocab_size;
    size_t row = 0;
    for (int32_t i = 0; i < batch.n_tokens; ++i) {
        if (batch.logits[i]) {
            const float * logits = llama_get_logits_ith(ctx, i);
            std::copy(logits, logits + n_vocab, out.begin() + row * n_vocab);
            row++;
        }
    }
}

void TrainerSession::ensure_training_graphs() {
    if (!training_graphs) {
        ctx->train_begin();
        training_graphs = true;
        if (ggml_backend_dev_type(device) != GGML_BACKEND_DEVICE_TYPE_CPU) {
            reserve_training_buffers();
        }
    }
}

void TrainerSession::throw_if_aborted() const {
    if (abort_requested.load()) {
        throw TrainerError("cancelled", "training was cancelled", "cancelled", {});
    }
}

void TrainerSession::check_batch(const std::vector<Sequence> & batch, bool need_targets) const {
    if (batch.empty()) {
        throw TrainerError("bad_input", "the batch has no sequences");
    }
    const int32_t n_vocab = session_info.vocab_size;
    int64_t targets = 0;
    for (size_t s = 0; s < batch.size(); ++s) {
        const Sequence & seq = batch[s];
        const std::string where = "sequence " + std::to_string(s);
        if (seq.tokens.empty()) {
            throw TrainerError("bad_input", where + " has no tokens");
        }
        if (seq.tokens.size() != seq.mask.size()) {
            throw TrainerError("bad_input", where + ": trainMask has " + std::to_string(seq.mask.size()) +
                " entries for " + std::to_string(seq.tokens.size()) + " tokens");
        }
        if (seq.tokens.size() > n_ubatch) {
            throw TrainerError("bad_input", where + " has " + std::to_string(seq.tokens.size()) +
                " tokens, more than the session's context length " + std::to_string(n_ubatch));
        }
        for (size_t i = 0; i < seq.tokens.size(); ++i) {
            if (seq.tokens[i] < 0 || seq.tokens[i] >= n_vocab) {
                throw TrainerError("bad_input", where + ": token " + std::to_string(i) + " is " +
                    std::to_string(seq.tokens[i]) + ", outside the vocabulary (0.." + std::to_string(n_vocab - 1) + ")");
            }
            if (i > 0 && seq.mask[i]) {
                targets++;
            }
        }
    }
    if (need_targets && targets == 0) {
        throw TrainerError("bad_input", "the train mask covers zero tokens in this batch, so there is nothing to learn: "
            "check that the template marks the assistant turns as trainable");
    }
}

uint64_t TrainerSession::dropout_seed(uint64_t stream) const {
    return lora_dropout_seed(options.seed, optimizer.step(), stream);
}

double TrainerSession::run_micro_batch(const std::vector<const Sequence *> & group, int64_t batch_targets, uint64_t dropout_stream) {
    MicroBatchGraph graph(ctx, group, options.lora_dropout, dropout_seed(dropout_stream));
    // cross-entropy is the mean over this sequence's targets; weighting it by targets/batch_targets makes the
    // accumulated gradient that of the mean over every target of the batch
    ggml_tensor * ce = ggml_cross_entropy_loss(graph.scratch.ctx, graph.logits, graph.labels);
    ggml_set_output(ce);
    ggml_tensor * loss = ggml_scale(graph.scratch.ctx, ce, (float) graph.n_outputs / (float) batch_targets);
    compute_with_backward(graph, loss);
    float ce_mean = 0;
    ggml_backend_tensor_get(ce, &ce_mean, 0, sizeof(ce_mean));
    return (double) ce_mean * graph.n_outputs;
}

ggml_cgraph * TrainerSession::backward_graph(MicroBatchGraph & graph, ggml_tensor * loss) {
    ggml_context * scratch = graph.scratch.ctx;
    ggml_set_name(loss, "loss");
    ggml_set_output(loss);
    ggml_set_loss(loss);

    ggml_cgraph * gb = ggml_graph_dup(scratch, graph.forward, /*force_grads =*/ true);
    ggml_build_forward_expand(gb, loss);
    const int n_nodes = ggml_graph_n_nodes(gb);
    std::vector<ggml_tensor *> grad_accs(n_nodes, nullptr);
    for (int i = 0; i < n_nodes; ++i) {
        ggml_tensor * node = ggml_graph_node(gb, i);
        if (node->flags & GGML_TENSOR_FLAG_PARAM) {
            grad_accs[i] = optimizer.grad(node);
        } else if (node == loss) {
            grad_accs[i] = optimizer.loss_seed();
        }
    }
    ggml_build_backward_expand(scratch, gb, grad_accs.data());
    return gb;
}

// GPU sessions: size the compute buffers for the largest SFT micro-batch (a full context of targets) before any
// graph runs, so they never grow later — on ggml-vulkan a buffer that grows after a graph ran corrupted the heap
// (native/README.md, "Open problem on Vulkan").
void TrainerSession::reserve_training_buffers() {
    Sequence worst;
    worst.tokens.assign(n_ubatch, 0);
    worst.mask.assign(n_ubatch, 1);
    const std::vector<const Sequence *> group = {&worst};
    MicroBatchGraph graph(ctx, group, options.lora_dropout, 0);
    ggml_tensor * ce = ggml_cross_entropy_loss(graph.scratch.ctx, graph.logits, graph.labels);
    ggml_cgraph * gb = backward_graph(graph, ce);
    ggml_backend_sched_t sched = ctx->get_sched();
    ggml_backend_sched_reset(sched);
    pin_ops_to_cpu(sched, gb, options.cpu_ops);
    if (!ggml_backend_sched_reserve(sched, gb)) {
        throw TrainerError("internal", "could not reserve the training graph's buffers on " + session_info.backend + " (out of memory?)",
            "out_of_memory", {{"device", session_info.backend}});
    }
    ggml_backend_sched_reset(sched);
}

void TrainerSession::compute_with_backward(MicroBatchGraph & graph, ggml_tensor * loss, const std::function<void()> & set_inputs) {
    ggml_cgraph * gb = backward_graph(graph, loss);

    ggml_backend_sched_t sched = ctx->get_sched();
    ggml_backend_sched_reset(sched);
    pin_ops_to_cpu(sched, gb, options.cpu_ops);
    if (!ggml_backend_sched_alloc_graph(sched, gb)) {
        throw TrainerError("internal", "could not allocate the training graph (out of memory?)", "out_of_memory", {{"device", session_info.backend}});
    }
    last_schedule = read_schedule(sched, gb, device);
    ctx->train_set_inputs();
    const std::vector<float> label_values = graph.label_values();
    GGML_ASSERT(label_values.size() == (size_t) graph.n_vocab * graph.n_outputs);
    ggml_backend_tensor_set(graph.labels, label_values.data(), 0, label_values.size() * sizeof(float));
    if (set_inputs) {
        set_inputs();
    }

    const ggml_status status = ctx->graph_compute(gb, true);
    ggml_backend_sched_synchronize(sched);
    if (status == GGML_STATUS_ABORTED) {
        throw TrainerError("cancelled", "training was cancelled", "cancelled", {});
    }
    if (status != GGML_STATUS_SUCCESS) {
        throw TrainerError("internal", "the training graph failed to compute (status " + std::to_string((int) status) + ")");
    }
}

double TrainerSession::accumulate_gradients(const std::vector<Sequence> & batch, const StepProgressFn & progress, int64_t * tokens, int64_t * targets, int * micro_batches) {
    check_batch(batch, true);
    ensure_training_graphs();
    int64_t batch_targets = 0;
    for (const auto & seq : batch) {
        batch_targets += (int64_t) targets_of(seq).size();
    }
    // consecutive sequences share a ubatch while they fit: fewer, larger graphs (one per micro-batch)
    std::vector<std::vector<const Sequence *>> groups;
    int64_t tokens_all = 0;
    for (const auto & seq : batch) {
        tokens_all += (int64_t) seq.tokens.size();
        if (targets_of(seq).empty()) {
            continue; // no loss, no gradient: nothing to compute
        }
        const bool fits = !groups.empty() && options.pack_sequences &&
            groups.back().size() < max_sequences_per_ubatch &&
            group_tokens(groups.back()) + seq.tokens.size() <= n_ubatch;
        if (!fits) {
            groups.emplace_back();
        }
        groups.back().push_back(&seq);
    }
    optimizer.zero_grads();
    double loss_sum = 0;
    int64_t tokens_done = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
        throw_if_aborted();
        loss_sum += run_micro_batch(groups[g], batch_targets, g);
        tokens_done += group_tokens(groups[g]);
        if (progress) {
            progress((int) g + 1, (int) groups.size(), g + 1 == groups.size() ? tokens_all : tokens_done);
        }
    }
    tokens_done = tokens_all;
    if (micro_batches) {
        *micro_batches = (int) groups.size();
    }
    *tokens = tokens_done;
    *targets = batch_targets;
    return loss_sum / (double) batch_targets;
}

void TrainerSession::check_optimizer_params(const OptimizerStepParams & p) {
    if (!(p.lr >= 0) || p.beta1 < 0 || p.beta1 >= 1 || p.beta2 < 0 || p.beta2 >= 1 || p.eps < 0 ||
            p.weight_decay < 0 || p.lr * p.weight_decay > 1 || p.grad_clip < 0) {
        throw TrainerError("bad_input", "optimizer settings out of range: need lr >= 0, 0 <= beta1, beta2 < 1, eps >= 0, "
            "weightDecay >= 0 with lr*weightDecay <= 1, gradClip >= 0");
    }
}

void TrainerSession::apply_update(const OptimizerStepParams & p, double loss, UpdateOutcome & outcome) {
    throw_if_aborted();
    ggml_backend_sched_t sched = ctx->get_sched();
    outcome.grad_norm = optimizer.grad_norm(sched);
    if (!std::isfinite(outcome.grad_norm)) {
        throw TrainerError("internal", "the gradient is not finite (loss " + std::to_string(loss) +
            "); lower the learning rate", "training_diverged", {});
    }
    float scale = 1.0f;
    if (p.grad_clip > 0 && outcome.grad_norm > p.grad_clip) {
        scale = (float) (p.grad_clip / outcome.grad_norm);
        outcome.clipped = true;
    }
    optimizer.apply(sched, p, scale);
    outcome.step = optimizer.step();
}

StepOutcome TrainerSession::train_step(const std::vector<Sequence> & batch, const OptimizerStepParams & p, const StepProgressFn & progress) {
    check_optimizer_params(p);
    StepOutcome outcome;
    outcome.loss = accumulate_gradients(batch, progress, &outcome.tokens, &outcome.targets, &outcome.micro_batches);
    apply_update(p, outcome.loss, outcome);
    return outcome;
}

std::map<std::string, std::vector<float>> TrainerSession::read_gradients() const {
    std::map<std::string, std::vector<float>> result;
    for (auto * p : params) {
        ggml_tensor * g = optimizer.grad(p);
        std::vector<float> values(ggml_nelements(g));
        ggml_backend_tensor_get(g, values.data(), 0, ggml_nbytes(g));
        result[p->name] = std::move(values);
    }
    return result;
}

std::map<std::string, std::vector<float>> TrainerSession::compute_gradients(const std::vector<Sequence> & batch, double * loss) {
    int64_t tokens = 0;
    int64_t targets = 0;
    *loss = accumulate_gradients(batch, nullptr, &tokens, &targets);
    return read_gradients();
}

std::vector<SequenceLogProbs> TrainerSession::log_probs(const std::vector<Sequence> & batch, bool with_adapter, bool inference_graph) {
    // evaluation: never LoRA dropout
    return log_probs_impl(batch, with_adapter, inference_graph, nullptr);
}

std::vector<SequenceLogProbs> TrainerSession::log_probs_impl(const std::vector<Sequence> & batch, bool with_adapter, bool inference_graph,
        const std::vector<uint64_t> * dropout_streams) {
    GGML_ASSERT(!dropout_streams || (dropout_streams->size() == batch.size() && !inference_graph));
    check_batch(batch, false);
    if (!with_adapter && !adapter) {
        throw TrainerError("bad_input", "adapter: false needs a LoRA session; a full-parameter session has no frozen base");
    }
    if (inference_graph) {
        leave_training_graphs();
    } else {
        ensure_training_graphs();
    }
    // The frozen base: every LoRA B set to zero (W·x + s·B·A·x adds exactly 0), restored afterwards. Detaching the
    // adapter instead makes llama.cpp rebuild its scheduler on every call, which on Vulkan (lavapipe) corrupted the
    // heap by the second call, and costs a graph reserve each time on every backend.
    struct ZeroLoraB {
        std::vector<std::pair<ggml_tensor *, std::vector<uint8_t>>> saved;
        ~ZeroLoraB() {
            for (auto & [tensor, bytes] : saved) {
                ggml_backend_tensor_set(tensor, bytes.data(), 0, bytes.size());
            }
        }
    } zero_b;
    if (!with_adapter) {
        for (auto & [name, weight] : adapter->ab_map) {
            std::vector<uint8_t> bytes(ggml_nbytes(weight.b));
            ggml_backend_tensor_get(weight.b, bytes.data(), 0, bytes.size());
            zero_b.saved.emplace_back(weight.b, std::move(bytes));
            const std::vector<uint8_t> zeros(ggml_nbytes(weight.b), 0);
            ggml_backend_tensor_set(weight.b, zeros.data(), 0, zeros.size());
        }
    }

    std::vector<SequenceLogProbs> results;
    std::vector<float> logits_host;
    for (size_t s = 0; s < batch.size(); ++s) {
        const Sequence & sequence = batch[s];
        throw_if_aborted();
        SequenceLogProbs result;
        const std::vector<llama_token> targets = targets_of(sequence);
        if (targets.empty()) {
            results.push_back(result);
            continue;
        }
        OwnedBatch owned((int32_t) sequence.tokens.size());
        const int32_t n_outputs = fill_batch(owned, sequence);
        const int64_t n_vocab = session_info.vocab_size;
        logits_host.resize((size_t) n_vocab * n_outputs);
        if (inference_graph) {
            decode_logits(owned.batch, logits_host);
        } else {
            LoraDropoutScope dropout(ctx, dropout_streams ? options.lora_dropout : 0.0f,
                dropout_streams ? dropout_seed((*dropout_streams)[s]) : 0);
            training_graph_logits(owned.batch, logits_host);
        }
        for (int32_t r = 0; r < n_outputs; ++r) {
            const float * row = logits_host.data() + (size_t) r * n_vocab;
            const float max = *std::max_element(row, row + n_vocab);
            double sum = 0;
            for (int64_t j = 0; j < n_vocab; ++j) {
                sum += std::exp((double) row[j] - max);
            }
            const double lp = (double) row[targets[r]] - max - std::log(sum);
            result.token_log_probs.push_back((float) lp);
            result.log_prob += lp;
        }
        results.push_back(std::move(result));
    }
    return results;
}

// Greedy decoding through the training graph, without a KV cache (the whole sequence each token). GPU sessions
// use it: going from training graphs to llama_decode's and back makes llama.cpp rebuild its scheduler, and on
// ggml-vulkan at this commit the next training graph then corrupts the heap (seen on lavapipe). Checkpoint samples
// and tests generate a few dozen tokens, where recomputing the prefix costs little.
std::vector<llama_token> TrainerSession::generate_with_training_graph(const std::vector<llama_token> & prompt, int max_tokens,
        const std::vector<llama_token> & stop, const SamplingSettings & sampling) {
    std::mt19937_64 sampler(sampling.seed);
    ensure_training_graphs();
    const llama_vocab * vocab = llama_model_get_vocab(model);
    const int32_t n_vocab = llama_vocab_n_tokens(vocab);
    LoraDropoutScope no_dropout(ctx, 0.0f, 0);
    std::vector<llama_token> output;
    std::vector<float> logits(n_vocab);
    Sequence sequence;
    sequence.tokens = prompt;
    // a placeholder target after the last token: logits are computed only at rows whose next token is a target
    while (sequence.tokens.size() + 1 <= n_ubatch) {
        throw_if_aborted();
        sequence.tokens.push_back(0);
        sequence.mask.assign(sequence.tokens.size(), 0);
        sequence.mask.back() = 1;
        OwnedBatch owned((int32_t) sequence.tokens.size());
        fill_batch(owned, sequence);
        training_graph_logits(owned.batch, logits);
        sequence.tokens.pop_back();
        const llama_token next = pick_token(logits.data(), n_vocab, sampling, sampler);
        const bool stops = stop.empty() ? llama_vocab_is_eog(vocab, next) : std::find(stop.begin(), stop.end(), next) != stop.end();
        if (stops) {
            break;
        }
        output.push_back(next);
        sequence.tokens.push_back(next);
        if ((int) output.size() >= max_tokens) {
            break;
        }
    }
    return output;
}

std::vector<llama_token> TrainerSession::generate(const std::vector<llama_token> & prompt, int max_tokens, const std::vector<llama_token> & stop,
        const SamplingSettings & sampling) {
    if (prompt.empty()) {
        throw TrainerError("bad_input", "generate: the prompt is empty");
    }
    const uint32_t n_ctx = llama_n_ctx(ctx);
    if (prompt.size() >= n_ctx) {
        throw TrainerError("bad_input", "generate: the prompt has " + std::to_string(prompt.size()) +
            " tokens, the context holds " + std::to_string(n_ctx), "context_too_small",
            {{"field", std::string("prompt")}, {"tokens", (double) prompt.size()}, {"contextSize", (double) n_ctx}});
    }
    if (ggml_backend_dev_type(device) != GGML_BACKEND_DEVICE_TYPE_CPU) {
        return generate_with_training_graph(prompt, max_tokens, stop, sampling);
    }
    std::mt19937_64 sampler(sampling.seed);
    leave_training_graphs();
    const llama_vocab * vocab = llama_model_get_vocab(model);
    const int32_t n_vocab = llama_vocab_n_tokens(vocab);
    llama_memory_clear(llama_get_memory(ctx), true);

    std::vector<llama_token> output;
    std::vector<llama_token> pending = prompt;
    uint32_t position = 0;
    for (;;) {
        throw_if_aborted();
        OwnedBatch owned((int32_t) pending.size());
        for (size_t i = 0; i < pending.size(); ++i) {
            owned.batch.token[i] = pending[i];
            owned.batch.pos[i] = (llama_pos) (position + i);
            owned.batch.n_seq_id[i] = 1;
            owned.batch.seq_id[i][0] = 0;
            owned.batch.logits[i] = i + 1 == pending.size();
        }
        owned.batch.n_tokens = (int32_t) pending.size();
        const int32_t rc = llama_decode(ctx, owned.batch);
        if (rc == 2) {
            throw TrainerError("cancelled", "generation was cancelled", "cancelled", {});
        }
        if (rc != 0) {
            throw TrainerError("internal", "llama_decode failed with " + std::to_string(rc));
        }
        position += (uint32_t) pending.size();
        const float * logits = llama_get_logits_ith(ctx, -1);
        const llama_token next = pick_token(logits, n_vocab, sampling, sampler);
        const bool stops = stop.empty() ? llama_vocab_is_eog(vocab, next) : std::find(stop.begin(), stop.end(), next) != stop.end();
        if (stops) {
            break;
        }
        output.push_back(next);
        if ((int) output.size() >= max_tokens || position + 1 >= n_ctx) {
            break;
        }
        pending.assign(1, next);
    }
    return output;
}

std::vector<llama_token> TrainerSession::tokenize(const std::string & text, bool special, bool add_bos) const {
    const llama_vocab * vocab = llama_model_get_vocab(model);
    int32_t n = llama_tokenize(vocab, text.data(), (int32_t) text.size(), nullptr, 0, add_bos, special);
    std::vector<llama_token> tokens(n < 0 ? -n : n);
    if (!tokens.empty()) {
        n = llama_tokenize(vocab, text.data(), (int32_t) text.size(), tokens.data(), (int32_t) tokens.size(), add_bos, special);
        if (n < 0) {
            throw TrainerError("internal", "tokenization failed");
        }
        tokens.resize(n);
    }
    return tokens;
}

std::string TrainerSession::detokenize(const std::vector<llama_token> & tokens, bool special) const {
    const llama_vocab * vocab = llama_model_get_vocab(model);
    std::string text(tokens.size() * 8 + 16, '\0');
    int32_t n = llama_detokenize(vocab, tokens.data(), (int32_t) tokens.size(), text.data(), (int32_t) text.size(), false, special);
    if (n < 0) {
        text.resize(-n);
        n = llama_detokenize(vocab, tokens.data(), (int32_t) tokens.size(), text.data(), (int32_t) text.size(), false, special);
    }
    text.resize(n < 0 ? 0 : n);
    return text;
}

ggml_tensor * TrainerSession::parameter(const std::string & name) const {
    for (auto * p : params) {
        if (name == p->name) {
            return p;
        }
    }
    throw TrainerError("bad_input", "no trainable tensor named '" + name + "'");
}

std::vector<std::string> TrainerSession::parameter_names() const {
    std::vector<std::string> names;
    for (auto * p : params) {
        names.emplace_back(p->name);
    }
    return names;
}

std::vector<float> TrainerSession::read_parameter(const std::string & name) const {
    ggml_tensor * p = parameter(name);
    std::vector<float> values(ggml_nelements(p));
    ggml_backend_tensor_get(p, values.data(), 0, ggml_nbytes(p));
    return values;
}

void TrainerSession::write_parameter(const std::string & name, const std::vector<float> & values) {
    ggml_tensor * p = parameter(name);
    if ((int64_t) values.size() != ggml_nelements(p)) {
        throw TrainerError("bad_input", name + " has " + std::to_string(ggml_nelements(p)) + " values, got " + std::to_string(values.size()));
    }
    ggml_backend_tensor_set(p, values.data(), 0, ggml_nbytes(p));
}
