#include "model_transform_addon.h"

#include "addon_call.h"
#include "model_transform.h"
#include "trainer_error.h"

#include <functional>
#include <memory>

namespace {

// Runs one transform on a worker thread and settles its promise; the progress object is shared with the
// handle's progress() and cancel() functions, which may outlive the worker.
class TransformWorker : public Napi::AsyncWorker {
  public:
    using Work = std::function<std::function<Napi::Value(Napi::Env)>(TransformProgress &)>;

    TransformWorker(Napi::Env env, std::shared_ptr<TransformProgress> progress, Work work)
        : Napi::AsyncWorker(env, "WorkbenchModelTransform"), progress(std::move(progress)), work(std::move(work)),
          deferred(Napi::Promise::Deferred::New(env)) {}
    Napi::Promise Promise() { return deferred.Promise(); }

  protected:
    void Execute() override {
        try {
            result = work(*progress);
        } catch (const std::exception & e) {
            failure = current_failure();
            SetError(e.what());
        }
    }
    void OnOK() override { deferred.Resolve(result(Env())); }
    void OnError(const Napi::Error & error) override { deferred.Reject(trainer_js_error(Env(), failure, error.Message()).Value()); }

  private:
    std::shared_ptr<TransformProgress> progress;
    Work work;
    std::function<Napi::Value(Napi::Env)> result;
    Napi::Promise::Deferred deferred;
    TrainerFailure failure;
};

std::string string_option(const Napi::Object & options, const char * key, const char * call) {
    Napi::Value value = options.Get(key);
    if (!value.IsString() || value.As<Napi::String>().Utf8Value().empty()) {
        throw TrainerError("bad_input", std::string(call) + ": options." + key + " must be a non-empty string");
    }
    return value.As<Napi::String>().Utf8Value();
}

double number_option(const Napi::Object & options, const char * key, double fallback) {
    Napi::Value value = options.Get(key);
    return value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : fallback;
}

// { promise, progress(): { tensorsDone, tensorsTotal }, cancel() }
Napi::Object start_transform(Napi::Env env, TransformWorker::Work work) {
    auto progress = std::make_shared<TransformProgress>();
    auto * worker = new TransformWorker(env, progress, std::move(work));
    Napi::Object handle = Napi::Object::New(env);
    handle.Set("promise", worker->Promise());
    handle.Set("progress", Napi::Function::New(env, [progress](const Napi::CallbackInfo & info) -> Napi::Value {
        Napi::Object out = Napi::Object::New(info.Env());
        out.Set("tensorsDone", (double) progress->tensors_done.load());
        out.Set("tensorsTotal", (double) progress->tensors_total.load());
        return out;
    }));
    handle.Set("cancel", Napi::Function::New(env, [progress](const Napi::CallbackInfo & info) -> Napi::Value {
        progress->cancel = true;
        return info.Env().Undefined();
    }));
    worker->Queue();
    return handle;
}

Napi::Object object_argument(const Napi::CallbackInfo & info, const char * call) {
    if (info.Length() < 1 || !info[0].IsObject()) {
        throw TrainerError("bad_input", std::string(call) + "(options) takes an object");
    }
    return info[0].As<Napi::Object>();
}

Napi::Value StartQuantize(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        const Napi::Object options = object_argument(info, "startQuantize");
        QuantizeRequest request;
        request.input = string_option(options, "input", "startQuantize");
        request.output = string_option(options, "output", "startQuantize");
        request.type = string_option(options, "type", "startQuantize");
        request.threads = (int) number_option(options, "threads", 0);
        return start_transform(env, [request](TransformProgress & progress) {
            const QuantizeResult result = quantize_model_file(request, progress);
            return std::function<Napi::Value(Napi::Env)>([result](Napi::Env env) -> Napi::Value {
                Napi::Object out = Napi::Object::New(env);
                out.Set("tensors", (double) result.tensors);
                return out;
            });
        });
    });
}

Napi::Value StartMerge(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        const Napi::Object options = object_argument(info, "startMerge");
        MergeRequest request;
        request.base = string_option(options, "base", "startMerge");
        request.adapter = string_option(options, "adapter", "startMerge");
        request.output = string_option(options, "output", "startMerge");
        request.scale = (float) number_option(options, "scale", 1.0);
        request.threads = (int) number_option(options, "threads", 0);
        return start_transform(env, [request](TransformProgress & progress) {
            const MergeResult result = merge_lora_into_model(request, progress);
            return std::function<Napi::Value(Napi::Env)>([result](Napi::Env env) -> Napi::Value {
                Napi::Object out = Napi::Object::New(env);
                out.Set("tensors", (double) result.tensors);
                out.Set("mergedTensors", (double) result.merged_tensors);
                out.Set("architecture", result.architecture);
                out.Set("dequantized", result.dequantized);
                return out;
            });
        });
    });
}

} // namespace

void register_model_transform(Napi::Env env, Napi::Object exports) {
    exports.Set("startQuantize", Napi::Function::New(env, StartQuantize));
    exports.Set("startMerge", Napi::Function::New(env, StartMerge));
}
