#include "adamw_state.h"

#include "trainer_error.h"

#include <cmath>
#include <memory>

namespace {

ggml_backend_buffer_type_t state_buffer_type(const ggml_tensor * param) {
    ggml_backend_buffer_type_t buft = ggml_backend_buffer_get_type(param->buffer);
    // host tensors may sit in mapped or repacked buffers; plain CPU memory is right for their state
    return ggml_backend_buft_is_host(buft) ? ggml_backend_cpu_buffer_type() : buft;
}

ggml_context * new_meta_context(size_t n_tensors) {
    ggml_init_params params = {
        /*.mem_size   =*/ (n_tensors + 1) * ggml_tensor_overhead(),
        /*.mem_buffer =*/ nullptr,
        /*.no_alloc   =*/ true,
    };
    return ggml_init(params);
}

struct ScratchContext {
    explicit ScratchContext(size_t n_nodes) {
        ggml_init_params params = {
            /*.mem_size   =*/ n_nodes * ggml_tensor_overhead() + ggml_graph_overhead_custom(n_nodes, false),
            /*.mem_buffer =*/ nullptr,
            /*.no_alloc   =*/ true,
        };
        ctx = ggml_init(params);
        graph = ggml_new_graph_custom(ctx, n_nodes, false);
    }
    ~ScratchContext() { ggml_free(ctx); }
    ggml_context * ctx;
    ggml_cgraph * graph;
};

void compute(ggml_backend_sched_t sched, ggml_cgraph * graph) {
    ggml_backend_sched_reset(sched);
    if (!ggml_backend_sched_alloc_graph(sched, graph)) {
        throw TrainerError("internal", "could not allocate the optimizer graph");
    }
    if (ggml_backend_sched_graph_compute(sched, graph) != GGML_STATUS_SUCCESS) {
        throw TrainerError("internal", "the optimizer graph failed to compute");
    }
}

} // namespace

AdamWState::~AdamWState() {
    for (auto * buf : grad_buffers) ggml_backend_buffer_free(buf);
    for (auto * buf : other_buffers) ggml_backend_buffer_free(buf);
    for (auto * ctx : contexts) ggml_free(ctx);
}

void AdamWState::init(const std::vector<ggml_tensor *> & trainable) {
    params = trainable;
    std::map<ggml_backend_buffer_type_t, std::vector<ggml_tensor *>> by_buft;
    for (auto * p : params) {
        if (p->type != GGML_TYPE_F32) {
            throw TrainerError("internal", std::string("trainable tensor ") + p->name + " is not F32");
        }
        by_buft[state_buffer_type(p)].push_back(p);
    }
    bool first = true;
    for (auto & [buft, group] : by_buft) {
        ggml_context * grads = new_meta_context(group.size() + 1);
        ggml_context * moments = new_meta_context(2 * group.size());
        contexts.push_back(grads);
        contexts.push_back(moments);
        for (auto * p : group) {
            Slots s;
            s.grad = ggml_dup_tensor(grads, p);
            s.m = ggml_dup_tensor(moments, p);
            s.v = ggml_dup_tensor(moments, p);
            ggml_format_name(s.grad, "grad %s", p->name);
            ggml_format_name(s.m, "adam_m %s", p->name);
            ggml_format_name(s.v, "adam_v %s", p->name);
            slots[p] = s;
        }
        if (first) {
            seed = ggml_new_tensor_1d(grads, GGML_TYPE_F32, 1);
            ggml_set_name(seed, "loss seed");
            first = false;
        }
        ggml_backend_buffer_t grad_buf = ggml_backend_alloc_ctx_tensors_from_buft(grads, buft);
        ggml_backend_buffer_t moment_buf = ggml_backend_alloc_ctx_tensors_from_buft(moments, buft);
        if (!grad_buf || !moment_buf) {
            throw TrainerError("internal", std::string("out of memory for optimizer state on ") + ggml_backend_buft_name(buft),
                "out_of_memory", {{"device", std::string(ggml_backend_buft_name(buft))}});
        }
        ggml_backend_buffer_clear(moment_buf, 0);
        grad_buffers.push_back(grad_buf);
        other_buffers.push_back(moment_buf);
    }
    ggml_context * host = new_meta_context(1);
    contexts.push_back(host);
    hyper = ggml_new_tensor_1d(host, GGML_TYPE_F32, 7);
    ggml_set_name(hyper, "adamw params");
    ggml_backend_buffer_t host_buf = ggml_backend_alloc_ctx_tensors_from_buft(host, ggml_backend_cpu_buffer_type());
    if (!host_buf) {
        throw TrainerError("internal", "out of memory for optimizer parameters", "out_of_memory", {{"device", std::string("CPU")}});
    }
    other_buffers.push_back(host_buf);
    zero_grads();
}

size_t AdamWState::bytes_on(ggml_backend_dev_t device) const {
    size_t total = 0;
    for (const auto & buffers : {grad_buffers, other_buffers}) {
        for (auto * buf : buffers) {
            if (ggml_backend_buft_get_device(ggml_backend_buffer_get_type(buf)) == device) {
                total += ggml_backend_buffer_get_size(buf);
            }
        }
    }
    return total;
}

ggml_tensor * AdamWState::grad(const ggml_tensor * param) const {
    auto it = slots.find(param);
    return it == slots.end() ? nullptr : it->second.grad;
}

ggml_tensor * AdamWState::moment1(const ggml_tensor * param) const {
    auto it = slots.find(param);
    return it == slots.end() ? nullptr : it->second.m;
}

ggml_tensor * AdamWState::moment2(const ggml_tensor * param) const {
    auto it = slots.find(param);
    return it == slots.end() ? nullptr : it->second.v;
}

void AdamWState::zero_grads() {
    for (auto * buf : grad_buffers) {
        ggml_backend_buffer_clear(buf, 0);
    }
    const float one = 1.0f;
    ggml_backend_tensor_set(seed, &one, 0, sizeof(one));
}

double AdamWState::grad_norm(ggml_backend_sched_t sched) const {
    ScratchContext scratch(4 * params.size() + 16);
    ggml_tensor * total = nullptr;
    for (auto * p : params) {
        ggml_tensor * g = slots.at(p).grad;
        ggml_tensor * sq = ggml_sum(scratch.ctx, ggml_sqr(scratch.ctx, g));
        total = total ? ggml_add(scratch.ctx, total, sq) : sq;
    }
    ggml_set_output(total);
    ggml_build_forward_expand(scratch.graph, total);
    compute(sched, scratch.graph);
    float value = 0;
    ggml_backend_tensor_get(total, &value, 0, sizeof(value));
    return std::sqrt((double) value);
}

void AdamWState::apply(ggml_backend_sched_t sched, const OptimizerStepParams & p, float grad_scale) {
    const int64_t t = steps + 1;
    const float values[7] = {
        p.lr, p.beta1, p.beta2, p.eps, p.weight_decay,
        1.0f / (1.0f - std::pow(p.beta1, (float) t)),
        1.0f / (1.0f - std::pow(p.beta2, (float) t)),
    };
    ScratchContext scratch(3 * params.size() + 16);
    for (auto * param : params) {
        const Slots & s = slots.at(param);
        ggml_tensor * g = grad_scale == 1.0f ? s.grad : ggml_scale(scratch.ctx, s.grad, grad_scale);
        ggml_build_forward_expand(scratch.graph, ggml_opt_step_adamw(scratch.ctx, param, g, s.m, s.v, hyper));
    }
    ggml_backend_sched_reset(sched);
    if (!ggml_backend_sched_alloc_graph(sched, scratch.graph)) {
        throw TrainerError("internal", "could not allocate the optimizer graph");
    }
    ggml_backend_tensor_set(hyper, values, 0, sizeof(values));
    if (ggml_backend_sched_graph_compute(sched, scratch.graph) != GGML_STATUS_SUCCESS) {
        throw TrainerError("internal", "the optimizer step failed to compute");
    }
    steps = t;
}
