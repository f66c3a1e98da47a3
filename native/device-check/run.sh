#!/usr/bin/env bash
# The one-shot CUDA check of issue 21 (see README.md here). From the repository root of a machine with nvcc, cmake,
# a C++ compiler and Python with torch + transformers + peft:
#
#   bash native/device-check/run.sh            # results under $OUT (default: /tmp/device-check-out)
#
# Phases, each with a hard time limit and its own log in $OUT/logs/ (a failed or timed-out phase is recorded in
# $OUT/phases.tsv and the run goes on with whatever does not depend on it):
#   env      GPU, driver, toolkit and library versions
#   source   clone node-llama-cpp's gitRelease.bundle, apply native/patches/*.patch
#   build    (background, niced) cmake + build of llama.cpp with CUDA for CUDA_ARCH only + trainer core + trainer_check
#   models   random GGUF models: tiny (llama), tiny-qwen2, qwen05 (Qwen2.5-0.5B shape), written by make_models.py
#   peft     PyTorch + PEFT bench, Qwen2.5-0.5B shape, LoRA r16 all linear, bf16, batch 8 x 512 (while the build runs)
#   devices  trainer_check devices
#   agree    CPU vs GPU: SFT and DPO gradients, 4 AdamW steps (tiny llama, then tiny qwen2)
#   bench    trainer_check bench on qwen05: same job as peft, on the GPU
#   peft2    the PEFT bench again on the now quiet machine, if the run is still inside its budget
#   summary  summary.json + summary.md
#
# Environment: DEVICE_CHECK_CUDA=1 (0: the CPU-only path, with small shapes, as run on a machine without a GPU),
# CUDA_ARCH=90, JOBS=$(nproc), OUT, DEVICE_CHECK_WORK (source, build, models; default native/device-check/.work,
# git-ignored, so a second call on a still-warm device machine continues the incremental build),
# PYTHON=python3, BUDGET_S=480 (the whole run's wall-clock target: later phases shrink or skip to stay inside it),
# SKIP="peft peft2" (phases not to run, e.g. on a rerun that only has to finish the build and the checks).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
CUDA=${DEVICE_CHECK_CUDA:-1}
CUDA_ARCH=${CUDA_ARCH:-90}
JOBS=${JOBS:-$(nproc)}
OUT=${OUT:-/tmp/device-check-out}
WORK=${DEVICE_CHECK_WORK:-$here/.work}
PYTHON=${PYTHON:-python3}
BUDGET_S=${BUDGET_S:-480}
SKIP=" ${SKIP:-} "
mkdir -p "$OUT/logs" "$WORK"
SRC=$WORK/llama.cpp
if [ "$CUDA" = 1 ]; then BUILD=$WORK/build-cuda; else BUILD=$WORK/build-cpu; fi
BIN=$BUILD/trainer_check
MODELS=$WORK/models
export here repo CUDA CUDA_ARCH JOBS PYTHON SRC BUILD
T0=$(date +%s)
printf 'phase\trc\tseconds\tlimit_s\tnote\n' > "$OUT/phases.tsv"

elapsed() { echo $(( $(date +%s) - T0 )); }
left() { echo $(( BUDGET_S - $(elapsed) )); }

# record NAME RC SECONDS LIMIT NOTE
record() {
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$OUT/phases.tsv"
  printf '[device-check] %-8s rc=%-3s %4ss (limit %ss) %s  [t=%ss]\n' "$1" "$2" "$3" "$4" "$5" "$(elapsed)"
}

# phase NAME LIMIT_S COMMAND...: runs with a hard limit, log in $OUT/logs/NAME.log, never aborts the script.
phase() {
  local name=$1 limit=$2
  shift 2
  local start rc note=""
  if [[ "$SKIP" == *" $name "* ]]; then
    record "$name" skipped 0 0 "in SKIP"
    return 3
  fi
  start=$(date +%s)
  echo "[device-check] $name: start (limit ${limit}s) [t=$(elapsed)s]"
  timeout --kill-after=10 "$limit" "$@" > "$OUT/logs/$name.log" 2>&1
  rc=$?
  [ $rc = 124 ] || [ $rc = 137 ] && note="TIMED OUT"
  [ $rc != 0 ] && [ -z "$note" ] && note="FAILED (see logs/$name.log)"
  record "$name" "$rc" $(( $(date +%s) - start )) "$limit" "$note"
  tail -n 15 "$OUT/logs/$name.log" | sed "s/^/  $name| /"
  return $rc
}

skip() { record "$1" skipped 0 0 "$2"; }

env_info() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(uname -a)"
  echo "cpus: $(nproc)"; grep -m1 'model name' /proc/cpuinfo
  command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used --format=csv
  command -v nvcc > /dev/null && nvcc --version | tail -n 2
  cmake --version | head -n 1
  c++ --version | head -n 1
  git --version
  "$PYTHON" -c 'import sys, numpy; print("python", sys.version.split()[0], "numpy", numpy.__version__)'
  "$PYTHON" -c 'import torch, transformers, peft; print("torch", torch.__version__, "cuda", torch.version.cuda, "transformers", transformers.__version__, "peft", peft.__version__)' || true
  echo "bundle: $(sha256sum "$repo/node_modules/node-llama-cpp/llama/gitRelease.bundle" 2>/dev/null | cut -c1-12)"
  echo "repo commit: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null) $(git -C "$repo" status --porcelain 2>/dev/null | wc -l) changed files"
}

build() {
  local flags=(-DLLAMA_CPP_DIR="$SRC" -DCMAKE_BUILD_TYPE=Release)
  if [ "$CUDA" = 1 ]; then flags+=(-DDEVICE_CHECK_CUDA=ON -DDEVICE_CHECK_CUDA_ARCHITECTURES="$CUDA_ARCH"); fi
  local gen=()
  command -v ninja > /dev/null && gen=(-G Ninja)
  cmake "${gen[@]}" -S "$here" -B "$BUILD" "${flags[@]}" && nice -n 10 cmake --build "$BUILD" --target trainer_check -j "$JOBS"
}

export -f env_info build
phase env 30 bash -c env_info
phase source 90 bash "$here/prepare_source.sh" "$SRC"
source_rc=$?

# The build runs in the background; the models and the PEFT bench use the time.
build_limit=$(( $(left) - 140 )); [ $build_limit -gt 400 ] && build_limit=400
if [ $source_rc = 0 ]; then
  ( phase build "$build_limit" bash -c build > "$OUT/logs/build-phase.txt" 2>&1 ) &
  build_pid=$!
else
  skip build "no source"; build_pid=""
fi

if [ $source_rc = 0 ]; then
  if [ "$CUDA" = 1 ]; then
    phase models 120 "$PYTHON" "$here/make_models.py" --llama-cpp "$SRC" --out "$MODELS" --skip-existing
  else
    phase models 60 "$PYTHON" "$here/make_models.py" --llama-cpp "$SRC" --out "$MODELS" --only tiny --only tiny-qwen2 --skip-existing
  fi
else
  skip models "no source (gguf-py)"
fi

peft_ok=0
if "$PYTHON" -c 'import torch, transformers, peft' > /dev/null 2>&1; then
  if [ "$CUDA" = 1 ]; then
    phase peft 180 "$PYTHON" "$here/peft_bench.py" --out "$OUT/peft.json" && peft_ok=1
  else
    phase peft 120 "$PYTHON" "$here/peft_bench.py" --shape tiny --batch 2 --seq 64 --warmup 1 --steps 2 --out "$OUT/peft.json"
  fi
else
  skip peft "torch, transformers or peft not importable by $PYTHON"
fi

if [ -n "$build_pid" ]; then
  echo "[device-check] waiting for the build [t=$(elapsed)s]"
  wait "$build_pid"
  cat "$OUT/logs/build-phase.txt"
fi

if [ -x "$BIN" ]; then
  phase devices 60 "$BIN" devices
  cp "$OUT/logs/devices.log" "$OUT/devices.json"
  if [ "$CUDA" = 1 ]; then gpu=gpu:0; else gpu=cpu; fi
  phase agree 90 "$BIN" agree --model "$MODELS/tiny.gguf" --gpu "$gpu" --steps 4 --out "$OUT/agree-tiny.json"
  phase agree-qwen2 60 "$BIN" agree --model "$MODELS/tiny-qwen2.gguf" --gpu "$gpu" --steps 4 --out "$OUT/agree-tiny-qwen2.json"
  if [ "$CUDA" != 1 ]; then
    # Both sides are the CPU here, so the distances are 0: show the comparison can fail (the second side's adapter
    # perturbed by 30 %); rc 0 = trainer_check reported the difference and exited 1.
    phase agree-selftest 60 bash -c '! "$0" agree --model "$1" --gpu cpu --steps 2 --perturb 0.3' "$BIN" "$MODELS/tiny.gguf"
  fi
  if [ "$CUDA" = 1 ]; then
    limit=$(( $(left) )); [ $limit -gt 200 ] && limit=200; [ $limit -lt 90 ] && limit=90
    phase bench "$limit" "$BIN" bench --model "$MODELS/qwen05.gguf" --device gpu:0 --batch 8 --seq 512 --warmup 2 --steps 5 \
      --out "$OUT/bench.json"
  else
    phase bench 120 "$BIN" bench --model "$MODELS/tiny-qwen2.gguf" --device cpu --batch 2 --seq 64 --warmup 1 --steps 2 \
      --threads 2 --out "$OUT/bench.json"
  fi
else
  for p in devices agree agree-qwen2 bench; do skip $p "no trainer_check binary (build failed: logs/build.log)"; done
fi

if [ "$CUDA" = 1 ] && [ $peft_ok = 1 ] && [ "$(left)" -gt 75 ]; then
  phase peft2 $(( $(left) - 15 )) "$PYTHON" "$here/peft_bench.py" --steps 10 --out "$OUT/peft-quiet.json"
else
  skip peft2 "not enough budget left or no first PEFT run"
fi

phase summary 30 "$PYTHON" "$here/summarize.py" --out "$OUT" --elapsed "$(elapsed)"
cat "$OUT/summary.md" 2>/dev/null
echo "[device-check] done in $(elapsed)s; results in $OUT"
