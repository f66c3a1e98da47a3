#pragma once

#include "trainer_session.h"

#include <napi.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

// JS class TrainingSession: owns one TrainerSession. Long calls run on a worker thread and return promises;
// one call runs at a time (a second one rejects with code 'conflict').
class AddonTrainingSession : public Napi::ObjectWrap<AddonTrainingSession> {
  public:
    static Napi::Function Define(Napi::Env env);
    explicit AddonTrainingSession(const Napi::CallbackInfo & info);
    ~AddonTrainingSession() override;

    // Called by workers on the JS thread when their call ends.
    void finish_call();

    std::unique_ptr<TrainerSession> session;
    std::atomic<bool> busy{false};
    bool dispose_requested = false;

  private:
    Napi::Value Init(const Napi::CallbackInfo & info);
    Napi::Value TrainStep(const Napi::CallbackInfo & info);
    Napi::Value ComputeGradients(const Napi::CallbackInfo & info);
    Napi::Value LogProbs(const Napi::CallbackInfo & info);
    // AddonDpo.cpp
    Napi::Value DpoStep(const Napi::CallbackInfo & info);
    Napi::Value ComputeDpoGradients(const Napi::CallbackInfo & info);
    // AddonWeighted.cpp
    Napi::Value WeightedStep(const Napi::CallbackInfo & info);
    Napi::Value ComputeWeightedGradients(const Napi::CallbackInfo & info);
    Napi::Value Generate(const Napi::CallbackInfo & info);
    Napi::Value Tokenize(const Napi::CallbackInfo & info);
    Napi::Value Detokenize(const Napi::CallbackInfo & info);
    Napi::Value ParameterNames(const Napi::CallbackInfo & info);
    Napi::Value ReadParameter(const Napi::CallbackInfo & info);
    Napi::Value WriteParameter(const Napi::CallbackInfo & info);
    Napi::Value SaveAdapter(const Napi::CallbackInfo & info);
    Napi::Value SaveModel(const Napi::CallbackInfo & info);
    Napi::Value SaveState(const Napi::CallbackInfo & info);
    Napi::Value LoadState(const Napi::CallbackInfo & info);
    Napi::Value GetStep(const Napi::CallbackInfo & info);
    Napi::Value DeviceReport(const Napi::CallbackInfo & info);
    Napi::Value Abort(const Napi::CallbackInfo & info);
    Napi::Value Dispose(const Napi::CallbackInfo & info);

    // saveAdapter/saveModel/saveState: `action(session, path)` on a worker thread once the path is checked.
    using PathAction = std::function<void(TrainerSession &, const std::string &)>;
    Napi::Value PathCall(const Napi::CallbackInfo & info, const char * method, PathAction action);

    // Throws a JS error with `code` unless the session is ready for a call.
    TrainerSession & ready(Napi::Env env, bool claim_busy);
};
