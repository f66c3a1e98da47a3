#include "gguf_file.h"

#include "atomic_file.h"
#include "trainer_error.h"

void write_gguf_file(
        const std::string & path,
        const std::function<void(gguf_context *)> & set_metadata,
        const std::vector<GgufTensorToWrite> & tensors) {
    std::unique_ptr<gguf_context, decltype(&gguf_free)> gguf(gguf_init_empty(), gguf_free);
    set_metadata(gguf.get());

    ggml_init_params params = {
        /*.mem_size   =*/ (tensors.size() + 1) * ggml_tensor_overhead(),
        /*.mem_buffer =*/ nullptr,
        /*.no_alloc   =*/ true,
    };
    std::unique_ptr<ggml_context, decltype(&ggml_free)> headers(ggml_init(params), ggml_free);
    for (const auto & t : tensors) {
        int64_t ne[GGML_MAX_DIMS] = {1, 1, 1, 1};
        for (size_t i = 0; i < t.shape.size() && i < GGML_MAX_DIMS; ++i) {
            ne[i] = t.shape[i];
        }
        ggml_tensor * header = ggml_new_tensor(headers.get(), t.type, (int) t.shape.size(), ne);
        ggml_set_name(header, t.name.c_str());
        gguf_add_tensor(gguf.get(), header);
        gguf_set_tensor_data(gguf.get(), t.name.c_str(), t.data);
    }

    write_file_atomically(path, [&](const std::string & temp) {
        if (!gguf_write_to_file(gguf.get(), temp.c_str(), false)) {
            throw TrainerError("internal", "cannot write " + temp, "write_failed", {{"file", path}});
        }
    });
}

GgufFile::GgufFile(const std::string & path) : file_path(path) {
    if (!file_exists(path)) {
        throw TrainerError("not_found", "file not found: " + path, "file_not_found", {{"file", path}});
    }
    gguf_init_params params = {
        /*.no_alloc =*/ false,
        /*.ctx      =*/ &data,
    };
    gguf = gguf_init_from_file(path.c_str(), params);
    if (!gguf) {
        throw TrainerError("bad_input", "not a valid GGUF file: " + path, "gguf_unreadable", {{"file", path}});
    }
}

GgufFile::~GgufFile() {
    if (gguf) {
        gguf_free(gguf);
    }
    if (data) {
        ggml_free(data);
    }
}

ggml_tensor * GgufFile::tensor(const std::string & name) const {
    return ggml_get_tensor(data, name.c_str());
}

std::vector<ggml_tensor *> GgufFile::tensors() const {
    // by the file's tensor list: the data context also holds the blob the tensors are views of
    std::vector<ggml_tensor *> result;
    for (int64_t i = 0; i < gguf_get_n_tensors(gguf); ++i) {
        result.push_back(ggml_get_tensor(data, gguf_get_tensor_name(gguf, i)));
    }
    return result;
}

std::string GgufFile::string_value(const std::string & key, const std::string & fallback) const {
    const int64_t id = gguf_find_key(gguf, key.c_str());
    if (id < 0 || gguf_get_kv_type(gguf, id) != GGUF_TYPE_STRING) {
        return fallback;
    }
    return gguf_get_val_str(gguf, id);
}

double GgufFile::number_value(const std::string & key, double fallback) const {
    const int64_t id = gguf_find_key(gguf, key.c_str());
    if (id < 0) {
        return fallback;
    }
    switch (gguf_get_kv_type(gguf, id)) {
        case GGUF_TYPE_FLOAT32: return gguf_get_val_f32(gguf, id);
        case GGUF_TYPE_FLOAT64: return gguf_get_val_f64(gguf, id);
        case GGUF_TYPE_UINT32:  return gguf_get_val_u32(gguf, id);
        case GGUF_TYPE_INT32:   return gguf_get_val_i32(gguf, id);
        case GGUF_TYPE_UINT64:  return (double) gguf_get_val_u64(gguf, id);
        case GGUF_TYPE_INT64:   return (double) gguf_get_val_i64(gguf, id);
        default:                return fallback;
    }
}
