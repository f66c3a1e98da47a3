#pragma once

#include "adamw_state.h"
#include "device_schedule.h"

#include "ggml-backend.h"
#include "llama.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

struct llama_adapter_lora;
class MicroBatchGraph;

struct SessionOptions {
    std::string              model_path;
    bool                     full = false;
    int                      lora_rank = 16;
    float                    lora_alpha = 32.0f;
    std::vector<std::string> lora_targets; // q k v o gate up down
    // LoRA dropout on each adapted projection's input, training steps only (0 = off, < 1)
    float                    lora_dropout = 0.0f;
    std::string              init_adapter_path;
    uint32_t                 context_length = 512;
    int                      threads = 0; // 0: all cores
    uint64_t                 seed = 0;
    std::string              device = "auto"; // auto | cpu | gpu:N (device_schedule.h)
    // Test hook: ops (ggml_op_desc names) the training graphs run on the CPU even when the GPU has them
    std::set<std::string>    cpu_ops;
    bool                     pack_sequences = true; // several short sequences per micro-batch
};

struct Sequence {
    std::vector<llama_token> tokens;
    std::vector<uint8_t>     mask; // 1 where the token is a target
};


// What an optimizer update reports (shared by SFT and DPO steps).
struct UpdateOutcome {
    double  grad_norm = 0;
    bool    clipped = false;
    int64_t step = 0;
};

struct StepOutcome : UpdateOutcome {
    double  loss = 0;
    int64_t tokens = 0;
    int64_t targets = 0;
    int     micro_batches = 0;
};

// One DPO preference pair: the same prompt with the chosen and the rejected answer (masks cover the answers), and
// the frozen reference policy's summed target log-probs of each, supplied by the caller.
struct PreferencePair {
    Sequence chosen;
    Sequence rejected;
    double   reference_chosen = 0;
    double   reference_rejected = 0;
};

struct DpoSettings {
    double beta = 0.1;
    double label_smoothing = 0; // cDPO: (1-e)*softplus(-z) + e*softplus(z)
};

struct DpoOutcome : UpdateOutcome {
    std::vector<double> logp_chosen;   // the policy's summed target log-probs per pair, before any update
    std::vector<double> logp_rejected;
    double  loss = 0;                  // mean DPO loss over the pairs, from those log-probs
    int64_t tokens = 0;
    int64_t targets = 0;
    int     micro_batches = 0;
};

// One sequence of a weighted-token step (weighted_step.cpp): `weights[k]` weighs the k-th target token of
// `sequence` (tokens[i] with mask[i] set, i >= 1, in order); any sign.
struct WeightedSequence {
    Sequence           sequence;
    std::vector<float> weights;
};

struct WeightedOutcome : UpdateOutcome {
    double  loss = 0; // Σ_t w_t·(−log π(token_t)) over the batch, before any update
    int64_t tokens = 0;
    int64_t targets = 0;
    int     micro_batches = 0;
};

// Sampling settings of generate: temperature 0 is greedy (argmax); otherwise softmax(logits / temperature),
// restricted to the top_k most likely tokens when top_k > 0, drawn with a generator seeded by `seed`.
struct SamplingSettings {
    float    temperature = 0.0f;
    int      top_k = 0;
    uint64_t seed = 0;
};

struct SequenceLogProbs {
    double             log_prob = 0;
    std::vector<float> token_log_probs;
};

struct SessionInfo {
    std::string                architecture;
    std::map<std::string, int> tensor_types;
    int32_t                    vocab_size = 0;
    uint32_t                   context_length = 0;
    int32_t                    layers = 0;
    int32_t                    embedding_length = 0;
    int64_t                    trainable_parameters = 0;
    std::string                backend;            // the training device's ggml name: CPU, Vulkan0, CUDA0, MTL0
    std::string                device_description; // what the driver calls it
    llama_token                bos = LLAMA_TOKEN_NULL;
    llama_token                eos = LLAMA_TOKEN_NULL;
    int                        lora_rank = 0;
    float                      lora_alpha = 0;
    std::vector<std::string>   lora_targets;
};

// progress(micro_batch_done, micro_batches, tokens_done)
using StepProgressFn = std::function<void(int, int, int64_t)>;

// One model + context + trainable weights + AdamW state. Not thread-safe: the addon runs one call at a time.
class TrainerSession {
  public:
    explicit TrainerSession(const SessionOptions & options);
    ~TrainerSession();
    TrainerSession(const TrainerSession &) = delete;
    TrainerSession & operator=(const TrainerSession &) = delete;

    const SessionInfo & info() const { return session_info; }
    // Splits and CPU-fallback ops of the last training graph (empty before the first step).
    const ScheduleReport & schedule() const { return last_schedule; }
    // Bytes this session holds in the training device's memory: weights, KV cache, compute buffers, trainable
    // tensors, gradients and moments (the CPU's when training on the CPU).
    size_t device_memory_bytes() const;
    int64_t step() const { return optimizer.step(); }

    // One optimizer step; gradients accumulate over the sequences (one micro-batch each).
    StepOutcome train_step(const std::vector<Sequence> & batch, const OptimizerStepParams & params, const StepProgressFn & progress);
    // Gradients of the batch's mean target loss, without an update (for checks and inspection).
    std::map<std::string, std::vector<float>> compute_gradients(const std::vector<Sequence> & batch, double * loss);
    // `inference_graph`: evaluate through llama_decode instead of the training graph (a cross-check of the patches).
    // DPO (dpo_step.cpp): one optimizer step of the mean sigmoid DPO loss over the pairs.
    DpoOutcome dpo_step(const std::vector<PreferencePair> & pairs, const DpoSettings & settings, const OptimizerStepParams & params, const StepProgressFn & progress);
    // Gradients of the mean DPO loss, without an update.
    DpoOutcome compute_dpo_gradients(const std::vector<PreferencePair> & pairs, const DpoSettings & settings, std::map<std::string, std::vector<float>> * gradients);
    // Weighted-token loss (weighted_step.cpp): one optimizer step of Σ_t w_t·(−log π(token_t)) over every target
    // token of the batch — policy-gradient losses (GRPO) whose per-token weights the caller computes.
    WeightedOutcome weighted_step(const std::vector<WeightedSequence> & batch, const OptimizerStepParams & params, const StepProgressFn & progress);
    // Gradients of the weighted-token loss, without an update.
    WeightedOutcome compute_weighted_gradients(const std::vector<WeightedSequence> & batch, std::map<std::string, std::vector<float>> * gradients);
    std::vector<SequenceLogProbs> log_probs(const std::vector<Sequence> & batch, bool with_adapter, bool inference_graph);
    std::vector<llama_token> generate(const std::vector<llama_token> & prompt, int max_tokens, const std::vector<llama_token> & stop,
        const SamplingSettings & sampling = {});
    std::vector<llama_token> generate_with_training_graph(const std::vector<llama_token> & prompt, int max_tokens, const std::vector<llama_token> & stop,
        const SamplingSettings & sampling = {});

    std::vector<llama_token> tokenize(const std::string & text, bool special, bool add_bos) const;
    std::string detokenize(const std::vector<llama_token> & tokens, bool special) const;

    std::vector<std::string> parameter_names() const;
    std::vector<float> read_parameter(const std::string & name) const;
    void write_parameter(const std::string & name, const std::vector<float> & values);

    void save_adapter(const std::string & path) const;
    void save_model(const std::string & path) const;
    void save_state(const std::string & path) const;
    int64_t load_state(const std::string & path);

    std::atomic<bool> abort_requested{false};

  private:
    void load_lora(const SessionOptions & options);
    void collect_full_parameters();
    ggml_tensor * parameter(const std::string & name) const;
    double accumulate_gradients(const std::vector<Sequence> & batch, const StepProgressFn & progress, int64_t * tokens, int64_t * targets, int * micro_batches = nullptr);
    // `dropout_stream`: this micro-batch's place in the step, which picks its LoRA dropout masks
    double run_micro_batch(const std::vector<const Sequence *> & group, int64_t batch_targets, uint64_t dropout_stream);
    // The seed of the LoRA dropout masks of one micro-batch of the current step (lora_dropout.h).
    uint64_t dropout_seed(uint64_t stream) const;
    // log_probs; with `dropout_streams` (one per sequence) each sequence's forward pass uses LoRA dropout, with the
    // masks of that stream (DPO's separate path: the same masks as the micro-batch that takes its gradient).
    std::vector<SequenceLogProbs> log_probs_impl(const std::vector<Sequence> & batch, bool with_adapter, bool inference_graph,
        const std::vector<uint64_t> * dropout_streams);
    // Builds the backward pass of `loss`, a loss on `graph`'s logits (gradients added into the optimizer's
    // accumulators), sets the inputs and the labels, and computes it. Every micro-batch of SFT and DPO ends here.
    // `set_inputs`: writes the loss's own inputs (beyond `labels`) once the graph is allocated.
    void compute_with_backward(MicroBatchGraph & graph, ggml_tensor * loss, const std::function<void()> & set_inputs = {});
    // The forward + backward graph of `loss` (compute_with_backward's, not computed).
    ggml_cgraph * backward_graph(MicroBatchGraph & graph, ggml_tensor * loss);
    void reserve_training_buffers();
    static void check_optimizer_params(const OptimizerStepParams & params);
    // Global norm, clipping and the AdamW update of the accumulated gradients.
    void apply_update(const OptimizerStepParams & params, double loss, UpdateOutcome & outcome);
    std::map<std::string, std::vector<float>> read_gradients() const;
    void check_pairs(const std::vector<PreferencePair> & pairs, const DpoSettings & settings) const;
    void accumulate_dpo_gradients(const std::vector<PreferencePair> & pairs, const DpoSettings & settings, const StepProgressFn & progress, DpoOutcome & outcome);
    void run_dpo_micro_batch(const std::vector<PreferencePair> & pairs, const std::vector<size_t> & group, const DpoSettings & settings, DpoOutcome & outcome, uint64_t dropout_stream);
    void run_weighted_log_prob(const Sequence & sequence, double weight, uint64_t dropout_stream);
    void check_batch(const std::vector<Sequence> & batch, bool need_targets) const;
    void accumulate_weighted_gradients(const std::vector<WeightedSequence> & batch, const StepProgressFn & progress, WeightedOutcome & outcome);
    double run_weighted_micro_batch(const std::vector<const WeightedSequence *> & group, uint64_t dropout_stream);
    void throw_if_aborted() const;
    void ensure_training_graphs();
    void leave_training_graphs();
    void training_graph_logits(const llama_batch & batch, std::vector<float> & out);
    void decode_logits(const llama_batch & batch, std::vector<float> & out);

    SessionOptions       options;
    ggml_backend_dev_t   device = nullptr;
    ScheduleReport       last_schedule;
    SessionInfo          session_info;
    llama_model *        model = nullptr;
    llama_context *      ctx = nullptr;
    llama_adapter_lora * adapter = nullptr;
    bool                 training_graphs = false;
    std::vector<ggml_tensor *> params; // sorted by name
    AdamWState           optimizer;
    std::mt19937_64      rng;
    uint32_t             n_ubatch = 0;
};
