// trainer_check: the device check's harness (issue 21). It drives the trainer core (native/src, no N-API) directly:
//
//   trainer_check devices
//       every ggml device this binary registered (the CUDA build adds CUDA0...), with free/total memory
//   trainer_check agree --model tiny.gguf [--gpu gpu:0|cpu] [--steps 4] [--threads N] [--perturb 0] [--out agree.json]
//       the same LoRA work on the CPU and on the chosen device: SFT gradients, DPO gradients and a few AdamW steps,
//       with the relative L2 distance of the gradients and the per-step loss differences. Without a GPU the second
//       side is the CPU again (the code path runs, the distances are 0). --perturb p (a self-test of the comparison)
//       scales the second side's starting adapter by 1 + p·N(0,1) per value, so the checks must report a difference.
//   trainer_check bench --model qwen05.gguf --device gpu:0 [--batch 8] [--seq 512] [--rank 16] [--warmup 2]
//                       [--steps 5] [--threads N] [--out bench.json]
//       LoRA on all 7 linear projections, random token ids, tokens/s over the timed steps, device memory, graph
//       splits and CPU-fallback ops.
//
// Exit status: 0 when every check ran and met its bound, 1 when a bound failed, 2 on an error (message on stderr).
#include "trainer_error.h"
#include "trainer_session.h"

#include "ggml-backend.h"
#include "llama.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Gradients = std::map<std::string, std::vector<float>>;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> all_targets = {"q", "k", "v", "o", "gate", "up", "down"};

// --- a tiny JSON writer (objects/arrays built as text) -------------------------------------------------------------
std::string quote(const std::string & s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if ((unsigned char) c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string num(double v) {
    if (!std::isfinite(v)) {
        return "null";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

struct Json {
    std::vector<std::pair<std::string, std::string>> fields;
    Json & set(const std::string & k, const std::string & raw) {
        fields.emplace_back(k, raw);
        return *this;
    }
    Json & str(const std::string & k, const std::string & v) { return set(k, quote(v)); }
    Json & n(const std::string & k, double v) { return set(k, num(v)); }
    Json & b(const std::string & k, bool v) { return set(k, v ? "true" : "false"); }
    std::string text() const {
        std::string out = "{";
        for (size_t i = 0; i < fields.size(); ++i) {
            out += (i ? ", " : "") + quote(fields[i].first) + ": " + fields[i].second;
        }
        return out + "}";
    }
};

std::string array(const std::vector<std::string> & items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
        out += (i ? ", " : "") + items[i];
    }
    return out + "]";
}

std::string numbers(const std::vector<double> & v) {
    std::vector<std::string> items;
    for (double x : v) {
        items.push_back(num(x));
    }
    return array(items);
}

std::string op_counts(const std::map<std::string, int> & ops) {
    Json j;
    for (const auto & [op, count] : ops) {
        j.n(op, count);
    }
    return j.text();
}

// --- arguments -----------------------------------------------------------------------------------------------------
struct Args {
    std::string command;
    std::map<std::string, std::string> values;
    std::string get(const std::string & key, const std::string & fallback) const {
        auto it = values.find(key);
        return it == values.end() ? fallback : it->second;
    }
    int integer(const std::string & key, int fallback) const {
        auto it = values.find(key);
        return it == values.end() ? fallback : std::stoi(it->second);
    }
};

Args parse_args(int argc, char ** argv) {
    Args args;
    if (argc < 2) {
        throw std::runtime_error("usage: trainer_check devices | agree --model M [...] | bench --model M --device D [...]");
    }
    args.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        std::string key = argv[i];
        if (key.rfind("--", 0) != 0 || i + 1 >= argc) {
            throw std::runtime_error("bad argument " + key + ": options are --name value");
        }
        args.values[key.substr(2)] = argv[++i];
    }
    return args;
}

void write_file(const std::string & path, const std::string & text) {
    if (path.empty()) {
        return;
    }
    std::ofstream out(path);
    out << text << "\n";
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

// --- devices -------------------------------------------------------------------------------------------------------
struct Memory {
    size_t free = 0;
    size_t total = 0;
};

Memory device_memory(ggml_backend_dev_t dev) {
    Memory m;
    ggml_backend_dev_memory(dev, &m.free, &m.total);
    return m;
}

// The device a session option names (the trainer's own rule): gpu:N is the Nth GPU-type device.
ggml_backend_dev_t find_device(const std::string & choice) {
    if (choice == "cpu") {
        return ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    }
    int index = -1;
    for (size_t i = 0; i < ggml_backend_dev_count(); ++i) {
        ggml_backend_dev_t dev = ggml_backend_dev_get(i);
        const auto type = ggml_backend_dev_type(dev);
        if (type == GGML_BACKEND_DEVICE_TYPE_GPU || type == GGML_BACKEND_DEVICE_TYPE_IGPU) {
            if ("gpu:" + std::to_string(++index) == choice) {
                return dev;
            }
        }
    }
    return nullptr;
}

bool has_gpu() {
    return find_device("gpu:0") != nullptr;
}

std::string devices_json() {
    std::vector<std::string> items;
    for (size_t i = 0; i < ggml_backend_dev_count(); ++i) {
        ggml_backend_dev_t dev = ggml_backend_dev_get(i);
        const Memory m = device_memory(dev);
        items.push_back(Json()
            .str("name", ggml_backend_dev_name(dev))
            .str("description", ggml_backend_dev_description(dev))
            .str("backend", ggml_backend_reg_name(ggml_backend_dev_backend_reg(dev)))
            .n("memoryFreeBytes", (double) m.free)
            .n("memoryTotalBytes", (double) m.total)
            .text());
    }
    return array(items);
}

// --- data ----------------------------------------------------------------------------------------------------------
// A sequence of random ordinary token ids (above the 259 reserved ones when the vocabulary has room), targets
// from `first_target` on.
Sequence random_sequence(std::mt19937_64 & rng, int32_t vocab, size_t length, size_t first_target) {
    const int32_t low = vocab > 1000 ? 259 : 3;
    std::uniform_int_distribution<int32_t> pick(low, vocab - 1);
    Sequence s;
    for (size_t i = 0; i < length; ++i) {
        s.tokens.push_back(pick(rng));
        s.mask.push_back(i >= first_target ? 1 : 0);
    }
    return s;
}

double relative_distance(const Gradients & a, const Gradients & b) {
    double num2 = 0;
    double den2 = 0;
    for (const auto & [name, x] : a) {
        auto it = b.find(name);
        if (it == b.end() || it->second.size() != x.size()) {
            throw std::runtime_error("gradient " + name + " missing or of another size on the other device");
        }
        for (size_t i = 0; i < x.size(); ++i) {
            const double d = (double) x[i] - it->second[i];
            num2 += d * d;
            den2 += (double) it->second[i] * it->second[i];
        }
    }
    return den2 > 0 ? std::sqrt(num2 / den2) : (num2 > 0 ? INFINITY : 0);
}

double relative(double a, double b) {
    return std::fabs(a - b) / std::max(std::fabs(b), 1e-12);
}

std::string schedule_json(const TrainerSession & s) {
    const ScheduleReport & r = s.schedule();
    return Json()
        .str("backend", s.info().backend)
        .str("deviceDescription", s.info().device_description)
        .n("deviceMemoryBytes", (double) s.device_memory_bytes())
        .n("splits", r.splits)
        .set("cpuOps", op_counts(r.cpu_ops))
        .n("graphNodes", [&] { int n = 0; for (auto & [op, c] : r.ops) n += c; return (double) n; }())
        .text();
}

SessionOptions lora_options(const std::string & model, const std::string & device, int rank, float alpha, uint32_t ctx, int threads) {
    SessionOptions o;
    o.model_path = model;
    o.device = device;
    o.lora_rank = rank;
    o.lora_alpha = alpha;
    o.lora_targets = all_targets;
    o.context_length = ctx;
    o.threads = threads;
    o.seed = 1;
    return o;
}

// --- agree ---------------------------------------------------------------------------------------------------------
struct DeviceRun {
    double sft_loss = 0;
    Gradients sft_gradients;
    double dpo_loss = 0;
    Gradients dpo_gradients;
    std::vector<double> step_losses;
    std::vector<double> grad_norms;
    Gradients final_parameters;
    std::string report;
    double seconds = 0;
};

// `perturb`: a self-test of the comparison — the device side's adapter starts this far (relative) from the CPU's.
DeviceRun agree_on(const std::string & model, const std::string & device, int steps, int threads, float perturb) {
    const auto started = Clock::now();
    TrainerSession s(lora_options(model, device, 4, 4.0f, 64, threads));
    // The same non-zero adapter on both devices (B = 0 would leave A's gradients zero): values from a fixed seed.
    std::mt19937_64 init_rng(42);
    std::normal_distribution<float> normal(0.0f, 0.05f);
    for (const std::string & name : s.parameter_names()) {
        std::vector<float> v = s.read_parameter(name);
        for (float & x : v) {
            x = normal(init_rng);
        }
        if (perturb > 0) {
            std::mt19937_64 perturb_rng(99);
            for (float & x : v) {
                x *= 1.0f + perturb * std::normal_distribution<float>(0.0f, 1.0f)(perturb_rng);
            }
        }
        s.write_parameter(name, v);
    }
    const int32_t vocab = s.info().vocab_size;
    std::mt19937_64 data_rng(7);
    std::vector<Sequence> batch = {random_sequence(data_rng, vocab, 40, 12), random_sequence(data_rng, vocab, 56, 20)};

    DeviceRun run;
    run.sft_gradients = s.compute_gradients(batch, &run.sft_loss);

    // DPO: prompt + two answers; references are the frozen base's log-probs on this device (as the Vulkan test does).
    std::vector<PreferencePair> pairs;
    for (int p = 0; p < 2; ++p) {
        Sequence prompt = random_sequence(data_rng, vocab, 16, 16);
        PreferencePair pair;
        pair.chosen = prompt;
        pair.rejected = prompt;
        Sequence a = random_sequence(data_rng, vocab, 12, 0);
        Sequence b = random_sequence(data_rng, vocab, 14, 0);
        pair.chosen.tokens.insert(pair.chosen.tokens.end(), a.tokens.begin(), a.tokens.end());
        pair.chosen.mask.insert(pair.chosen.mask.end(), a.mask.begin(), a.mask.end());
        pair.rejected.tokens.insert(pair.rejected.tokens.end(), b.tokens.begin(), b.tokens.end());
        pair.rejected.mask.insert(pair.rejected.mask.end(), b.mask.begin(), b.mask.end());
        pairs.push_back(pair);
    }
    std::vector<Sequence> answers;
    for (const auto & pair : pairs) {
        answers.push_back(pair.chosen);
        answers.push_back(pair.rejected);
    }
    const std::vector<SequenceLogProbs> refs = s.log_probs(answers, false, false);
    for (size_t p = 0; p < pairs.size(); ++p) {
        pairs[p].reference_chosen = refs[2 * p].log_prob;
        pairs[p].reference_rejected = refs[2 * p + 1].log_prob;
    }
    DpoSettings dpo;
    dpo.beta = 0.5;
    const DpoOutcome dpo_out = s.compute_dpo_gradients(pairs, dpo, &run.dpo_gradients);
    run.dpo_loss = dpo_out.loss;

    OptimizerStepParams opt;
    opt.lr = 1e-3f;
    opt.grad_clip = 1.0f;
    for (int i = 0; i < steps; ++i) {
        const StepOutcome out = s.train_step(batch, opt, {});
        run.step_losses.push_back(out.loss);
        run.grad_norms.push_back(out.grad_norm);
    }
    for (const std::string & name : s.parameter_names()) {
        run.final_parameters[name] = s.read_parameter(name);
    }
    run.report = schedule_json(s);
    run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return run;
}

int agree(const Args & args) {
    const std::string model = args.get("model", "");
    const std::string gpu = args.get("gpu", has_gpu() ? "gpu:0" : "cpu");
    const int steps = args.integer("steps", 4);
    const int threads = args.integer("threads", 0);
    std::fprintf(stderr, "agree: %s, cpu vs %s, %d steps\n", model.c_str(), gpu.c_str(), steps);
    const float perturb = std::stof(args.get("perturb", "0"));
    const DeviceRun cpu = agree_on(model, "cpu", steps, threads, 0.0f);
    const DeviceRun dev = agree_on(model, gpu, steps, threads, perturb);

    // Bounds: the Vulkan tests' for an F16 base (tests/integration/native/nativeTrainerVulkan.test.ts); the step
    // losses' 2e-3 (the SFT loss bound) and the parameters' 5e-2 are this check's own (AdamW's first steps move each
    // value by about lr·sign(g), so a gradient element near zero may step the other way).
    const double sft_distance = relative_distance(dev.sft_gradients, cpu.sft_gradients);
    const double sft_loss_diff = relative(dev.sft_loss, cpu.sft_loss);
    const double dpo_distance = relative_distance(dev.dpo_gradients, cpu.dpo_gradients);
    const double dpo_loss_diff = relative(dev.dpo_loss, cpu.dpo_loss);
    double step_diff = 0;
    for (size_t i = 0; i < cpu.step_losses.size(); ++i) {
        step_diff = std::max(step_diff, relative(dev.step_losses[i], cpu.step_losses[i]));
    }
    const double param_distance = relative_distance(dev.final_parameters, cpu.final_parameters);
    const bool learned = cpu.step_losses.back() < cpu.step_losses.front() && dev.step_losses.back() < dev.step_losses.front();
    struct Check { const char * name; double value; double bound; };
    const std::vector<Check> checks = {
        {"sftGradientDistance", sft_distance, 2e-2}, {"sftLossRelativeDiff", sft_loss_diff, 2e-3},
        {"dpoGradientDistance", dpo_distance, 3e-2}, {"dpoLossRelativeDiff", dpo_loss_diff, 3e-2},
        {"stepLossMaxRelativeDiff", step_diff, 2e-3}, {"parameterDistanceAfterSteps", param_distance, 5e-2},
    };
    bool ok = learned;
    std::vector<std::string> check_json;
    for (const auto & c : checks) {
        const bool pass = c.value <= c.bound;
        ok = ok && pass;
        check_json.push_back(Json().str("name", c.name).n("value", c.value).n("bound", c.bound).b("pass", pass).text());
        std::printf("  %-28s %.3e  (bound %.0e) %s\n", c.name, c.value, c.bound, pass ? "ok" : "FAIL");
    }
    std::printf("  losses cpu   :");
    for (double l : cpu.step_losses) std::printf(" %.5f", l);
    std::printf("\n  losses %-5s:", gpu.c_str());
    for (double l : dev.step_losses) std::printf(" %.5f", l);
    std::printf("\n  loss falls on both: %s\n  %s: %s\n", learned ? "yes" : "NO", gpu.c_str(), dev.report.c_str());

    const std::string json = Json()
        .str("model", model)
        .str("device", gpu)
        .b("sameDevice", gpu == "cpu")
        .n("perturb", perturb)
        .n("steps", steps)
        .set("checks", array(check_json))
        .b("lossFallsOnBoth", learned)
        .b("pass", ok)
        .set("cpu", Json().n("sftLoss", cpu.sft_loss).n("dpoLoss", cpu.dpo_loss).set("stepLosses", numbers(cpu.step_losses))
                         .set("gradNorms", numbers(cpu.grad_norms)).set("report", cpu.report).n("seconds", cpu.seconds).text())
        .set("device_run", Json().n("sftLoss", dev.sft_loss).n("dpoLoss", dev.dpo_loss).set("stepLosses", numbers(dev.step_losses))
                         .set("gradNorms", numbers(dev.grad_norms)).set("report", dev.report).n("seconds", dev.seconds).text())
        .text();
    write_file(args.get("out", ""), json);
    return ok ? 0 : 1;
}

// --- bench ---------------------------------------------------------------------------------------------------------
int bench(const Args & args) {
    const std::string model = args.get("model", "");
    const std::string device = args.get("device", has_gpu() ? "gpu:0" : "cpu");
    const int batch_size = args.integer("batch", 8);
    const int seq = args.integer("seq", 512);
    const int rank = args.integer("rank", 16);
    const int warmup = args.integer("warmup", 2);
    const int steps = args.integer("steps", 5);
    const int threads = args.integer("threads", 0);
    ggml_backend_dev_t dev = find_device(device);
    if (!dev) {
        throw std::runtime_error("no device " + device + " (trainer_check devices lists them)");
    }
    const Memory before = device_memory(dev);
    std::fprintf(stderr, "bench: %s on %s (%s), batch %d x %d, r%d, %d warm-up + %d timed steps\n", model.c_str(), device.c_str(),
        ggml_backend_dev_description(dev), batch_size, seq, rank, warmup, steps);

    auto t0 = Clock::now();
    TrainerSession s(lora_options(model, device, rank, 2.0f * rank, (uint32_t) seq, threads));
    const double load_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::mt19937_64 data_rng(11);
    size_t min_free = device_memory(dev).free;
    OptimizerStepParams opt;
    opt.lr = 1e-4f;
    std::vector<double> step_seconds;
    std::vector<double> losses;
    for (int i = 0; i < warmup + steps; ++i) {
        std::vector<Sequence> batch;
        for (int b = 0; b < batch_size; ++b) {
            batch.push_back(random_sequence(data_rng, s.info().vocab_size, (size_t) seq, 1));
        }
        const auto start = Clock::now();
        const StepOutcome out = s.train_step(batch, opt, {});
        const double secs = std::chrono::duration<double>(Clock::now() - start).count();
        step_seconds.push_back(secs);
        losses.push_back(out.loss);
        min_free = std::min(min_free, device_memory(dev).free);
        std::fprintf(stderr, "  step %d%s: %.3f s, loss %.4f, %d micro-batches, %.0f tokens/s\n", i + 1, i < warmup ? " (warm-up)" : "",
            secs, out.loss, out.micro_batches, (double) out.tokens / secs);
    }
    double timed = 0;
    for (int i = warmup; i < warmup + steps; ++i) {
        timed += step_seconds[i];
    }
    const double tokens = (double) batch_size * seq * steps;
    const double tokens_per_second = tokens / timed;
    const double used_bytes = (double) (before.free > min_free ? before.free - min_free : 0);
    std::printf("  %s: %.0f tokens/s (%d timed steps, %.3f s/step), session device memory %.2f GiB, device memory used %.2f GiB, splits %d\n",
        device.c_str(), tokens_per_second, steps, timed / steps, s.device_memory_bytes() / 1073741824.0, used_bytes / 1073741824.0,
        s.schedule().splits);
    const std::string json = Json()
        .str("model", model)
        .str("device", device)
        .n("batch", batch_size)
        .n("seq", seq)
        .n("loraRank", rank)
        .set("loraTargets", array([] { std::vector<std::string> t; for (auto & x : all_targets) t.push_back(quote(x)); return t; }()))
        .n("trainableParameters", (double) s.info().trainable_parameters)
        .n("warmupSteps", warmup)
        .n("timedSteps", steps)
        .n("loadSeconds", load_seconds)
        .set("stepSeconds", numbers(step_seconds))
        .set("losses", numbers(losses))
        .n("tokensPerSecond", tokens_per_second)
        .n("deviceMemoryTotalBytes", (double) before.total)
        .n("deviceMemoryUsedBytes", used_bytes)
        .set("report", schedule_json(s))
        .text();
    write_file(args.get("out", ""), json);
    return 0;
}

void quiet_log(ggml_log_level level, const char * text, void *) {
    static const bool verbose = std::getenv("TRAINER_CHECK_VERBOSE") != nullptr;
    if (verbose || level >= GGML_LOG_LEVEL_WARN) {
        std::fputs(text, stderr);
    }
}

} // namespace

int main(int argc, char ** argv) {
    llama_log_set(quiet_log, nullptr);
    llama_backend_init();
    try {
        const Args args = parse_args(argc, argv);
        if (args.command == "devices") {
            std::printf("%s\n", devices_json().c_str());
            return 0;
        }
        if (args.get("model", "").empty()) {
            throw std::runtime_error("--model is required");
        }
        if (args.command == "agree") {
            return agree(args);
        }
        if (args.command == "bench") {
            return bench(args);
        }
        throw std::runtime_error("unknown command " + args.command);
    } catch (const TrainerError & e) {
        std::fprintf(stderr, "trainer_check: %s: %s\n", e.code.c_str(), e.what());
        return 2;
    } catch (const std::exception & e) {
        std::fprintf(stderr, "trainer_check: %s\n", e.what());
        return 2;
    }
}
