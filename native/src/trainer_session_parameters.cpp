#include "trainer_session.h"

#include "gguf_file.h"
#include "lora_adapter_file.h"
#include "trainer_error.h"

// internal llama.cpp headers: the adapter's A/B tensors and the model's tensors by name
#include "llama-adapter.h"
#include "llama-context.h"
#include "llama-model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

// Which tensors a session trains: a LoRA adapter (fresh or continued) or every F32 model tensor.

namespace {

const std::map<std::string, std::string> & target_tensor_names() {
    static const std::map<std::string, std::string> names = {
        {"q", "attn_q"}, {"k", "attn_k"}, {"v", "attn_v"}, {"o", "attn_output"},
        {"gate", "ffn_gate"}, {"up", "ffn_up"}, {"down", "ffn_down"},
    };
    return names;
}

std::string target_of_tensor(const std::string & base_name) {
    for (const auto & [target, tensor] : target_tensor_names()) {
        if (base_name.find("." + tensor + ".weight") != std::string::npos) {
            return target;
        }
    }
    return "";
}

std::vector<float> tensor_to_f32(const ggml_tensor * t, const std::string & file) {
    const int64_t n = ggml_nelements(t);
    std::vector<float> out(n);
    if (t->type == GGML_TYPE_F32) {
        std::memcpy(out.data(), t->data, n * sizeof(float));
        return out;
    }
    const auto * traits = ggml_get_type_traits(t->type);
    if (!traits->to_float) {
        throw TrainerError("bad_input", std::string("LoRA tensor ") + t->name + " has type " + ggml_type_name(t->type) +
            ", which cannot be converted to F32", "tensor_type_not_convertible",
            {{"file", file}, {"tensor", std::string(t->name)}, {"type", std::string(ggml_type_name(t->type))}});
    }
    traits->to_float(t->data, out.data(), n);
    return out;
}

std::string meta_string(const llama_model * model, const char * key) {
    char buf[256];
    const int32_t n = llama_model_meta_val_str(model, key, buf, sizeof(buf));
    return n < 0 ? "" : std::string(buf);
}

} // namespace

void TrainerSession::load_lora(const SessionOptions & opts) {
    LoraAdapterContents contents;
    contents.architecture = meta_string(model, "general.architecture");
    contents.base_model_name = meta_string(model, "general.name");

    if (!opts.init_adapter_path.empty()) {
        GgufFile file(opts.init_adapter_path);
        if (file.string_value("general.type") != "adapter" || file.string_value("adapter.type") != "lora") {
            throw TrainerError("bad_input", opts.init_adapter_path + " is not a llama.cpp LoRA adapter (general.type/adapter.type)",
                "not_an_adapter", {{"file", opts.init_adapter_path}});
        }
        if (file.string_value("general.architecture") != contents.architecture) {
            throw TrainerError("bad_input", opts.init_adapter_path + " was made for architecture '" +
                file.string_value("general.architecture") + "', the model is '" + contents.architecture + "'",
                "interop_architecture_mismatch", {{"adapter", opts.init_adapter_path}, {"adapterArchitecture", file.string_value("general.architecture")},
                    {"base", opts.model_path}, {"baseArchitecture", contents.architecture}});
        }
        contents.alpha = (float) file.number_value("adapter.lora.alpha", 0.0);
        std::map<std::string, LoraPair> pairs;
        for (ggml_tensor * t : file.tensors()) {
            std::string name = t->name;
            const bool is_a = name.size() > 7 && name.compare(name.size() - 7, 7, ".lora_a") == 0;
            const bool is_b = name.size() > 7 && name.compare(name.size() - 7, 7, ".lora_b") == 0;
            if (!is_a && !is_b) {
                continue;
            }
            LoraPair & pair = pairs[name.substr(0, name.size() - 7)];
            if (is_a) {
                pair.a = tensor_to_f32(t, opts.init_adapter_path);
                pair.n_in = t->ne[0];
                pair.rank = t->ne[1];
            } else {
                pair.b = tensor_to_f32(t, opts.init_adapter_path);
                pair.n_out = t->ne[1];
            }
        }
        for (auto & [base, pair] : pairs) {
            pair.base_name = base;
            if (pair.a.empty() || pair.b.empty()) {
                throw TrainerError("bad_input", opts.init_adapter_path + ": " + base + " has only one of lora_a/lora_b",
                    "adapter_pair_incomplete", {{"adapter", opts.init_adapter_path}, {"tensor", base + (pair.a.empty() ? ".lora_a" : ".lora_b")}});
            }
            // llama.cpp's loader checks the same, but only says that it failed: name the tensor and both shapes
            const ggml_tensor * weight = model->get_tensor(base.c_str());
            if (!weight) {
                throw TrainerError("bad_input", opts.init_adapter_path + " adapts " + base + ", which the model " + opts.model_path + " does not have",
                    "adapter_tensor_not_in_base", {{"adapter", opts.init_adapter_path}, {"base", opts.model_path}, {"tensor", base}});
            }
            const int64_t rank_b = (int64_t) pair.b.size() / std::max<int64_t>(1, pair.n_out);
            if (weight->ne[0] != pair.n_in || weight->ne[1] != pair.n_out || rank_b != pair.rank) {
                const std::string expected = "[" + std::to_string(weight->ne[0]) + ", " + std::to_string(weight->ne[1]) + "]";
                const std::string actual = "A [" + std::to_string(pair.n_in) + ", " + std::to_string(pair.rank) + "] · B [" +
                    std::to_string(rank_b) + ", " + std::to_string(pair.n_out) + "]";
                throw TrainerError("bad_input", opts.init_adapter_path + ": " + base + " is " + expected + " in the model " + opts.model_path +
                    " but the adapter's lora_a/lora_b are " + actual, "adapter_base_mismatch",
                    {{"adapter", opts.init_adapter_path}, {"base", opts.model_path}, {"tensor", base}, {"expected", expected}, {"actual", actual}});
            }
            contents.rank = (int) pair.rank;
            contents.pairs.push_back(std::move(pair));
        }
        if (contents.pairs.empty()) {
            throw TrainerError("bad_input", opts.init_adapter_path + " holds no lora_a/lora_b tensors", "interop_no_lora_tensors", {{"file", opts.init_adapter_path}});
        }
    } else {
        if (opts.lora_rank < 1) {
            throw TrainerError("bad_input", "lora.rank must be at least 1");
        }
        if (opts.lora_targets.empty()) {
            throw TrainerError("bad_input", "lora.targets is empty: name at least one of q, k, v, o, gate, up, down");
        }
        contents.alpha = opts.lora_alpha;
        contents.rank = opts.lora_rank;
        const int32_t n_layer = llama_model_n_layer(model);
        for (const auto & target : opts.lora_targets) {
            auto it = target_tensor_names().find(target);
            if (it == target_tensor_names().end()) {
                throw TrainerError("bad_input", "lora.targets: unknown target '" + target + "' (use q, k, v, o, gate, up, down)");
            }
            int found = 0;
            for (int32_t il = 0; il < n_layer; ++il) {
                const std::string base = "blk." + std::to_string(il) + "." + it->second + ".weight";
                const ggml_tensor * w = model->get_tensor(base.c_str());
                if (!w) {
                    continue;
                }
                found++;
                LoraPair pair;
                pair.base_name = base;
                pair.n_in = w->ne[0];
                pair.n_out = w->ne[1];
                pair.rank = opts.lora_rank;
                // Kaiming-uniform A (bound 1/sqrt(fan_in), as PEFT does) and zero B: the adapter starts as a no-op
                pair.a.resize(pair.n_in * pair.rank);
                const float bound = 1.0f / std::sqrt((float) pair.n_in);
                std::uniform_real_distribution<float> uniform(-bound, bound);
                for (float & x : pair.a) {
                    x = uniform(rng);
                }
                pair.b.assign(pair.rank * pair.n_out, 0.0f);
                contents.pairs.push_back(std::move(pair));
            }
            if (found == 0) {
                throw TrainerError("unsupported", "lora.targets: '" + target + "' (" + it->second +
                    ") does not exist in this model; it may use fused projections");
            }
        }
    }

    session_info.lora_rank = contents.rank;
    session_info.lora_alpha = contents.alpha;
    for (const auto & pair : contents.pairs) {
        const std::string target = target_of_tensor(pair.base_name);
        if (!target.empty() && std::find(session_info.lora_targets.begin(), session_info.lora_targets.end(), target) == session_info.lora_targets.end()) {
            session_info.lora_targets.push_back(target);
        }
    }

    // The stock loader does the shape checks and places A/B next to their base weights (CPU or GPU).
    const std::string temp = temporary_adapter_path();
    write_lora_adapter(temp, contents);
    adapter = llama_adapter_lora_init(model, temp.c_str());
    std::remove(temp.c_str());
    if (!adapter) {
        throw TrainerError("bad_input", "llama.cpp rejected the LoRA adapter for this model (shapes do not match the base?)");
    }
    for (auto & [name, weight] : adapter->ab_map) {
        ggml_set_param(weight.a);
        ggml_set_param(weight.b);
        params.push_back(weight.a);
        params.push_back(weight.b);
    }
    std::sort(params.begin(), params.end(), [](const ggml_tensor * x, const ggml_tensor * y) {
        return std::strcmp(x->name, y->name) < 0;
    });
    float scale = 1.0f;
    if (llama_set_adapters_lora(ctx, &adapter, 1, &scale) != 0) {
        throw TrainerError("internal", "llama.cpp could not attach the LoRA adapter to the context");
    }
}

void TrainerSession::collect_full_parameters() {
    for (auto & [name, tensor] : model->tensors_by_name) {
        // rope_freqs holds constants, not weights
        if (tensor->type != GGML_TYPE_F32 || name == "rope_freqs.weight") {
            continue;
        }
        ggml_set_param(tensor);
        params.push_back(tensor);
    }
    std::sort(params.begin(), params.end(), [](const ggml_tensor * x, const ggml_tensor * y) {
        return std::strcmp(x->name, y->name) < 0;
    });
    if (params.empty()) {
        throw TrainerError("unsupported", "the model has no F32 tensors to train");
    }
}

