#include "trainer_session.h"

#include "gguf_file.h"
#include "lora_adapter_file.h"
#include "trainer_error.h"

// internal llama.cpp headers: adapter tensors and model tensors by name
#include "llama-adapter.h"
#include "llama-model.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sstream>

// Everything a session writes to or reads from disk: adapters, full models, checkpoint state.

namespace {

std::string model_name(const llama_model * model) {
    char buf[256];
    const int32_t n = llama_model_meta_val_str(model, "general.name", buf, sizeof(buf));
    return n < 0 ? "" : std::string(buf);
}

// A tensor's shape as ggml lists it, "[64, 8]": a param of the reasons that compare shapes.
std::string shape_text(const ggml_tensor * t) {
    std::string text = "[";
    for (int i = 0; i < ggml_n_dims(t); ++i) {
        text += (i ? ", " : "") + std::to_string(t->ne[i]);
    }
    return text + "]";
}

} // namespace

void TrainerSession::save_adapter(const std::string & path) const {
    if (!adapter) {
        throw TrainerError("bad_input", "saveAdapter needs a LoRA session; use saveModel for full-parameter training");
    }
    LoraAdapterContents contents;
    contents.architecture = session_info.architecture;
    contents.base_model_name = model_name(model);
    contents.alpha = session_info.lora_alpha;
    contents.rank = session_info.lora_rank;
    contents.training_steps = optimizer.step();
    std::vector<std::pair<std::string, llama_adapter_lora_weight>> weights(adapter->ab_map.begin(), adapter->ab_map.end());
    std::sort(weights.begin(), weights.end(), [](const auto & x, const auto & y) { return x.first < y.first; });
    for (const auto & [base, weight] : weights) {
        LoraPair pair;
        pair.base_name = base;
        pair.n_in = weight.a->ne[0];
        pair.rank = weight.a->ne[1];
        pair.n_out = weight.b->ne[1];
        pair.a.resize(ggml_nelements(weight.a));
        pair.b.resize(ggml_nelements(weight.b));
        ggml_backend_tensor_get(weight.a, pair.a.data(), 0, ggml_nbytes(weight.a));
        ggml_backend_tensor_get(weight.b, pair.b.data(), 0, ggml_nbytes(weight.b));
        contents.pairs.push_back(std::move(pair));
    }
    write_lora_adapter(path, contents);
}

void TrainerSession::save_model(const std::string & path) const {
    if (!options.full) {
        throw TrainerError("bad_input", "saveModel needs a full-parameter session; use saveAdapter for LoRA");
    }
    // Same metadata and tensor order as the base file, with the trained values read back from the backend.
    gguf_init_params params_meta = {/*.no_alloc =*/ true, /*.ctx =*/ nullptr};
    std::unique_ptr<gguf_context, decltype(&gguf_free)> base(gguf_init_from_file(options.model_path.c_str(), params_meta), gguf_free);
    if (!base) {
        throw TrainerError("not_found", "cannot reread the base model " + options.model_path, "model_unreadable", {{"file", options.model_path}});
    }
    GgufFile base_data(options.model_path);
    std::vector<std::vector<uint8_t>> buffers;
    std::vector<GgufTensorToWrite> tensors;
    for (ggml_tensor * t : base_data.tensors()) {
        const ggml_tensor * live = model->get_tensor(t->name);
        std::vector<uint8_t> bytes(ggml_nbytes(t));
        if (live && ggml_nbytes(live) == bytes.size()) {
            ggml_backend_tensor_get(live, bytes.data(), 0, bytes.size());
        } else {
            std::memcpy(bytes.data(), t->data, bytes.size());
        }
        buffers.push_back(std::move(bytes));
        tensors.push_back({t->name, t->type, {t->ne[0], t->ne[1], t->ne[2], t->ne[3]}, buffers.back().data()});
        tensors.back().shape.resize(std::max(1, ggml_n_dims(t)));
    }
    const int64_t steps = optimizer.step();
    write_gguf_file(path, [&](gguf_context * out) {
        gguf_set_kv(out, base.get());
        gguf_set_val_u64(out, "workbench.training.steps", (uint64_t) steps);
    }, tensors);
}

void TrainerSession::save_state(const std::string & path) const {
    std::vector<std::vector<float>> buffers;
    std::vector<GgufTensorToWrite> tensors;
    auto add = [&](const std::string & name, const ggml_tensor * t) {
        std::vector<float> values(ggml_nelements(t));
        ggml_backend_tensor_get(t, values.data(), 0, ggml_nbytes(t));
        buffers.push_back(std::move(values));
        std::vector<int64_t> shape(t->ne, t->ne + std::max(1, ggml_n_dims(t)));
        tensors.push_back({name, GGML_TYPE_F32, shape, buffers.back().data()});
    };
    buffers.reserve(params.size() * 3);
    for (auto * p : params) {
        add(p->name, p);
        add(std::string(p->name) + ".adam_m", optimizer.moment1(p));
        add(std::string(p->name) + ".adam_v", optimizer.moment2(p));
    }
    std::ostringstream rng_state;
    rng_state << rng;
    const int64_t steps = optimizer.step();
    write_gguf_file(path, [&](gguf_context * out) {
        gguf_set_val_str(out, "general.type", "workbench-training-state");
        gguf_set_val_u32(out, "workbench.state.version", 1);
        gguf_set_val_str(out, "workbench.state.mode", options.full ? "full" : "lora");
        gguf_set_val_u64(out, "workbench.state.step", (uint64_t) steps);
        gguf_set_val_str(out, "workbench.state.rng", rng_state.str().c_str());
    }, tensors);
}

int64_t TrainerSession::load_state(const std::string & path) {
    GgufFile file(path);
    if (file.string_value("general.type") != "workbench-training-state") {
        throw TrainerError("bad_input", path + " is not a training state file written by saveCheckpoint", "checkpoint_invalid", {{"file", path}});
    }
    const std::string mode = file.string_value("workbench.state.mode");
    if (mode != (options.full ? "full" : "lora")) {
        throw TrainerError("bad_input", path + " holds a '" + mode + "' checkpoint; this session trains '" +
            (options.full ? "full" : "lora") + "'", "checkpoint_mode_mismatch",
            {{"folder", std::filesystem::path(path).parent_path().string()}, {"checkpointMode", mode},
             {"sessionMode", std::string(options.full ? "full" : "lora")}});
    }
    // validate everything before changing anything
    for (auto * p : params) {
        for (const std::string & name : {std::string(p->name), std::string(p->name) + ".adam_m", std::string(p->name) + ".adam_v"}) {
            ggml_tensor * saved = file.tensor(name);
            if (!saved) {
                throw TrainerError("bad_input", path + " has no tensor " + name + ": it was saved with other LoRA targets or another model",
                    "checkpoint_other_model", {{"file", path}, {"tensor", name}});
            }
            if (saved->type != GGML_TYPE_F32 || ggml_nelements(saved) != ggml_nelements(p) || !ggml_are_same_shape(saved, p)) {
                throw TrainerError("bad_input", path + ": " + name + " has another shape than this session's (different rank or model?)",
                    "checkpoint_shape_mismatch", {{"file", path}, {"tensor", name}, {"expected", shape_text(p)}, {"actual", shape_text(saved)}});
            }
        }
    }
    for (auto * p : params) {
        ggml_backend_tensor_set(p, file.tensor(p->name)->data, 0, ggml_nbytes(p));
        ggml_backend_tensor_set(optimizer.moment1(p), file.tensor(std::string(p->name) + ".adam_m")->data, 0, ggml_nbytes(p));
        ggml_backend_tensor_set(optimizer.moment2(p), file.tensor(std::string(p->name) + ".adam_v")->data, 0, ggml_nbytes(p));
    }
    std::istringstream rng_state(file.string_value("workbench.state.rng"));
    rng_state >> rng;
    optimizer.set_step((int64_t) file.number_value("workbench.state.step", 0));
    return optimizer.step();
}
