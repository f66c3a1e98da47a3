// JS methods dpoStep / computeDpoGradients of TrainingSession (see TrainerSession::dpo_step in dpo_step.cpp).
#include "AddonTrainingSession.h"
#include "addon_args.h"
#include "addon_call.h"

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

// { chosen: {tokens, mask}, rejected: {tokens, mask}, referenceChosen, referenceRejected }
PreferencePair read_pair(const Napi::Value & item, const std::string & where) {
    if (!item.IsObject()) {
        throw TrainerError("bad_input", where + " is not an object");
    }
    Napi::Object object = item.As<Napi::Object>();
    PreferencePair pair;
    pair.chosen = read_sequence(object.Get("chosen"), where + ".chosen");
    pair.rejected = read_sequence(object.Get("rejected"), where + ".rejected");
    pair.reference_chosen = number_field(object, "referenceChosen", NAN);
    pair.reference_rejected = number_field(object, "referenceRejected", NAN);
    return pair;
}

std::vector<PreferencePair> read_pairs(const Napi::Value & value) {
    return read_array<PreferencePair>(value, "pairs", "pair", read_pair);
}

DpoSettings read_settings(const Napi::Value & value) {
    if (!value.IsObject()) {
        throw TrainerError("bad_input", "DPO settings must be an object");
    }
    Napi::Object o = value.As<Napi::Object>();
    DpoSettings settings;
    settings.beta = number_field(o, "beta", NAN);
    settings.label_smoothing = number_field(o, "labelSmoothing", 0);
    return settings;
}

void set_log_probs(Napi::Object & out, const DpoOutcome & outcome) {
    Napi::Env env = out.Env();
    out.Set("loss", outcome.loss);
    out.Set("logpChosen", to_float64_array(env, outcome.logp_chosen));
    out.Set("logpRejected", to_float64_array(env, outcome.logp_rejected));
    out.Set("tokens", (double) outcome.tokens);
    out.Set("targetTokens", (double) outcome.targets);
    out.Set("microBatches", outcome.micro_batches);
}

} // namespace

Napi::Value AddonTrainingSession::DpoStep(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        auto pairs = std::make_shared<std::vector<PreferencePair>>(read_pairs(info[0]));
        const DpoSettings settings = read_settings(info[1]);
        const OptimizerStepParams params = read_optimizer_params(info[2]);
        TrainerSession & s = ready(env, true);
        auto outcome = std::make_shared<DpoOutcome>();
        const ProgressArgument progress(info, 3);
        return queue_session_call(env, this,
            [&s, pairs, settings, params, outcome, report = progress.forwarder()]() {
                *outcome = s.dpo_step(*pairs, settings, params, report);
            },
            [outcome](Napi::Env e) -> Napi::Value {
                Napi::Object out = Napi::Object::New(e);
                set_log_probs(out, *outcome);
                set_update_fields(out, *outcome);
                return out;
            },
            &progress);
    });
}

Napi::Value AddonTrainingSession::ComputeDpoGradients(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        auto pairs = std::make_shared<std::vector<PreferencePair>>(read_pairs(info[0]));
        const DpoSettings settings = read_settings(info[1]);
        TrainerSession & s = ready(env, true);
        auto outcome = std::make_shared<DpoOutcome>();
        auto grads = std::make_shared<std::map<std::string, std::vector<float>>>();
        return queue_session_call(env, this,
            [&s, pairs, settings, outcome, grads]() { *outcome = s.compute_dpo_gradients(*pairs, settings, grads.get()); },
            [outcome, grads](Napi::Env e) -> Napi::Value {
                Napi::Object out = Napi::Object::New(e);
                set_log_probs(out, *outcome);
                out.Set("gradients", gradients_to_js(e, *grads));
                return out;
            });
    });
}
