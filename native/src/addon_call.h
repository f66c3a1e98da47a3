#pragma once

// The async-call machinery shared by the addon's session methods (AddonTrainingSession.cpp, AddonDpo.cpp); the
// argument and result conversions are in addon_args.h.
#include "AddonTrainingSession.h"
#include "trainer_error.h"

#include <napi.h>

#include <functional>
#include <memory>
#include <string>

// A JS Error with a `code` property ('bad_input', 'unsupported', ...).
Napi::Error trainer_js_error(Napi::Env env, const std::string & code, const std::string & message);
// { key, params } as the contract's ErrorReason has it.
Napi::Object reason_to_js(Napi::Env env, const ErrorReasonData & reason);
// The same with `reason: { key, params }` when the failure has one (toWorkbenchError in nativeAddon.ts reads it).
Napi::Error trainer_js_error(Napi::Env env, const TrainerFailure & failure, const std::string & message);

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
        } catch (const std::exception & e) {
            failure = current_failure();
            SetError(e.what());
        } catch (...) {
            failure = {};
            SetError("unknown native error");
        }
    }
    void OnOK() override {
        Napi::Value value = result ? result(Env()) : Env().Undefined();
        settle();
        deferred.Resolve(value);
    }
    void OnError(const Napi::Error & error) override {
        Napi::Error coded = trainer_js_error(Env(), failure, error.Message());
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
    TrainerFailure failure;
};

// The optional JS progress callback at info[index] of a step call (trainStep, dpoStep). TrainerSession reports each
// micro-batch through forwarder(), on the worker thread; it posts {microBatch, microBatches, tokens} to the callback
// on the JS thread. Build it after ready() has claimed the session, as the calls always have.
class ProgressArgument {
  public:
    ProgressArgument(const Napi::CallbackInfo & info, size_t index);
    // Empty when there is no callback, so TrainerSession skips reporting.
    StepProgressFn forwarder() const;
    // Hands the thread-safe function to `call`, which releases it when it ends (no-op without a callback).
    void attach(SessionCall & call) const;

  private:
    bool present;
    std::shared_ptr<Napi::ThreadSafeFunction> tsfn;
};

// Queues `work` on a worker thread as a SessionCall and returns its promise; `result` (may be empty: undefined)
// builds the resolved value on the JS thread. Every async session method ends here once it has claimed the session
// (ready(), or Init's busy flag): the call's end (SessionCall::settle → finish_call) frees it again.
Napi::Promise queue_session_call(Napi::Env env, AddonTrainingSession * owner, SessionCall::Work work,
    SessionCall::Result result, const ProgressArgument * progress = nullptr);

// Converts a thrown TrainerError into a JS exception with its code and reason.
template <typename F>
Napi::Value guarded(Napi::Env env, F && body) {
    try {
        return body();
    } catch (const std::exception & e) {
        trainer_js_error(env, current_failure(), e.what()).ThrowAsJavaScriptException();
    }
    return env.Undefined();
}
