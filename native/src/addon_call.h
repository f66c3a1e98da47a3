#pragma once

// Pieces shared by the addon's session methods (AddonTrainingSession.cpp, AddonDpo.cpp).
#include "AddonTrainingSession.h"
#include "trainer_error.h"

#include <napi.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

// Runs `work` off the JS thread and settles a promise with `result()`; TrainerError codes reach JS as error.code.
class SessionCall : public Napi::AsyncWorker {
  public:
    using Work = std::function<void()>;
    using Result = std::function<Napi::Value(Napi::Env)>;

    SessionCall(Napi::Env env, AddonTrainingSession * owner, Work work, Result result)
        : Napi::AsyncWorker(env, "WorkbenchTrainerCall"),
          owner(owner), work(std::move(work)), result(std::move(result)), deferred(Napi::Promise::Deferred::New(env)) {
        owner->Ref();
    }
    ~SessionCall() override {
        if (progress) {
            progress.Release();
        }
    }

    Napi::Promise Promise() { return deferred.Promise(); }
    Napi::ThreadSafeFunction progress;

  protected:
    void Execute() override {
        try {
            work();
        } catch (const TrainerError & e) {
            code = e.code;
            SetError(e.what());
        } catch (const std::exception & e) {
            code = "internal";
            SetError(e.what());
        } catch (...) {
            code = "internal";
            SetError("unknown native error");
        }
    }
    void OnOK() override {
        Napi::Value value = result ? result(Env()) : Env().Undefined();
        settle();
        deferred.Resolve(value);
    }
    void OnError(const Napi::Error & error) override {
        Napi::Error coded = trainer_js_error(Env(), code, error.Message());
        settle();
        deferred.Reject(coded.Value());
    }

  private:
    void settle() {
        owner->finish_call();
        owner->Unref();
    }
    AddonTrainingSession * owner;
    Work work;
    Result result;
    Napi::Promise::Deferred deferred;
    std::string code = "internal";
};

std::vector<Sequence> read_sequences(const Napi::Value & value);
// One {tokens, mask} object.
Sequence read_sequence(const Napi::Value & value, const std::string & where);
Napi::Float32Array to_float32_array(Napi::Env env, const std::vector<float> & values);
double number_field(const Napi::Object & object, const char * key, double fallback);
OptimizerStepParams read_optimizer_params(const Napi::Value & value);
// A StepProgressFn that posts {microBatch, microBatches, tokens} to a JS callback (empty when there is none).
StepProgressFn progress_forwarder(const std::shared_ptr<Napi::ThreadSafeFunction> & tsfn, bool has_progress);

// Converts a thrown TrainerError into a JS exception with its code.
template <typename F>
Napi::Value guarded(Napi::Env env, F && body) {
    try {
        return body();
    } catch (const TrainerError & e) {
        trainer_js_error(env, e.code, e.what()).ThrowAsJavaScriptException();
    } catch (const std::exception & e) {
        trainer_js_error(env, "internal", e.what()).ThrowAsJavaScriptException();
    }
    return env.Undefined();
}
