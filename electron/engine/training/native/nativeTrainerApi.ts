import type { ErrorReason } from '../../../shared/contract/errorReasons.ts';

/**
 * The contract of the native trainer (native/ addon) as the trainer host sees it. Code outside
 * electron/engine/training/native/ depends only on these types; `loadNativeTrainer()` (loadNativeTrainer.ts)
 * returns the implementation. The addon runs inside the trainer host process only: never load it next to
 * node-llama-cpp, each carries its own ggml.
 *
 * Errors are `WorkbenchError`s (electron/shared/contract/errors.ts):
 * - 'unsupported'  the model (architecture, tensor type) or option cannot be trained here; raised by
 *                  createSession before any work starts, the message says which tensor/type and what works;
 * - 'bad_input'    a batch or option is invalid (empty train mask, sequence longer than the context, token id
 *                  out of range…), `details.field` / `details.sequence` say where;
 * - 'not_found'    a model, adapter or checkpoint file is missing;
 * - 'cancelled'    abort() was called while a call was running (it stops within one micro-batch);
 * - 'conflict'     a second long call was started while one is running, or the session is disposed;
 * - 'internal'     anything else from ggml/llama.cpp.
 */

export const loraTargets = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] as const;
/** Projection names, mapped to llama.cpp tensors attn_q/attn_k/attn_v/attn_output/ffn_gate/ffn_up/ffn_down. */
export type LoraTarget = (typeof loraTargets)[number];

export type TrainingMode = 'lora' | 'full';

export interface LearningRateSchedule {
  kind: 'constant' | 'cosine' | 'linear';
  /** Linear ramp from 0 to `lr` over these optimizer steps. */
  warmupSteps: number;
  /** Steps over which cosine/linear decay from `lr` to `lr * minLrRatio`. */
  totalSteps: number;
  /** Default 0. */
  minLrRatio?: number;
}

export interface OptimizerOptions {
  /** AdamW peak learning rate. */
  lr: number;
  /** Decoupled weight decay (AdamW), applied as lr * weightDecay per step. */
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Clip the global L2 norm of the gradient to this value; 0 turns clipping off. */
  gradClip: number;
  schedule: LearningRateSchedule;
}

export interface LoraOptions {
  rank: number;
  alpha: number;
  targets: readonly LoraTarget[];
  /**
   * LoRA dropout probability, 0 (default) to below 1: in training steps (trainStep, dpoStep and their
   * compute*Gradients) each adapted projection computes W·x + (alpha/rank)·B·A·dropout(x), with its own inverted
   * dropout mask (0 with probability p, else 1/(1−p)) on the LoRA branch only. Masks are fresh every micro-batch and
   * step, drawn from the session seed and the step, so the same seed repeats a run and a resumed checkpoint draws the
   * masks the uninterrupted run would have. Evaluation (evalLoss, evalDpo, sequenceLogProbs, generate) never drops.
   */
  dropout?: number;
  /** Continue training this adapter (llama.cpp GGUF LoRA, F32/F16 A/B) instead of a fresh one. */
  initAdapterPath?: string;
}

export interface TrainingSessionOptions {
  /** GGUF base model. */
  modelPath: string;
  mode: TrainingMode;
  /** Required when mode is 'lora'. */
  lora?: LoraOptions;
  /** Longest sequence (tokens) a batch may carry; also the KV size. */
  contextLength: number;
  /** CPU threads; default: all cores. */
  threads?: number;
  /** Seeds the LoRA A initialisation and the LoRA dropout masks; the same seed gives the same adapter and run. */
  seed: number;
  optimizer: OptimizerOptions;
  /**
   * 'auto' (default): the first GPU device (a prebuilt Vulkan/CUDA backend of node-llama-cpp, or the Metal build),
   * else the CPU. 'gpu:N': the Nth GPU of `devices()`. Ops the GPU backend lacks run on the CPU (deviceReport()).
   */
  device?: TrainingDeviceChoice;
  /**
   * Test hook: ggml op names (e.g. 'CROSS_ENTROPY_LOSS_BACK') the training graphs compute on the CPU even when the
   * GPU has them: the path Metal takes for its missing backward ops. Also $WORKBENCH_TRAINER_CPU_OPS.
   */
  cpuOps?: string[];
  /**
   * Default true: consecutive sequences of a batch share one micro-batch while their tokens fit the context
   * (each keeps its own attention and positions). Same loss and gradients, fewer and larger graphs.
   */
  packSequences?: boolean;
}

/** One training sequence: a prompt+answer conversation as token ids, with its train mask. */
export interface TrainingSequence {
  tokens: Int32Array;
  /**
   * Same length as `tokens`; 1 where the token is a target (predicted from the tokens before it), 0 where it is
   * context only (system/user/template tokens). Token 0 can never be a target. Loss is the mean cross-entropy over
   * the targets of the whole batch.
   */
  trainMask: Uint8Array;
}

/**
 * One optimizer step. Sequences are grouped into micro-batches (see packSequences); their gradients accumulate
 * before the update, so a batch of any size is gradient accumulation over its micro-batches.
 */
export interface TrainingBatch {
  sequences: readonly TrainingSequence[];
}

export interface StepProgress {
  /** Micro-batches done (1-based) of `microBatches` in this step. */
  microBatch: number;
  microBatches: number;
  /** Tokens (all, not only targets) processed so far in this step. */
  tokens: number;
}

/** What every optimizer step reports, whatever its loss (trainStep, dpoStep). */
export interface OptimizerStepReport {
  /** Optimizer steps completed by this session, including this one (checkpoint-restored steps count). */
  step: number;
  learningRate: number;
  /** Global L2 norm of the gradient before clipping. */
  gradNorm: number;
  clipped: boolean;
  tokens: number;
  targetTokens: number;
  milliseconds: number;
}

export interface StepResult extends OptimizerStepReport {
  /** Mean cross-entropy over the batch's target tokens, before the update. */
  loss: number;
}

export interface EvalResult {
  loss: number;
  targetTokens: number;
  tokens: number;
}

/** Log-probabilities of the target tokens of one sequence (for DPO and for the inspector). */
export interface SequenceLogProbs {
  /** Sum of log p(target) over the target tokens. */
  logProb: number;
  targetTokens: number;
  /** One entry per target token, in order. */
  tokenLogProbs: Float32Array;
}

export interface GenerateOptions {
  maxTokens: number;
  /** Generation stops after any of these token ids (default: the model's end-of-generation tokens). */
  stopTokens?: readonly number[];
  /**
   * 0 or absent: greedy. Above 0: each token is drawn from softmax(logits / temperature) (over the `topK` most
   * likely when topK > 0) with a generator seeded by `seed` (default 0), so the same seed repeats a sample.
   */
  temperature?: number;
  topK?: number;
  seed?: number;
}

/** A sequence of a weighted-token step: `weights[k]` weighs its k-th target token (trainMask set, position >= 1). */
export interface WeightedSequence extends TrainingSequence {
  weights: Float32Array;
}

export interface WeightedBatch {
  sequences: readonly WeightedSequence[];
}

export interface WeightedStepResult extends OptimizerStepReport {
  /** Σ_t w_t·(−log π(token_t)) over the batch's target tokens, before the update. */
  loss: number;
}

export interface TokenizeOptions {
  /** Parse special-token spellings such as <|im_start|> (default false). */
  special?: boolean;
  /** Prepend BOS when the model asks for it (default false: templates usually include it). */
  addBos?: boolean;
}

export interface SessionInfo {
  architecture: string;
  /** ggml type names of the base weights, e.g. { F16: 170, F32: 49 }. */
  tensorTypes: Record<string, number>;
  vocabSize: number;
  /** Longest sequence a batch may hold: the requested contextLength rounded up to a multiple of 256. */
  contextLength: number;
  layers: number;
  embeddingLength: number;
  /** Trainable parameters (LoRA A+B, or model tensors in full mode). */
  trainableParameters: number;
  /** Device running the step, ggml's name: 'CPU', 'Vulkan0', 'CUDA0', 'MTL0'. */
  backend: string;
  /** What the driver calls it, e.g. 'llvmpipe (LLVM 15.0.6, 256 bits)' or 'NVIDIA GeForce RTX 4090'. */
  deviceDescription: string;
  bosToken: number | null;
  eosToken: number | null;
  /** The adapter being trained (from the options, or from initAdapterPath when given); null in full mode. */
  lora: { rank: number; alpha: number; targets: LoraTarget[] } | null;
}

export type TrainingDeviceChoice = 'auto' | 'cpu' | `gpu:${number}`;

/** Where the last training step's graph ran (its last micro-batch's forward + backward). */
export interface DeviceReport {
  backend: string;
  deviceDescription: string;
  /** Weights, KV cache, compute buffers, trainable tensors, gradients and moments in the device's memory. */
  deviceMemoryBytes: number;
  /** Graph splits: runs on one backend between copies (1 when everything ran on one device). */
  splits: number;
  /** Op → nodes the CPU computed while training on a GPU (ops the GPU backend lacks, inputs, cpuOps); {} on CPU. */
  cpuOps: Record<string, number>;
  /** Op → nodes of that whole graph (what a backend needs to run all of it; native/README.md lists Metal's gaps). */
  graphOps: Record<string, number>;
}

/** A device the trainer can train on. */
export interface TrainingDevice {
  id: 'cpu' | `gpu:${number}`;
  name: string;
  description: string;
  backend: string;
  memoryFreeBytes: number;
  memoryTotalBytes: number;
}

/** A prebuilt GPU backend module the trainer tried to load (gpuBackendModules.ts). */
export interface GpuBackendLoad {
  packageName: string;
  path: string;
  /** The backend's name when it loaded ('Vulkan', 'CUDA'), else null with `reason`. */
  loaded: string | null;
  reason?: string;
}

export interface CheckpointInfo {
  step: number;
  /** Whatever the caller passed to saveCheckpoint (data position, its own RNG state…). */
  extra: unknown;
}

/**
 * One preference pair for DPO: the same prompt with the chosen and the rejected answer, each a TrainingSequence
 * whose train mask covers the answer tokens only. The reference log-probs are the frozen starting policy's summed
 * target log-probs (sequenceLogProbs(…, { adapter: false }) for a fresh adapter, or of the starting adapter when
 * continuing one), computed once per pair by the caller and cached.
 */
export interface PreferencePair {
  chosen: TrainingSequence;
  rejected: TrainingSequence;
  referenceChosenLogProb: number;
  referenceRejectedLogProb: number;
}

export interface DpoOptions {
  /** Temperature of the implicit reward: reward = beta * (logπ − logπ_ref). */
  beta: number;
  /** Conservative DPO (cDPO): loss = (1−ε)·softplus(−z) + ε·softplus(z). Default 0. */
  labelSmoothing?: number;
}

export interface DpoBatch {
  pairs: readonly PreferencePair[];
}

/** Means over the batch's pairs, named as TRL logs them (see electron/shared/contract/training.ts). */
export interface DpoStats {
  /** Mean DPO loss over the pairs, before the update. */
  loss: number;
  rewardsChosen: number;
  rewardsRejected: number;
  rewardsMargins: number;
  /** Fraction of pairs whose chosen reward is greater than the rejected one. */
  rewardsAccuracies: number;
  logpsChosen: number;
  logpsRejected: number;
  /** Per pair, in order: the policy's summed log-probs of chosen and rejected. */
  pairs: { logpChosen: number; logpRejected: number }[];
}

export interface DpoStepResult extends DpoStats, OptimizerStepReport {}

/** What trainability says about a model before a session is created (no weights are loaded). */
export interface ModelSupport {
  architecture: string;
  tensorTypes: Record<string, number>;
  lora: TrainingVerdict;
  full: TrainingVerdict;
}

/** Whether a model can be trained one way: `reason` says why not in English, `why` as a key the UI words. */
export interface TrainingVerdict {
  supported: boolean;
  reason?: string;
  why?: ErrorReason;
}

/**
 * One model + trainable weights + optimizer state. One long call at a time.
 */
export interface TrainingSession {
  readonly info: SessionInfo;
  /** Optimizer steps done so far (restored by loadCheckpoint). */
  readonly step: number;

  /** One optimizer step over the batch (gradient accumulation across its sequences). */
  trainStep(batch: TrainingBatch, onProgress?: (progress: StepProgress) => void): Promise<StepResult>;
  /** Loss without updating anything (validation). */
  evalLoss(batch: TrainingBatch): Promise<EvalResult>;
  /**
   * Target-token log-probs with the current weights. `adapter: false` evaluates the frozen base (DPO reference).
   * `inferenceGraph: true` evaluates through llama_decode, the graphs inference uses, instead of the training
   * graph: the two must agree, which checks the training patches.
   */
  sequenceLogProbs(
    sequences: readonly TrainingSequence[],
    options?: { adapter?: boolean; inferenceGraph?: boolean },
  ): Promise<SequenceLogProbs[]>;
  /** Continuation with the current weights: greedy (checkpoint samples), or sampled with a temperature (GRPO). */
  generate(prompt: Int32Array, options: GenerateOptions): Promise<Int32Array>;

  /** The same llama.cpp vocabulary code inference uses. */
  tokenize(text: string, options?: TokenizeOptions): Int32Array;
  detokenize(tokens: Int32Array, options?: { special?: boolean }): string;

  /** LoRA mode: a llama.cpp GGUF LoRA adapter, written to a temp file, fsynced, renamed. */
  saveAdapter(path: string): Promise<void>;
  /** Full mode: the whole model as GGUF (same tensor types as the base), written atomically. */
  saveModel(path: string): Promise<void>;
  /** Trainable weights + AdamW moments + step + RNG + `extra`, into `dir` (created), each file atomically. */
  saveCheckpoint(dir: string, extra?: unknown): Promise<void>;
  /** Restore a checkpoint written by saveCheckpoint into this (fresh or used) session with the same options. */
  loadCheckpoint(dir: string): Promise<CheckpointInfo>;

  /** Trainable tensors by name (LoRA: `blk.N.attn_q.weight.lora_a` …; full: model tensor names), sorted. */
  parameterNames(): string[];
  readParameter(name: string): Float32Array;
  writeParameter(name: string, values: Float32Array): void;
  /**
   * Gradients of the batch's mean target loss with respect to every trainable tensor; nothing is updated. With LoRA
   * dropout the loss is the dropped-out one, with the masks the next trainStep would draw (the same at a fixed step).
   */
  computeGradients(batch: TrainingBatch): Promise<{ loss: number; gradients: Map<string, Float32Array> }>;

  /**
   * DPO (issue 8): one optimizer step of the sigmoid DPO loss over the pairs, gradients from ggml's backward through
   * the policy's summed target log-probs (gradient accumulation across pairs). Metrics are computed before the update.
   */
  dpoStep(batch: DpoBatch, options: DpoOptions, onProgress?: (progress: StepProgress) => void): Promise<DpoStepResult>;
  /** DPO loss and metrics without updating anything (validation pairs). */
  evalDpo(batch: DpoBatch, options: DpoOptions): Promise<DpoStats>;
  /** Gradients of the batch's mean DPO loss with respect to every trainable tensor; nothing is updated. */
  computeDpoGradients(batch: DpoBatch, options: DpoOptions): Promise<{ loss: number; gradients: Map<string, Float32Array> }>;

  /**
   * Policy-gradient updates (GRPO, electron/engine/rl): one optimizer step of the loss Σ_t w_t·(−log π(token_t))
   * over every target token of the batch, with per-token weights of any sign; gradients from ggml's backward
   * through log softmax (native/src/weighted_step.cpp), accumulated across micro-batches as in trainStep.
   */
  weightedStep(batch: WeightedBatch, onProgress?: (progress: StepProgress) => void): Promise<WeightedStepResult>;
  /** Gradients of the weighted-token loss with respect to every trainable tensor; nothing is updated. */
  computeWeightedGradients(batch: WeightedBatch): Promise<{ loss: number; gradients: Map<string, Float32Array> }>;

  /** Where the last training step ran: device, memory, graph splits, ops the CPU took (call between steps). */
  deviceReport(): DeviceReport;
  /** Ask the running call to stop; it rejects with 'cancelled' within one micro-batch. */
  abort(): void;
  /** Free native memory; further calls fail with 'conflict'. Safe to call twice. */
  dispose(): void;
}

export interface NativeTrainerBinding {
  /** Hash of the sources the addon was built from (native/scripts/build.mjs cache key). */
  readonly buildKey: string;
  /** Backends loaded, e.g. ['CPU'], ['CPU', 'Vulkan'] or ['Metal', 'CPU']. */
  readonly backends: readonly string[];
  /** The prebuilt GPU modules tried at load, and why each did not load. */
  readonly gpuBackends: readonly GpuBackendLoad[];
  /** Devices a session can train on (CPU first, then the GPUs as gpu:N). */
  devices(): TrainingDevice[];
  systemInfo(): string;
  /** Reads GGUF metadata only, says whether LoRA / full training works for this model on this build. */
  inspectModel(modelPath: string, device?: TrainingDeviceChoice): ModelSupport;
  createSession(options: TrainingSessionOptions): Promise<TrainingSession>;
  /** Rewrites a GGUF model with every matrix in `type` (llama.cpp's quantizer); for making test and bench bases. */
  quantizeModel(input: string, output: string, type: BaseWeightType): Promise<void>;
}

export type BaseWeightType = 'F32' | 'F16' | 'BF16' | 'Q8_0' | 'Q4_0' | 'Q4_K';
