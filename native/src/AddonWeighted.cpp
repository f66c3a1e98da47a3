// JS methods weightedStep / computeWeightedGradients of TrainingSession (see weighted_step.cpp).
#include "AddonTrainingSession.h"
#include "addon_args.h"
#include "addon_call.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

// { tokens: Int32Array, mask: Uint8Array, weights: Float32Array } — one weight per target token
WeightedSequence read_weighted(const Napi::Value & item, const std::string & where) {
    WeightedSequence weighted;
    weighted.sequence = read_sequence(item, where);
    Napi::Value weights = item.As<Napi::Object>().Get("weights");
    if (!weights.IsTypedArray() || weights.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
        throw TrainerError("bad_input", where + ": weights must be a Float32Array");
    }
    Napi::Float32Array w = weights.As<Napi::Float32Array>();
    weighted.weights.assign(w.Data(), w.Data() + w.ElementLength());
    return weighted;
}

std::vector<WeightedSequence> read_weighted_batch(const Napi::Value & value) {
    return read_array<WeightedSequence>(value, "sequences", "sequence", read_weighted);
}

void set_counts(Napi::Object & out, const WeightedOutcome & outcome) {
    out.Set("loss", outcome.loss);
    out.Set("tokens", (double) outcome.tokens);
    out.Set("targetTokens", (double) outcome.targets);
    out.Set("microBatches", outcome.micro_batches);
}

} // namespace

Napi::Value AddonTrainingSession::WeightedStep(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        auto batch = std::make_shared<std::vector<WeightedSequence>>(read_weighted_batch(info[0]));
        const OptimizerStepParams params = read_optimizer_params(info[1]);
        TrainerSession & s = ready(env, true);
        auto outcome = std::make_shared<WeightedOutcome>();
        const ProgressArgument progress(info, 2);
        return queue_session_call(env, this,
            [&s, batch, params, outcome, report = progress.forwarder()]() { *outcome = s.weighted_step(*batch, params, report); },
            [outcome](Napi::Env e) -> Napi::Value {
                Napi::Object out = Napi::Object::New(e);
                set_counts(out, *outcome);
                set_update_fields(out, *outcome);
                return out;
            },
            &progress);
    });
}

Napi::Value AddonTrainingSession::ComputeWeightedGradients(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        auto batch = std::make_shared<std::vector<WeightedSequence>>(read_weighted_batch(info[0]));
        TrainerSession & s = ready(env, true);
        auto outcome = std::make_shared<WeightedOutcome>();
        auto grads = std::make_shared<std::map<std::string, std::vector<float>>>();
        return queue_session_call(env, this,
            [&s, batch, outcome, grads]() { *outcome = s.compute_weighted_gradients(*batch, grads.get()); },
            [outcome, grads](Napi::Env e) -> Napi::Value {
                Napi::Object out = Napi::Object::New(e);
                set_counts(out, *outcome);
                out.Set("gradients", gradients_to_js(e, *grads));
                return out;
            });
    });
}
