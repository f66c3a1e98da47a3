#include "addon_args.h"

#include "trainer_error.h"

#include <algorithm>

Sequence read_sequence(const Napi::Value & item, const std::string & where) {
    if (!item.IsObject()) {
        throw TrainerError("bad_input", where + " is not an object");
    }
    Napi::Object object = item.As<Napi::Object>();
    Napi::Value tokens = object.Get("tokens");
    Napi::Value mask = object.Get("mask");
    if (!tokens.IsTypedArray() || tokens.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
        throw TrainerError("bad_input", where + ": tokens must be an Int32Array");
    }
    if (!mask.IsTypedArray() || mask.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
        throw TrainerError("bad_input", where + ": mask must be a Uint8Array");
    }
    Napi::Int32Array t = tokens.As<Napi::Int32Array>();
    Napi::Uint8Array m = mask.As<Napi::Uint8Array>();
    Sequence sequence;
    sequence.tokens.assign(t.Data(), t.Data() + t.ElementLength());
    sequence.mask.assign(m.Data(), m.Data() + m.ElementLength());
    return sequence;
}

std::vector<Sequence> read_sequences(const Napi::Value & value) {
    return read_array<Sequence>(value, "sequences", "sequence", read_sequence);
}

std::vector<llama_token> read_tokens(const Napi::Value & value, const char * what) {
    if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
        throw TrainerError("bad_input", std::string(what) + " must be an Int32Array");
    }
    Napi::Int32Array array = value.As<Napi::Int32Array>();
    return std::vector<llama_token>(array.Data(), array.Data() + array.ElementLength());
}

OptimizerStepParams read_optimizer_params(const Napi::Value & value) {
    if (!value.IsObject()) {
        throw TrainerError("bad_input", "optimizer settings must be an object");
    }
    Napi::Object o = value.As<Napi::Object>();
    OptimizerStepParams params;
    params.lr = (float) number_field(o, "lr", params.lr);
    params.beta1 = (float) number_field(o, "beta1", params.beta1);
    params.beta2 = (float) number_field(o, "beta2", params.beta2);
    params.eps = (float) number_field(o, "eps", params.eps);
    params.weight_decay = (float) number_field(o, "weightDecay", params.weight_decay);
    params.grad_clip = (float) number_field(o, "gradClip", params.grad_clip);
    return params;
}

double number_field(const Napi::Object & object, const char * key, double fallback) {
    Napi::Value v = object.Get(key);
    return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : fallback;
}

std::string string_field(const Napi::Object & object, const char * key) {
    Napi::Value v = object.Get(key);
    return v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
}

Napi::Float32Array to_float32_array(Napi::Env env, const std::vector<float> & values) {
    Napi::Float32Array array = Napi::Float32Array::New(env, values.size());
    std::copy(values.begin(), values.end(), array.Data());
    return array;
}

Napi::Float64Array to_float64_array(Napi::Env env, const std::vector<double> & values) {
    Napi::Float64Array array = Napi::Float64Array::New(env, values.size());
    std::copy(values.begin(), values.end(), array.Data());
    return array;
}

Napi::Int32Array to_int32_array(Napi::Env env, const std::vector<llama_token> & tokens) {
    Napi::Int32Array array = Napi::Int32Array::New(env, tokens.size());
    std::copy(tokens.begin(), tokens.end(), array.Data());
    return array;
}

void set_update_fields(Napi::Object & out, const UpdateOutcome & outcome) {
    out.Set("gradNorm", outcome.grad_norm);
    out.Set("clipped", outcome.clipped);
    out.Set("step", (double) outcome.step);
}

Napi::Object gradients_to_js(Napi::Env env, const std::map<std::string, std::vector<float>> & gradients) {
    Napi::Object out = Napi::Object::New(env);
    for (const auto & [name, values] : gradients) {
        out.Set(name, to_float32_array(env, values));
    }
    return out;
}

Napi::Object tensor_types_to_js(Napi::Env env, const std::map<std::string, int> & tensor_types) {
    Napi::Object out = Napi::Object::New(env);
    for (const auto & [type, count] : tensor_types) {
        out.Set(type, count);
    }
    return out;
}
