#include "device_schedule.h"

#include "trainer_error.h"

#include "ggml.h"

#include <cstdlib>
#include <sstream>

namespace {

bool is_gpu(ggml_backend_dev_t dev) {
    const enum ggml_backend_dev_type type = ggml_backend_dev_type(dev);
    return type == GGML_BACKEND_DEVICE_TYPE_GPU || type == GGML_BACKEND_DEVICE_TYPE_IGPU;
}

std::string describe_gpus(const std::vector<ggml_backend_dev_t> & gpus) {
    if (gpus.empty()) {
        return "this machine has no GPU device ggml can use";
    }
    std::string out = "the GPU devices are";
    for (size_t i = 0; i < gpus.size(); ++i) {
        out += (i ? ", gpu:" : " gpu:") + std::to_string(i) + " (" + ggml_backend_dev_description(gpus[i]) + ")";
    }
    return out;
}

// Nodes that only reinterpret memory: the scheduler places them, nothing is computed.
bool computes(const ggml_tensor * node) {
    switch (node->op) {
        case GGML_OP_NONE:
        case GGML_OP_VIEW:
        case GGML_OP_RESHAPE:
        case GGML_OP_PERMUTE:
        case GGML_OP_TRANSPOSE:
            return false;
        default:
            return true;
    }
}

ggml_backend_t cpu_backend_of(ggml_backend_sched_t sched) {
    for (int i = ggml_backend_sched_get_n_backends(sched) - 1; i >= 0; --i) {
        ggml_backend_t backend = ggml_backend_sched_get_backend(sched, i);
        if (ggml_backend_dev_type(ggml_backend_get_device(backend)) == GGML_BACKEND_DEVICE_TYPE_CPU) {
            return backend;
        }
    }
    return nullptr;
}

} // namespace

std::vector<ggml_backend_dev_t> gpu_devices() {
    std::vector<ggml_backend_dev_t> out;
    for (size_t i = 0; i < ggml_backend_dev_count(); ++i) {
        ggml_backend_dev_t dev = ggml_backend_dev_get(i);
        if (is_gpu(dev)) {
            out.push_back(dev);
        }
    }
    return out;
}

ggml_backend_dev_t training_device(const std::string & choice) {
    ggml_backend_dev_t cpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    if (!cpu) {
        throw TrainerError("internal", "no CPU backend is loaded (the trainer's libggml-cpu module is missing?)");
    }
    const std::vector<ggml_backend_dev_t> gpus = gpu_devices();
    if (choice.empty() || choice == "auto") {
        return gpus.empty() ? cpu : gpus.front();
    }
    if (choice == "cpu") {
        return cpu;
    }
    if (choice.rfind("gpu:", 0) == 0 && choice.size() > 4 && choice.find_first_not_of("0123456789", 4) == std::string::npos) {
        const size_t index = std::strtoul(choice.c_str() + 4, nullptr, 10);
        if (index >= gpus.size()) {
            throw TrainerError("bad_input", "device " + choice + " does not exist: " + describe_gpus(gpus), "training_device_missing",
                {{"device", choice}, {"gpus", (double) gpus.size()}});
        }
        return gpus[index];
    }
    throw TrainerError("bad_input", "device must be auto, cpu or gpu:N, not \"" + choice + "\"", "field_one_of",
        {{"field", std::string("device")}, {"values", std::string("auto, cpu, gpu:N")}});
}

std::set<std::string> parse_op_names(const std::string & list) {
    std::set<std::string> known;
    for (int op = 0; op < GGML_OP_COUNT; ++op) {
        known.insert(ggml_op_name((ggml_op) op));
    }
    for (int op = 0; op < GGML_UNARY_OP_COUNT; ++op) {
        known.insert(ggml_unary_op_name((ggml_unary_op) op));
    }
    std::set<std::string> out;
    std::stringstream stream(list);
    std::string name;
    while (std::getline(stream, name, ',')) {
        if (name.empty()) {
            continue;
        }
        if (!known.count(name)) {
            throw TrainerError("bad_input", "cpuOps: " + name + " is not a ggml op name (e.g. OUT_PROD, CROSS_ENTROPY_LOSS_BACK)");
        }
        out.insert(name);
    }
    return out;
}

void pin_ops_to_cpu(ggml_backend_sched_t sched, ggml_cgraph * graph, const std::set<std::string> & ops) {
    if (ops.empty()) {
        return;
    }
    ggml_backend_t cpu = cpu_backend_of(sched);
    if (!cpu) {
        return;
    }
    for (int i = 0; i < ggml_graph_n_nodes(graph); ++i) {
        ggml_tensor * node = ggml_graph_node(graph, i);
        // a node that already has memory (a gradient accumulator written in place) must stay with its buffer
        if (node->buffer == nullptr && node->view_src == nullptr && ops.count(ggml_op_desc(node))) {
            ggml_backend_sched_set_tensor_backend(sched, node, cpu);
        }
    }
}

ScheduleReport read_schedule(ggml_backend_sched_t sched, ggml_cgraph * graph, ggml_backend_dev_t device) {
    ScheduleReport report;
    report.splits = ggml_backend_sched_get_n_splits(sched);
    const bool on_cpu = ggml_backend_dev_type(device) == GGML_BACKEND_DEVICE_TYPE_CPU;
    for (int i = 0; i < ggml_graph_n_nodes(graph); ++i) {
        ggml_tensor * node = ggml_graph_node(graph, i);
        if (!computes(node)) {
            continue;
        }
        report.ops[ggml_op_desc(node)]++;
        ggml_backend_t backend = ggml_backend_sched_get_tensor_backend(sched, node);
        if (!on_cpu && backend && ggml_backend_dev_type(ggml_backend_get_device(backend)) == GGML_BACKEND_DEVICE_TYPE_CPU) {
            report.cpu_ops[ggml_op_desc(node)]++;
        }
    }
    return report;
}
