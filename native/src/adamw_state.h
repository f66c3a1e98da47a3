#pragma once

#include "ggml-backend.h"
#include "ggml.h"

#include <cstdint>
#include <map>
#include <vector>

struct OptimizerStepParams {
    float lr           = 1e-4f;
    float beta1        = 0.9f;
    float beta2        = 0.999f;
    float eps          = 1e-8f;
    float weight_decay = 0.0f;
    float grad_clip    = 0.0f; // global L2 norm; 0 turns clipping off
};

// Gradient accumulators and AdamW moments for a set of F32 parameter tensors, kept on the parameters' own
// backends. ggml-opt has neither clipping nor a way to save its moments, so the update is driven here: the
// backward pass adds into grad(p), grad_norm() reduces them on the device, apply() runs GGML_OP_OPT_STEP_ADAMW.
class AdamWState {
  public:
    AdamWState() = default;
    ~AdamWState();
    AdamWState(const AdamWState &) = delete;
    AdamWState & operator=(const AdamWState &) = delete;

    void init(const std::vector<ggml_tensor *> & params);

    ggml_tensor * grad(const ggml_tensor * param) const;
    ggml_tensor * moment1(const ggml_tensor * param) const;
    ggml_tensor * moment2(const ggml_tensor * param) const;
    // A scalar 1.0: the gradient of the loss with respect to itself, seeding the backward pass.
    ggml_tensor * loss_seed() const { return seed; }

    void zero_grads();
    double grad_norm(ggml_backend_sched_t sched) const;
    // Scales the accumulated gradients by `grad_scale` (clipping), then one AdamW update of every parameter.
    void apply(ggml_backend_sched_t sched, const OptimizerStepParams & params, float grad_scale);

    // Bytes of gradient accumulators and moments held in `device`'s memory.
    size_t bytes_on(ggml_backend_dev_t device) const;

    int64_t step() const { return steps; }
    void set_step(int64_t value) { steps = value; }

  private:
    struct Slots {
        ggml_tensor * grad;
        ggml_tensor * m;
        ggml_tensor * v;
    };
    std::vector<ggml_tensor *> params;
    std::map<const ggml_tensor *, Slots> slots;
    std::vector<ggml_context *> contexts;
    std::vector<ggml_backend_buffer_t> grad_buffers;
    std::vector<ggml_backend_buffer_t> other_buffers;
    ggml_tensor * seed = nullptr;
    ggml_tensor * hyper = nullptr; // the 7 AdamW inputs of GGML_OP_OPT_STEP_ADAMW, in a host buffer
    int64_t steps = 0;
};
