#include "addon_call.h"

Napi::Error trainer_js_error(Napi::Env env, const std::string & code, const std::string & message) {
    Napi::Error error = Napi::Error::New(env, message);
    error.Set("code", Napi::String::New(env, code));
    return error;
}

Napi::Object reason_to_js(Napi::Env env, const ErrorReasonData & reason) {
    Napi::Object params = Napi::Object::New(env);
    for (const auto & [name, value] : reason.params) {
        if (const auto * text = std::get_if<std::string>(&value)) {
            params.Set(name, Napi::String::New(env, *text));
        } else {
            params.Set(name, Napi::Number::New(env, std::get<double>(value)));
        }
    }
    Napi::Object out = Napi::Object::New(env);
    out.Set("key", Napi::String::New(env, reason.key));
    out.Set("params", params);
    return out;
}

Napi::Error trainer_js_error(Napi::Env env, const TrainerFailure & failure, const std::string & message) {
    Napi::Error error = trainer_js_error(env, failure.code, message);
    if (!failure.reason.key.empty()) {
        error.Set("reason", reason_to_js(env, failure.reason));
    }
    return error;
}

ProgressArgument::ProgressArgument(const Napi::CallbackInfo & info, size_t index)
    : present(info.Length() > index && info[index].IsFunction()), tsfn(std::make_shared<Napi::ThreadSafeFunction>()) {
    if (present) {
        *tsfn = Napi::ThreadSafeFunction::New(info.Env(), info[index].As<Napi::Function>(), "WorkbenchTrainerProgress", 0, 1);
    }
}

StepProgressFn ProgressArgument::forwarder() const {
    if (!present) {
        return nullptr;
    }
    return [tsfn = tsfn](int done, int total, int64_t tokens) {
        struct Payload { int done; int total; int64_t tokens; };
        auto * payload = new Payload{done, total, tokens};
        napi_status status = tsfn->NonBlockingCall(payload, [](Napi::Env e, Napi::Function fn, Payload * p) {
            Napi::Object event = Napi::Object::New(e);
            event.Set("microBatch", p->done);
            event.Set("microBatches", p->total);
            event.Set("tokens", (double) p->tokens);
            delete p;
            fn.Call({event});
        });
        if (status != napi_ok) {
            delete payload;
        }
    };
}

void ProgressArgument::attach(SessionCall & call) const {
    if (present) {
        call.progress = *tsfn;
    }
}

Napi::Promise queue_session_call(Napi::Env env, AddonTrainingSession * owner, SessionCall::Work work,
        SessionCall::Result result, const ProgressArgument * progress) {
    auto * call = new SessionCall(env, owner, std::move(work), std::move(result));
    if (progress) {
        progress->attach(*call);
    }
    Napi::Promise promise = call->Promise();
    call->Queue();
    return promise;
}
