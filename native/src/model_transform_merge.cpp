#include "model_transform.h"
#include "trainer_error.h"

#include "ggml.h"
#include "gguf.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <thread>
#include <vector>

namespace {

struct GgufHandle {
    gguf_context * gguf = nullptr;
    ggml_context * meta = nullptr;
    ~GgufHandle() {
        if (gguf) gguf_free(gguf);
        if (meta) ggml_free(meta);
    }
};

// Reads a GGUF header (and, with load_data, its tensors into memory).
void open_gguf(GgufHandle & handle, const std::string & path, bool load_data, const char * what) {
    gguf_init_params params = {/*no_alloc*/ !load_data, /*ctx*/ &handle.meta};
    handle.gguf = gguf_init_from_file(path.c_str(), params);
    if (!handle.gguf) {
        throw TrainerError("bad_input", std::string("merge: the ") + what + " " + path + " is not a readable GGUF file", "gguf_unreadable", {{"file", path}});
    }
}

std::string string_value(gguf_context * gguf, const char * key) {
    const int64_t id = gguf_find_key(gguf, key);
    return id >= 0 && gguf_get_kv_type(gguf, id) == GGUF_TYPE_STRING ? gguf_get_val_str(gguf, id) : "";
}

// Any float type of an adapter tensor (F32, F16, BF16, quantized) as F32.
std::vector<float> as_f32(const ggml_tensor * t, const std::string & file) {
    std::vector<float> out((size_t) ggml_nelements(t));
    if (t->type == GGML_TYPE_F32) {
        std::copy_n(static_cast<const float *>(t->data), out.size(), out.data());
        return out;
    }
    const auto * traits = ggml_get_type_traits(t->type);
    if (!traits->to_float) {
        throw TrainerError("unsupported", std::string("merge: adapter tensor ") + t->name + " has type " + ggml_type_name(t->type) + ", which cannot be read as F32",
            "tensor_type_not_convertible", {{"file", file}, {"tensor", std::string(t->name)}, {"type", std::string(ggml_type_name(t->type))}});
    }
    traits->to_float(t->data, out.data(), (int64_t) out.size());
    return out;
}

struct AdapterPair {
    std::vector<float> a; // [rank][n_in]: ggml shape [n_in, rank]
    std::vector<float> b; // [n_out][rank]: ggml shape [rank, n_out]
    int64_t rank = 0;
};

// W[o][i] += scale * sum_k B[o][k] * A[k][i], rows split across threads.
void add_low_rank(std::vector<float> & w, int64_t n_in, int64_t n_out, const AdapterPair & pair, float scale, int threads) {
    auto rows = [&](int64_t from, int64_t to) {
        for (int64_t o = from; o < to; ++o) {
            float * row = w.data() + o * n_in;
            for (int64_t k = 0; k < pair.rank; ++k) {
                const float coefficient = scale * pair.b[(size_t) (o * pair.rank + k)];
                const float * a = pair.a.data() + k * n_in;
                for (int64_t i = 0; i < n_in; ++i) {
                    row[i] += coefficient * a[i];
                }
            }
        }
    };
    const int64_t n_threads = std::max<int64_t>(1, std::min<int64_t>(threads, n_out / 16));
    if (n_threads == 1) {
        rows(0, n_out);
        return;
    }
    std::vector<std::thread> workers;
    const int64_t per = (n_out + n_threads - 1) / n_threads;
    for (int64_t t = 0; t < n_threads; ++t) {
        workers.emplace_back(rows, std::min(n_out, t * per), std::min(n_out, (t + 1) * per));
    }
    for (auto & worker : workers) {
        worker.join();
    }
}

bool is_float_type(ggml_type type) {
    return type == GGML_TYPE_F32 || type == GGML_TYPE_F16 || type == GGML_TYPE_BF16;
}

struct FileCloser {
    void operator()(FILE * f) const { if (f) std::fclose(f); }
};

void write_all(FILE * out, const void * data, size_t size, const std::string & path) {
    if (size > 0 && std::fwrite(data, 1, size, out) != size) {
        throw TrainerError("internal", "merge: could not write " + path + " (disk full?)", "write_failed", {{"file", path}});
    }
}

MergeResult merge_into(const MergeRequest & request, const std::string & partial, TransformProgress & progress) {
    GgufHandle adapter;
    open_gguf(adapter, request.adapter, true, "adapter");
    if (string_value(adapter.gguf, "general.type") != "adapter" || string_value(adapter.gguf, "adapter.type") != "lora") {
        throw TrainerError("bad_input", "merge: " + request.adapter + " is not a LoRA adapter (general.type must be \"adapter\", adapter.type \"lora\")",
            "not_an_adapter", {{"file", request.adapter}});
    }
    GgufHandle base;
    open_gguf(base, request.base, false, "model");
    const std::string architecture = string_value(base.gguf, "general.architecture");
    const std::string adapter_architecture = string_value(adapter.gguf, "general.architecture");
    if (architecture != adapter_architecture) {
        throw TrainerError("bad_input", "merge: the adapter " + request.adapter + " is for a " + adapter_architecture + " model, the base " + request.base + " is " + architecture,
            "interop_architecture_mismatch", {{"adapter", request.adapter}, {"adapterArchitecture", adapter_architecture}, {"base", request.base}, {"baseArchitecture", architecture}});
    }
    const int64_t alpha_id = gguf_find_key(adapter.gguf, "adapter.lora.alpha");
    const float alpha = alpha_id >= 0 ? gguf_get_val_f32(adapter.gguf, alpha_id) : 0.0f;

    // Pair each base weight with its lora_a/lora_b and check shapes the way llama.cpp's adapter loader does.
    std::map<std::string, AdapterPair> pairs;
    for (ggml_tensor * t = ggml_get_first_tensor(adapter.meta); t; t = ggml_get_next_tensor(adapter.meta, t)) {
        const std::string name = t->name;
        const size_t suffix = name.size() >= 7 ? name.size() - 7 : std::string::npos;
        if (suffix == std::string::npos || name.compare(suffix, 7, ".lora_a") != 0) {
            continue;
        }
        const std::string weight = name.substr(0, suffix);
        ggml_tensor * b = ggml_get_tensor(adapter.meta, (weight + ".lora_b").c_str());
        const int64_t base_id = gguf_find_tensor(base.gguf, weight.c_str());
        if (!b) {
            throw TrainerError("bad_input", "merge: the adapter has " + name + " but no " + weight + ".lora_b",
                "adapter_pair_incomplete", {{"adapter", request.adapter}, {"tensor", weight + ".lora_b"}});
        }
        if (base_id < 0) {
            throw TrainerError("bad_input", "merge: the adapter changes " + weight + ", which the base " + request.base + " does not have (an adapter for another model?)",
                "adapter_tensor_not_in_base", {{"adapter", request.adapter}, {"base", request.base}, {"tensor", weight}});
        }
        if (weight.size() >= 17 && weight.compare(weight.size() - 17, 17, "token_embd.weight") == 0) {
            throw TrainerError("unsupported", "merge: adapters on the token embedding (" + weight + ") are not merged yet", "merge_embedding_unsupported", {{"tensor", weight}});
        }
        const int64_t * ne = gguf_get_tensor_ne(base.gguf, base_id);
        if (ne[2] != 1 || t->ne[0] != ne[0] || b->ne[1] != ne[1] || t->ne[1] != b->ne[0]) {
            throw TrainerError("bad_input", "merge: " + weight + " has shape [" + std::to_string(ne[0]) + ", " + std::to_string(ne[1]) +
                "] in the base but the adapter's A is [" + std::to_string(t->ne[0]) + ", " + std::to_string(t->ne[1]) + "] and B [" +
                std::to_string(b->ne[0]) + ", " + std::to_string(b->ne[1]) + "] (an adapter for another model?)",
                "adapter_base_mismatch", {{"adapter", request.adapter}, {"base", request.base}, {"tensor", weight},
                    {"expected", "[" + std::to_string(ne[0]) + ", " + std::to_string(ne[1]) + "]"},
                    {"actual", "A [" + std::to_string(t->ne[0]) + ", " + std::to_string(t->ne[1]) + "] · B [" + std::to_string(b->ne[0]) + ", " + std::to_string(b->ne[1]) + "]"}});
        }
        AdapterPair pair;
        pair.a = as_f32(t, request.adapter);
        pair.b = as_f32(b, request.adapter);
        pair.rank = b->ne[0];
        pairs.emplace(weight, std::move(pair));
    }
    if (pairs.empty()) {
        throw TrainerError("bad_input", "merge: the adapter " + request.adapter + " has no lora_a/lora_b tensors", "interop_no_lora_tensors", {{"file", request.adapter}});
    }

    // The output: the base's metadata and tensors in the base's order; adapted weights of a quantized base become F16.
    gguf_context * out_raw = gguf_init_empty();
    std::unique_ptr<gguf_context, void (*)(gguf_context *)> out(out_raw, gguf_free);
    gguf_set_kv(out.get(), base.gguf);
    gguf_set_val_str(out.get(), "workbench.merge.adapter", std::filesystem::path(request.adapter).filename().string().c_str());
    gguf_set_val_f32(out.get(), "workbench.merge.scale", request.scale);
    const int64_t n_tensors = gguf_get_n_tensors(base.gguf);
    MergeResult result;
    result.architecture = architecture;
    result.tensors = n_tensors;
    for (int64_t i = 0; i < n_tensors; ++i) {
        const char * name = gguf_get_tensor_name(base.gguf, i);
        ggml_tensor * t = ggml_get_tensor(base.meta, name);
        gguf_add_tensor(out.get(), t);
        if (pairs.count(name) && !is_float_type(t->type)) {
            gguf_set_tensor_type(out.get(), name, GGML_TYPE_F16);
            result.dequantized = true;
        }
    }
    progress.tensors_total = n_tensors;

    std::ifstream in(request.base, std::ios::binary);
    std::unique_ptr<FILE, FileCloser> file(std::fopen(partial.c_str(), "wb"));
    if (!in || !file) {
        throw in ? TrainerError("internal", "merge: could not open " + partial, "write_failed", {{"file", partial}})
                 : TrainerError("bad_input", "merge: could not open " + request.base, "file_unreadable", {{"file", request.base}});
    }
    std::vector<uint8_t> meta(gguf_get_meta_size(out.get()));
    gguf_get_meta_data(out.get(), meta.data());
    write_all(file.get(), meta.data(), meta.size(), partial);

    const size_t alignment = gguf_get_alignment(out.get());
    const size_t data_offset = gguf_get_data_offset(base.gguf);
    const int threads = request.threads > 0 ? request.threads : (int) std::thread::hardware_concurrency();
    std::vector<uint8_t> buffer;
    std::vector<uint8_t> converted;
    const std::vector<uint8_t> zeros(alignment, 0);
    for (int64_t i = 0; i < n_tensors; ++i) {
        if (progress.cancel) {
            throw TrainerError("cancelled", "merge: cancelled", "cancelled", {});
        }
        const char * name = gguf_get_tensor_name(base.gguf, i);
        const size_t size = gguf_get_tensor_size(base.gguf, i);
        buffer.resize(size);
        in.seekg((std::streamoff) (data_offset + gguf_get_tensor_offset(base.gguf, i)));
        if (!in.read(reinterpret_cast<char *>(buffer.data()), (std::streamsize) size)) {
            throw TrainerError("bad_input", std::string("merge: the base ") + request.base + " ends inside tensor " + name,
                "interop_tensor_truncated", {{"file", request.base}, {"tensor", std::string(name)}});
        }
        const void * data = buffer.data();
        size_t written = size;
        auto pair = pairs.find(name);
        if (pair != pairs.end()) {
            const ggml_tensor * t = ggml_get_tensor(base.meta, name);
            const int64_t n_in = t->ne[0];
            const int64_t n_out = t->ne[1];
            std::vector<float> w((size_t) (n_in * n_out));
            if (t->type == GGML_TYPE_F32) {
                std::copy_n(reinterpret_cast<const float *>(buffer.data()), w.size(), w.data());
            } else {
                const auto * traits = ggml_get_type_traits(t->type);
                if (!traits->to_float) {
                    throw TrainerError("unsupported", std::string("merge: base tensor ") + name + " has type " + ggml_type_name(t->type) + ", which cannot be dequantized",
                        "tensor_type_not_convertible", {{"file", request.base}, {"tensor", std::string(name)}, {"type", std::string(ggml_type_name(t->type))}});
                }
                traits->to_float(buffer.data(), w.data(), (int64_t) w.size());
            }
            const float rank = (float) pair->second.rank;
            // llama.cpp's scale for an adapter: user scale · alpha / rank, or the user scale alone when alpha is 0.
            const float scale = alpha != 0.0f ? request.scale * alpha / rank : request.scale;
            add_low_rank(w, n_in, n_out, pair->second, scale, threads);
            const ggml_type out_type = is_float_type(t->type) ? t->type : GGML_TYPE_F16;
            converted.resize(ggml_row_size(out_type, n_in) * (size_t) n_out);
            written = ggml_quantize_chunk(out_type, w.data(), converted.data(), 0, n_out, n_in, nullptr);
            data = converted.data();
            ++result.merged_tensors;
        }
        write_all(file.get(), data, written, partial);
        write_all(file.get(), zeros.data(), GGML_PAD(written, alignment) - written, partial);
        progress.tensors_done = i + 1;
    }
    if (std::fflush(file.get()) != 0) {
        throw TrainerError("internal", "merge: could not write " + partial, "write_failed", {{"file", partial}});
    }
    return result;
}

} // namespace

MergeResult merge_lora_into_model(const MergeRequest & request, TransformProgress & progress) {
    std::error_code error;
    if (std::filesystem::exists(request.output, error) &&
        (std::filesystem::equivalent(request.base, request.output, error) || std::filesystem::equivalent(request.adapter, request.output, error))) {
        throw TrainerError("bad_input", "merge: the output " + request.output + " is one of the inputs", "output_is_input", {{"file", request.output}});
    }
    const std::string partial = transform_partial_path(request.output);
    MergeResult result;
    try {
        result = merge_into(request, partial, progress);
    } catch (...) {
        std::filesystem::remove(partial, error);
        throw;
    }
    std::filesystem::rename(partial, request.output, error);
    if (error) {
        std::filesystem::remove(partial, error);
        throw TrainerError("internal", "merge: could not write " + request.output + ": " + error.message(), "write_failed", {{"file", request.output}});
    }
    return result;
}
