#include "AddonTrainingSession.h"

#include "addon_args.h"
#include "addon_call.h"
#include "trainer_error.h"

#include <cmath>
#include <functional>

namespace {

Napi::Object info_to_js(Napi::Env env, const SessionInfo & info) {
    Napi::Object out = Napi::Object::New(env);
    out.Set("architecture", info.architecture);
    out.Set("tensorTypes", tensor_types_to_js(env, info.tensor_types));
    out.Set("vocabSize", info.vocab_size);
    out.Set("contextLength", info.context_length);
    out.Set("layers", info.layers);
    out.Set("embeddingLength", info.embedding_length);
    out.Set("trainableParameters", (double) info.trainable_parameters);
    out.Set("backend", info.backend);
    out.Set("deviceDescription", info.device_description);
    out.Set("bosToken", info.bos == LLAMA_TOKEN_NULL ? env.Null() : Napi::Number::New(env, info.bos));
    out.Set("eosToken", info.eos == LLAMA_TOKEN_NULL ? env.Null() : Napi::Number::New(env, info.eos));
    out.Set("loraRank", info.lora_rank);
    out.Set("loraAlpha", info.lora_alpha);
    Napi::Array targets = Napi::Array::New(env, info.lora_targets.size());
    for (size_t i = 0; i < info.lora_targets.size(); ++i) {
        targets.Set(i, info.lora_targets[i]);
    }
    out.Set("loraTargets", targets);
    return out;
}

} // namespace

Napi::Function AddonTrainingSession::Define(Napi::Env env) {
    return DefineClass(env, "TrainingSession", {
        InstanceMethod("init", &AddonTrainingSession::Init),
        InstanceMethod("trainStep", &AddonTrainingSession::TrainStep),
        InstanceMethod("computeGradients", &AddonTrainingSession::ComputeGradients),
        InstanceMethod("logProbs", &AddonTrainingSession::LogProbs),
        InstanceMethod("dpoStep", &AddonTrainingSession::DpoStep),
        InstanceMethod("computeDpoGradients", &AddonTrainingSession::ComputeDpoGradients),
        InstanceMethod("weightedStep", &AddonTrainingSession::WeightedStep),
        InstanceMethod("computeWeightedGradients", &AddonTrainingSession::ComputeWeightedGradients),
        InstanceMethod("generate", &AddonTrainingSession::Generate),
        InstanceMethod("tokenize", &AddonTrainingSession::Tokenize),
        InstanceMethod("detokenize", &AddonTrainingSession::Detokenize),
        InstanceMethod("parameterNames", &AddonTrainingSession::ParameterNames),
        InstanceMethod("readParameter", &AddonTrainingSession::ReadParameter),
        InstanceMethod("writeParameter", &AddonTrainingSession::WriteParameter),
        InstanceMethod("saveAdapter", &AddonTrainingSession::SaveAdapter),
        InstanceMethod("saveModel", &AddonTrainingSession::SaveModel),
        InstanceMethod("saveState", &AddonTrainingSession::SaveState),
        InstanceMethod("loadState", &AddonTrainingSession::LoadState),
        InstanceMethod("getStep", &AddonTrainingSession::GetStep),
        InstanceMethod("deviceReport", &AddonTrainingSession::DeviceReport),
        InstanceMethod("abort", &AddonTrainingSession::Abort),
        InstanceMethod("dispose", &AddonTrainingSession::Dispose),
    });
}

AddonTrainingSession::AddonTrainingSession(const Napi::CallbackInfo & info) : Napi::ObjectWrap<AddonTrainingSession>(info) {}

AddonTrainingSession::~AddonTrainingSession() = default;

void AddonTrainingSession::finish_call() {
    busy.store(false);
    if (dispose_requested) {
        session.reset();
    }
}

TrainerSession & AddonTrainingSession::ready(Napi::Env env, bool claim_busy) {
    (void) env;
    if (dispose_requested || !session) {
        throw TrainerError("conflict", "the training session is disposed");
    }
    if (claim_busy) {
        bool expected = false;
        if (!busy.compare_exchange_strong(expected, true)) {
            throw TrainerError("conflict", "another call is still running on this training session");
        }
        session->abort_requested.store(false);
    } else if (busy.load()) {
        throw TrainerError("conflict", "another call is still running on this training session");
    }
    return *session;
}

Napi::Value AddonTrainingSession::Init(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        if (session || busy.load() || dispose_requested) {
            throw TrainerError("conflict", "the session is already initialised");
        }
        Napi::Object o = info[0].As<Napi::Object>();
        auto options = std::make_shared<SessionOptions>();
        options->model_path = string_field(o, "modelPath");
        options->full = string_field(o, "mode") == "full";
        options->lora_rank = (int) number_field(o, "loraRank", 16);
        options->lora_alpha = (float) number_field(o, "loraAlpha", 32);
        options->lora_dropout = (float) number_field(o, "loraDropout", 0);
        options->init_adapter_path = string_field(o, "initAdapterPath");
        options->context_length = (uint32_t) number_field(o, "contextLength", 512);
        options->threads = (int) number_field(o, "threads", 0);
        options->seed = (uint64_t) number_field(o, "seed", 0);
        options->device = string_field(o, "device");
        if (o.Get("cpuOps").IsString()) {
            options->cpu_ops = parse_op_names(o.Get("cpuOps").As<Napi::String>().Utf8Value());
        }
        options->pack_sequences = !o.Get("packSequences").IsBoolean() || o.Get("packSequences").As<Napi::Boolean>().Value();
        Napi::Value targets = o.Get("loraTargets");
        if (targets.IsArray()) {
            Napi::Array array = targets.As<Napi::Array>();
            for (uint32_t i = 0; i < array.Length(); ++i) {
                options->lora_targets.push_back(array.Get(i).As<Napi::String>().Utf8Value());
            }
        }
        busy.store(true);
        return queue_session_call(env, this,
            [this, options]() { session = std::make_unique<TrainerSession>(*options); },
            [this](Napi::Env e) -> Napi::Value { return info_to_js(e, session->info()); });
    });
}

Napi::Value AddonTrainingSession::TrainStep(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        auto sequences = std::make_shared<std::vector<Sequence>>(read_sequences(info[0]));
        const OptimizerStepParams params = read_optimizer_params(info[1]);
        TrainerSession & s = ready(env, true);
        auto outcome = std::make_shared<StepOutcome>();
        const ProgressArgument progress(info, 2);
        return queue_session_call(env, this,
            [&s, sequences, params, outcome, report = progress.forwarder()]() { *outcome = s.train_step(*sequences, params, report); },
            [outcome](Napi::Env e) -> Napi::Value {
                Napi::Object out = Napi::Object::New(e);
                out.Set("loss", outcome->loss);
                out.Set("tokens", (double) outcome->tokens);
                out.Set("targetTokens", (double) outcome->targets);
                set_update_fields(out, *outcome);
                out.Set("microBatches", outcome->micro_batches);
                return out;
            },
            &progress);
    });
}

Napi::Value AddonTrainingSession::ComputeGradients(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        auto sequences = std::make_shared<std::vector<Sequence>>(read_sequences(info[0]));
        TrainerSession & s = ready(env, true);
        auto loss = std::make_shared<double>(0);
        auto grads = std::make_shared<std::map<std::string, std::vector<float>>>();
        return queue_session_call(env, this,
            [&s, sequences, loss, grads]() { *grads = s.compute_gradients(*sequences, loss.get()); },
            [loss, grads](Napi::Env e) -> Napi::Value {
                Napi::Object out = Napi::Object::New(e);
                out.Set("loss", *loss);
                out.Set("gradients", gradients_to_js(e, *grads));
                return out;
            });
    });
}

Napi::Value AddonTrainingSession::LogProbs(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        auto sequences = std::make_shared<std::vector<Sequence>>(read_sequences(info[0]));
        const bool with_adapter = info.Length() < 2 || !info[1].IsBoolean() || info[1].As<Napi::Boolean>().Value();
        const bool inference_graph = info.Length() > 2 && info[2].ToBoolean().Value();
        TrainerSession & s = ready(env, true);
        auto results = std::make_shared<std::vector<SequenceLogProbs>>();
        return queue_session_call(env, this,
            [&s, sequences, with_adapter, inference_graph, results]() { *results = s.log_probs(*sequences, with_adapter, inference_graph); },
            [results](Napi::Env e) -> Napi::Value {
                Napi::Array out = Napi::Array::New(e, results->size());
                for (size_t i = 0; i < results->size(); ++i) {
                    Napi::Object item = Napi::Object::New(e);
                    item.Set("logProb", (*results)[i].log_prob);
                    item.Set("tokenLogProbs", to_float32_array(e, (*results)[i].token_log_probs));
                    out.Set(i, item);
                }
                return out;
            });
    });
}

Napi::Value AddonTrainingSession::Generate(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        auto prompt = std::make_shared<std::vector<llama_token>>(read_tokens(info[0], "prompt"));
        const int max_tokens = info[1].IsNumber() ? info[1].As<Napi::Number>().Int32Value() : 32;
        auto stop = std::make_shared<std::vector<llama_token>>();
        if (info.Length() > 2 && info[2].IsTypedArray()) {
            *stop = read_tokens(info[2], "stopTokens");
        }
        // {temperature, topK, seed}: sampling (GRPO's groups); absent or temperature 0: greedy
        SamplingSettings sampling;
        if (info.Length() > 3 && info[3].IsObject()) {
            Napi::Object o = info[3].As<Napi::Object>();
            sampling.temperature = (float) number_field(o, "temperature", 0);
            sampling.top_k = (int) number_field(o, "topK", 0);
            sampling.seed = (uint64_t) number_field(o, "seed", 0);
            if (!(sampling.temperature >= 0) || !std::isfinite(sampling.temperature) || sampling.top_k < 0) {
                throw TrainerError("bad_input", "generate: temperature must be a finite number >= 0 and topK >= 0");
            }
        }
        TrainerSession & s = ready(env, true);
        auto output = std::make_shared<std::vector<llama_token>>();
        return queue_session_call(env, this,
            [&s, prompt, max_tokens, stop, sampling, output]() { *output = s.generate(*prompt, max_tokens, *stop, sampling); },
            [output](Napi::Env e) -> Napi::Value { return to_int32_array(e, *output); });
    });
}

Napi::Value AddonTrainingSession::Tokenize(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        TrainerSession & s = ready(env, false);
        const std::string text = info[0].As<Napi::String>().Utf8Value();
        const bool special = info.Length() > 1 && info[1].ToBoolean().Value();
        const bool add_bos = info.Length() > 2 && info[2].ToBoolean().Value();
        return to_int32_array(env, s.tokenize(text, special, add_bos));
    });
}

Napi::Value AddonTrainingSession::Detokenize(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        TrainerSession & s = ready(env, false);
        const bool special = info.Length() > 1 && info[1].ToBoolean().Value();
        return Napi::String::New(env, s.detokenize(read_tokens(info[0], "tokens"), special));
    });
}

// Where the last training graph ran: splits, the ops the CPU took while training on a GPU, device memory.
Napi::Value AddonTrainingSession::DeviceReport(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        const TrainerSession & s = ready(env, false);
        Napi::Object out = Napi::Object::New(env);
        out.Set("backend", s.info().backend);
        out.Set("deviceDescription", s.info().device_description);
        out.Set("deviceMemoryBytes", (double) s.device_memory_bytes());
        out.Set("splits", s.schedule().splits);
        Napi::Object ops = Napi::Object::New(env);
        for (const auto & [op, nodes] : s.schedule().cpu_ops) {
            ops.Set(op, nodes);
        }
        out.Set("cpuOps", ops);
        Napi::Object graph_ops = Napi::Object::New(env);
        for (const auto & [op, nodes] : s.schedule().ops) {
            graph_ops.Set(op, nodes);
        }
        out.Set("graphOps", graph_ops);
        return out;
    });
}

Napi::Value AddonTrainingSession::ParameterNames(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        const auto names = ready(env, false).parameter_names();
        Napi::Array out = Napi::Array::New(env, names.size());
        for (size_t i = 0; i < names.size(); ++i) {
            out.Set(i, names[i]);
        }
        return out;
    });
}

Napi::Value AddonTrainingSession::ReadParameter(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        return to_float32_array(env, ready(env, false).read_parameter(info[0].As<Napi::String>().Utf8Value()));
    });
}

Napi::Value AddonTrainingSession::WriteParameter(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
            throw TrainerError("bad_input", "values must be a Float32Array");
        }
        Napi::Float32Array values = info[1].As<Napi::Float32Array>();
        ready(env, false).write_parameter(info[0].As<Napi::String>().Utf8Value(),
            std::vector<float>(values.Data(), values.Data() + values.ElementLength()));
        return env.Undefined();
    });
}

namespace {

// The path argument of saveAdapter/saveModel/saveState/loadState(path).
std::string path_argument(const Napi::CallbackInfo & info, const char * method) {
    if (!info[0].IsString()) {
        throw TrainerError("bad_input", std::string(method) + ": path must be a string");
    }
    return info[0].As<Napi::String>().Utf8Value();
}

} // namespace

Napi::Value AddonTrainingSession::PathCall(const Napi::CallbackInfo & info, const char * method, PathAction action) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        const std::string path = path_argument(info, method);
        TrainerSession & s = ready(env, true);
        return queue_session_call(env, this, [&s, path, action]() { action(s, path); }, nullptr);
    });
}

Napi::Value AddonTrainingSession::SaveAdapter(const Napi::CallbackInfo & info) {
    return PathCall(info, "saveAdapter", [](TrainerSession & s, const std::string & p) { s.save_adapter(p); });
}

Napi::Value AddonTrainingSession::SaveModel(const Napi::CallbackInfo & info) {
    return PathCall(info, "saveModel", [](TrainerSession & s, const std::string & p) { s.save_model(p); });
}

Napi::Value AddonTrainingSession::SaveState(const Napi::CallbackInfo & info) {
    return PathCall(info, "saveState", [](TrainerSession & s, const std::string & p) { s.save_state(p); });
}

Napi::Value AddonTrainingSession::LoadState(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
        const std::string path = path_argument(info, "loadState");
        TrainerSession & s = ready(env, true);
        auto step = std::make_shared<int64_t>(0);
        return queue_session_call(env, this, [&s, path, step]() { *step = s.load_state(path); },
            [step](Napi::Env e) -> Napi::Value { return Napi::Number::New(e, (double) *step); });
    });
}

Napi::Value AddonTrainingSession::GetStep(const Napi::CallbackInfo & info) {
    Napi::Env env = info.Env();
    if (!session || dispose_requested) {
        return Napi::Number::New(env, 0);
    }
    return Napi::Number::New(env, (double) session->step());
}

Napi::Value AddonTrainingSession::Abort(const Napi::CallbackInfo & info) {
    if (session) {
        session->abort_requested.store(true);
    }
    return info.Env().Undefined();
}

Napi::Value AddonTrainingSession::Dispose(const Napi::CallbackInfo & info) {
    dispose_requested = true;
    if (session) {
        if (busy.load()) {
            // the running call frees the session when it ends (finish_call)
            session->abort_requested.store(true);
        } else {
            session.reset();
        }
    }
    return info.Env().Undefined();
}
