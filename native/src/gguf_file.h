#pragma once

#include "ggml.h"
#include "gguf.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

struct GgufTensorToWrite {
    std::string name;
    ggml_type   type;
    std::vector<int64_t> shape; // ggml order: shape[0] is the row length
    const void * data;          // ggml_nbytes of the tensor, host memory
};

// Writes a GGUF file atomically (temp file, fsync, rename).
void write_gguf_file(
        const std::string & path,
        const std::function<void(gguf_context *)> & set_metadata,
        const std::vector<GgufTensorToWrite> & tensors);

// A GGUF file read completely into host memory.
class GgufFile {
  public:
    explicit GgufFile(const std::string & path);
    ~GgufFile();
    GgufFile(const GgufFile &) = delete;
    GgufFile & operator=(const GgufFile &) = delete;

    ggml_tensor * tensor(const std::string & name) const; // nullptr when absent
    std::vector<ggml_tensor *> tensors() const;
    std::string string_value(const std::string & key, const std::string & fallback = "") const;
    double number_value(const std::string & key, double fallback) const;
    const std::string & path() const { return file_path; }

  private:
    std::string    file_path;
    gguf_context * gguf = nullptr;
    ggml_context * data = nullptr;
};
