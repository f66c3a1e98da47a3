// JS methods dpoStep / computeDpoGradients of TrainingSession (see TrainerSession::dpo_step in dpo_step.cpp).
#include "AddonTrainingSession.h"
#include "addon_call.h"

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

// [{ chosen: {tokens, mask}, rejected: {tokens, mask}, referenceChosen, referenceRejected }]
std::vector<PreferencePair> read_pairs(const Napi::Value & value) {
    if (!value.IsArray()) {
        throw TrainerError("bad_input", "pairs must be an array");
    }
    Napi::Array array = value.As<Napi::Array>();
    std::vector<PreferencePair> pairs(array.Length());
    for (uint32_t i = 0; i < array.Length(); ++i) {
        const std::string where = "pair " + std::to_string(i);
        Napi::Value item = array.Get(i);
        if (!item.IsObject()) {
            throw TrainerError("bad_input", where + " is not an object");
        }
        Napi::Object object = item.As<Napi::Object>();
        pairs[i].chosen = read_sequence(object.Get("chosen"), where + ".chosen");
        pairs[i].rejected = read_sequence(object.Get("rejected"), where + ".rejected");
        pairs[i].reference_chosen = number_field(object, "referenceChosen", NAN);
        pairs[i].reference_rejected = number_field(object, "referenceRejected", NAN);
    }
    return pairs;
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

Napi::Float64Array to_float64_array(Napi::Env env, const std::vector<double> & values) {
    Napi::Float64Array array = Napi::Float64Array::New(env, values.size());
    std::copy(values.begin(), values.end(), array.Data());
    return array;
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
        const bool has_progress = info.Length() > 3 && info[3].IsFunction();
        auto progress_tsfn = std::make_shared<Napi::ThreadSafeFunction>();
        if (has_progress) {
            *progress_tsfn = Napi::ThreadSafeFunction::New(env, info[3].As<Napi::Function>(), "WorkbenchTrainerProgress", 0, 1);
        }
        auto * call = new SessionCall(env, this,
            [&s, pairs, settings, params, outcome, progress_tsfn, has_progress]() {
                *outcome = s.dpo_step(*pairs, settings, params, progress_forwarder(progress_tsfn, has_progress));
            },
            [outcome](Napi::Env e) -> Napi::Value {
                Napi::Object out = Napi::Object::New(e);
                set_log_probs(out, *outcome);
                out.Set("gradNorm", outcome->grad_norm);
                out.Set("clipped", outcome->clipped);
                out.Set("step", (double) outcome->step);
                return out;
            });
        if (has_progress) {
            call->progress = *progress_tsfn; // released by the call when it ends
        }
        Napi::Promise promise = call->Promise();
        call->Queue();
        return promise;
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
        auto * call = new SessionCall(env, this,
            [&s, pairs, settings, outcome, grads]() { *outcome = s.compute_dpo_gradients(*pairs, settings, grads.get()); },
            [outcome, grads](Napi::Env e) -> Napi::Value {
                Napi::Object out = Napi::Object::New(e);
                set_log_probs(out, *outcome);
                Napi::Object g = Napi::Object::New(e);
                for (const auto & [name, values] : *grads) {
                    g.Set(name, to_float32_array(e, values));
                }
                out.Set("gradients", g);
                return out;
            });
        Napi::Promise promise = call->Promise();
        call->Queue();
        return promise;
    });
}
