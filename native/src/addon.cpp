#include "AddonTrainingSession.h"
#include "addon_args.h"
#include "addon_call.h"
#include "device_schedule.h"
#include "model_support.h"
#include "model_transform_addon.h"
#include "trainer_error.h"

#include "ggml-backend.h"
#include "llama.h"

#include <napi.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace {

// llama.cpp and ggml log every load and reserve at INFO; the trainer host only needs warnings and errors unless
// WORKBENCH_NATIVE_LOG=debug asks for everything.
int log_threshold = GGML_LOG_LEVEL_WARN;
// While loadBackend runs, warnings and errors are kept for its result instead of printed: a CUDA module that
// finds no driver is an expected outcome on most machines, reported once by the caller.
std::string * captured_log = nullptr;

void log_to_stderr(ggml_log_level level, const char * text, void *) {
    if (captured_log) {
        if (level >= GGML_LOG_LEVEL_WARN) {
            *captured_log += text;
        }
        return;
    }
    if (level == GGML_LOG_LEVEL_CONT || level >= log_threshold) {
        if (level != GGML_LOG_LEVEL_CONT || log_threshold <= GGML_LOG_LEVEL_INFO) {
            std::fputs(text, stderr);
        }
    }
}

Napi::Value SystemInfo(const Napi::CallbackInfo & info) {
    return Napi::String::New(info.Env(), llama_print_system_info());
}

Napi::Value Backends(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    Napi::Array out = Napi::Array::New(env);
    for (size_t i = 0; i < ggml_backend_reg_count(); ++i) {
        out.Set((uint32_t) i, ggml_backend_reg_name(ggml_backend_reg_get(i)));
    }
    return out;
}

// Loads a ggml backend module (our libggml-cpu, a prebuilt libggml-vulkan / libggml-cuda of node-llama-cpp's
// platform packages). Returns { name } (the backend's name, null when the module does not load here: no driver,
// a missing runtime library, another API version) and `log`, what ggml said while loading it.
Napi::Value LoadBackend(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    if (!info[0].IsString()) {
        trainer_js_error(env, "bad_input", "loadBackend(path) takes a string").ThrowAsJavaScriptException();
        return env.Undefined();
    }
    std::string log;
    captured_log = &log;
    ggml_backend_reg_t reg = ggml_backend_load(info[0].As<Napi::String>().Utf8Value().c_str());
    captured_log = nullptr;
    Napi::Object out = Napi::Object::New(env);
    out.Set("name", reg ? Napi::String::New(env, ggml_backend_reg_name(reg)) : env.Null());
    out.Set("log", log);
    return out;
}

// Every device of the loaded backends: the trainer's "gpu:N" counts the GPU ones in this order.
Napi::Value Devices(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    Napi::Array out = Napi::Array::New(env);
    const std::vector<ggml_backend_dev_t> gpus = gpu_devices();
    for (size_t i = 0; i < ggml_backend_dev_count(); ++i) {
        ggml_backend_dev_t dev = ggml_backend_dev_get(i);
        size_t free = 0;
        size_t total = 0;
        ggml_backend_dev_memory(dev, &free, &total);
        Napi::Object o = Napi::Object::New(env);
        auto gpu = std::find(gpus.begin(), gpus.end(), dev);
        o.Set("id", gpu == gpus.end() ? (ggml_backend_dev_type(dev) == GGML_BACKEND_DEVICE_TYPE_CPU ? std::string("cpu") : std::string(""))
                                       : "gpu:" + std::to_string(gpu - gpus.begin()));
        o.Set("name", ggml_backend_dev_name(dev));
        o.Set("description", ggml_backend_dev_description(dev));
        o.Set("backend", ggml_backend_reg_name(ggml_backend_dev_backend_reg(dev)));
        o.Set("memoryFreeBytes", (double) free);
        o.Set("memoryTotalBytes", (double) total);
        out.Set(out.Length(), o);
    }
    return out;
}

Napi::Value InspectModel(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        if (!info[0].IsString()) {
            throw TrainerError("bad_input", "inspectModel: modelPath must be a string");
        }
        const std::string device = info.Length() > 1 && info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "auto";
        const ModelSupport support = inspect_model_support(info[0].As<Napi::String>().Utf8Value(), training_device(device));
        Napi::Object out = Napi::Object::New(env);
        out.Set("architecture", support.architecture);
        out.Set("tensorTypes", tensor_types_to_js(env, support.tensor_types));
        auto verdict = [&](const TrainingSupport & s) {
            Napi::Object o = Napi::Object::New(env);
            o.Set("supported", s.supported);
            if (!s.supported) {
                o.Set("reason", s.reason);
                if (!s.why.key.empty()) {
                    o.Set("why", reason_to_js(env, s.why));
                }
            }
            return o;
        };
        out.Set("lora", verdict(support.lora));
        out.Set("full", verdict(support.full));
        return out;
    });
}

// Converts a GGUF model to another weight type with llama.cpp's quantizer (tests and benchmarks use it to make
// F16/BF16/Q8_0/Q4_0/Q4_K bases from a generated F32 model). Every matrix gets the type (`pure`).
class QuantizeWorker : public Napi::AsyncWorker {
  public:
    QuantizeWorker(Napi::Env env, std::string input, std::string output, llama_ftype ftype)
        : Napi::AsyncWorker(env, "WorkbenchQuantize"), input(std::move(input)), output(std::move(output)), ftype(ftype),
          deferred(Napi::Promise::Deferred::New(env)) {}
    Napi::Promise Promise() { return deferred.Promise(); }

  protected:
    void Execute() override {
        llama_model_quantize_params params = llama_model_quantize_default_params();
        params.ftype = ftype;
        params.pure = true;
        params.allow_requantize = true;
        params.nthread = 1;
        if (llama_model_quantize(input.c_str(), output.c_str(), &params) != 0) {
            SetError("llama_model_quantize failed for " + input);
        }
    }
    void OnOK() override { deferred.Resolve(Env().Undefined()); }
    void OnError(const Napi::Error & error) override {
        deferred.Reject(trainer_js_error(Env(), "internal", error.Message()).Value());
    }

  private:
    std::string input;
    std::string output;
    llama_ftype ftype;
    Napi::Promise::Deferred deferred;
};

Napi::Value QuantizeModel(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    static const std::map<std::string, llama_ftype> types = {
        {"F32", LLAMA_FTYPE_ALL_F32}, {"F16", LLAMA_FTYPE_MOSTLY_F16}, {"BF16", LLAMA_FTYPE_MOSTLY_BF16},
        {"Q8_0", LLAMA_FTYPE_MOSTLY_Q8_0}, {"Q4_0", LLAMA_FTYPE_MOSTLY_Q4_0}, {"Q4_K", LLAMA_FTYPE_MOSTLY_Q4_K_M},
    };
    if (!info[0].IsString() || !info[1].IsString() || !info[2].IsString()) {
        trainer_js_error(env, "bad_input", "quantizeModel(input, output, type) takes three strings").ThrowAsJavaScriptException();
        return env.Undefined();
    }
    auto it = types.find(info[2].As<Napi::String>().Utf8Value());
    if (it == types.end()) {
        trainer_js_error(env, "bad_input", "quantizeModel: type must be F32, F16, BF16, Q8_0, Q4_0 or Q4_K").ThrowAsJavaScriptException();
        return env.Undefined();
    }
    auto * worker = new QuantizeWorker(env, info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::String>().Utf8Value(), it->second);
    Napi::Promise promise = worker->Promise();
    worker->Queue();
    return promise;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
    const char * level = std::getenv("WORKBENCH_NATIVE_LOG");
    if (level && std::string(level) == "debug") {
        log_threshold = GGML_LOG_LEVEL_DEBUG;
    } else if (level && std::string(level) == "info") {
        log_threshold = GGML_LOG_LEVEL_INFO;
    }
    llama_log_set(log_to_stderr, nullptr);
    llama_backend_init();

    exports.Set("systemInfo", Napi::Function::New(env, SystemInfo));
    exports.Set("backends", Napi::Function::New(env, Backends));
    exports.Set("loadBackend", Napi::Function::New(env, LoadBackend));
    exports.Set("devices", Napi::Function::New(env, Devices));
    exports.Set("inspectModel", Napi::Function::New(env, InspectModel));
    exports.Set("quantizeModel", Napi::Function::New(env, QuantizeModel));
    register_model_transform(env, exports);
    exports.Set("TrainingSession", AddonTrainingSession::Define(env));
    return exports;
}

} // namespace

NODE_API_MODULE(workbench_trainer, Init)
