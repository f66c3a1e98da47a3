#pragma once

#include "ggml-backend.h"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

// The GPU devices ggml has registered (type GPU or integrated GPU), in registration order: "gpu:N" is the Nth.
std::vector<ggml_backend_dev_t> gpu_devices();

// The device a session trains on: "cpu", "gpu:N", or "auto" (the first GPU, else the CPU). Throws
// TrainerError("bad_input") for an unknown choice or a GPU index that does not exist, naming the devices there are.
ggml_backend_dev_t training_device(const std::string & choice);

// What the scheduler did with the last training graph (forward + backward of one micro-batch).
struct ScheduleReport {
    int splits = 0;                     // graph splits: runs on one backend between copies
    std::map<std::string, int> cpu_ops; // op (ggml_op_desc) -> nodes the CPU computed while training on a GPU
    std::map<std::string, int> ops;     // op -> nodes of the whole graph (what a backend must have to run it all)
};

// Parses a comma-separated list of op names (ggml_op_desc, e.g. "CROSS_ENTROPY_LOSS_BACK,OUT_PROD"), as the test
// hook WORKBENCH_TRAINER_CPU_OPS and the session option cpuOps give it; unknown names are refused.
std::set<std::string> parse_op_names(const std::string & list);

// Pins the graph's nodes whose op is in `ops` to the scheduler's CPU backend (the path an op the GPU backend lacks
// takes). Call after ggml_backend_sched_reset and before ggml_backend_sched_alloc_graph.
void pin_ops_to_cpu(ggml_backend_sched_t sched, ggml_cgraph * graph, const std::set<std::string> & ops);

// After ggml_backend_sched_alloc_graph: splits, and the ops assigned to the CPU when `device` is not the CPU.
ScheduleReport read_schedule(ggml_backend_sched_t sched, ggml_cgraph * graph, ggml_backend_dev_t device);
