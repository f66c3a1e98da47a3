#pragma once

#include <napi.h>

// Adds startQuantize(options) and startMerge(options) to the addon's exports (model_transform.h).
void register_model_transform(Napi::Env env, Napi::Object exports);
