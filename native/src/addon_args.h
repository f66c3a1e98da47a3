#pragma once

// Conversions between JS values and the trainer's C++ types, shared by the addon's entry points (addon.cpp,
// AddonTrainingSession.cpp, AddonDpo.cpp). Readers throw TrainerError("bad_input") naming the argument, so a caller
// sees which field was wrong.
#include "trainer_error.h"
#include "trainer_session.h"

#include <napi.h>

#include <map>
#include <string>
#include <vector>

// A JS array read item by item: `read_item(value, "<singular> <index>")`, the second argument naming the item in errors.
template <typename T, typename ReadItem>
std::vector<T> read_array(const Napi::Value & value, const char * plural, const char * singular, ReadItem && read_item) {
    if (!value.IsArray()) {
        throw TrainerError("bad_input", std::string(plural) + " must be an array");
    }
    Napi::Array array = value.As<Napi::Array>();
    std::vector<T> items(array.Length());
    for (uint32_t i = 0; i < array.Length(); ++i) {
        items[i] = read_item(array.Get(i), std::string(singular) + " " + std::to_string(i));
    }
    return items;
}

// An array of {tokens: Int32Array, mask: Uint8Array}.
std::vector<Sequence> read_sequences(const Napi::Value & value);
// One {tokens, mask} object; `where` names it in errors.
Sequence read_sequence(const Napi::Value & value, const std::string & where);
// An Int32Array of token ids; `what` names it in errors.
std::vector<llama_token> read_tokens(const Napi::Value & value, const char * what);
// {lr, beta1, beta2, eps, weightDecay, gradClip}; a missing field keeps OptimizerStepParams' default.
OptimizerStepParams read_optimizer_params(const Napi::Value & value);

// A field of an options object, or `fallback` / "" when it is missing or of another type.
double number_field(const Napi::Object & object, const char * key, double fallback);
std::string string_field(const Napi::Object & object, const char * key);

Napi::Float32Array to_float32_array(Napi::Env env, const std::vector<float> & values);
Napi::Float64Array to_float64_array(Napi::Env env, const std::vector<double> & values);
Napi::Int32Array to_int32_array(Napi::Env env, const std::vector<llama_token> & tokens);
// gradNorm, clipped and step of an optimizer update, onto a step result (trainStep, dpoStep).
void set_update_fields(Napi::Object & out, const UpdateOutcome & outcome);
// {name: Float32Array} of per-tensor gradients (computeGradients, computeDpoGradients).
Napi::Object gradients_to_js(Napi::Env env, const std::map<std::string, std::vector<float>> & gradients);
// {ggml type name: tensor count} (inspectModel, the session info).
Napi::Object tensor_types_to_js(Napi::Env env, const std::map<std::string, int> & tensor_types);
