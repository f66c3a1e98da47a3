import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { errorReasonSchema, reason, type ErrorReason } from '../../../shared/contract/errorReasons.ts';

/** What native/src/addon.cpp exports. Only nativeTrainingSession.ts and loadNativeTrainer.ts touch it. */
export interface RawSequence {
  tokens: Int32Array;
  mask: Uint8Array;
}

export interface RawSessionInfo {
  architecture: string;
  tensorTypes: Record<string, number>;
  vocabSize: number;
  contextLength: number;
  layers: number;
  embeddingLength: number;
  trainableParameters: number;
  backend: string;
  deviceDescription: string;
  bosToken: number | null;
  eosToken: number | null;
  loraRank: number;
  loraAlpha: number;
  loraTargets: string[];
}

export interface RawSessionOptions {
  modelPath: string;
  mode: 'lora' | 'full';
  loraRank?: number;
  loraAlpha?: number;
  loraTargets?: string[];
  loraDropout?: number;
  initAdapterPath?: string;
  contextLength: number;
  threads?: number;
  seed: number;
  device?: string;
  /** Test hook: comma-separated ggml op names the training graphs run on the CPU (native/src/device_schedule.h). */
  cpuOps?: string;
  packSequences?: boolean;
}

export interface RawStepResult {
  loss: number;
  tokens: number;
  targetTokens: number;
  gradNorm: number;
  clipped: boolean;
  step: number;
  microBatches: number;
}

/** A DPO pair as dpoStep / computeDpoGradients take it (native/src/AddonDpo.cpp). */
export interface RawPreferencePair {
  chosen: RawSequence;
  rejected: RawSequence;
  referenceChosen: number;
  referenceRejected: number;
}

export interface RawDpoSettings {
  beta: number;
  labelSmoothing: number;
}

/** The policy's summed target log-probs per pair (before any update) and the mean DPO loss computed from them. */
export interface RawDpoLogProbs {
  loss: number;
  logpChosen: Float64Array;
  logpRejected: Float64Array;
  tokens: number;
  targetTokens: number;
  microBatches: number;
}

export interface RawDpoStepResult extends RawDpoLogProbs {
  gradNorm: number;
  clipped: boolean;
  step: number;
}

/** A sequence of weightedStep / computeWeightedGradients: one weight per target token (native/src/AddonWeighted.cpp). */
export interface RawWeightedSequence extends RawSequence {
  weights: Float32Array;
}

export interface RawWeightedResult {
  loss: number;
  tokens: number;
  targetTokens: number;
  microBatches: number;
}

export interface RawTrainingSession {
  init(options: RawSessionOptions): Promise<RawSessionInfo>;
  trainStep(
    sequences: RawSequence[],
    optimizer: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; gradClip: number },
    onProgress?: (event: { microBatch: number; microBatches: number; tokens: number }) => void,
  ): Promise<RawStepResult>;
  computeGradients(sequences: RawSequence[]): Promise<{ loss: number; gradients: Record<string, Float32Array> }>;
  dpoStep(
    pairs: RawPreferencePair[],
    settings: RawDpoSettings,
    optimizer: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; gradClip: number },
    onProgress?: (event: { microBatch: number; microBatches: number; tokens: number }) => void,
  ): Promise<RawDpoStepResult>;
  computeDpoGradients(pairs: RawPreferencePair[], settings: RawDpoSettings): Promise<RawDpoLogProbs & { gradients: Record<string, Float32Array> }>;
  weightedStep(
    sequences: RawWeightedSequence[],
    optimizer: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; gradClip: number },
    onProgress?: (event: { microBatch: number; microBatches: number; tokens: number }) => void,
  ): Promise<RawWeightedResult & { gradNorm: number; clipped: boolean; step: number }>;
  computeWeightedGradients(sequences: RawWeightedSequence[]): Promise<RawWeightedResult & { gradients: Record<string, Float32Array> }>;
  logProbs(sequences: RawSequence[], withAdapter: boolean, inferenceGraph?: boolean): Promise<{ logProb: number; tokenLogProbs: Float32Array }[]>;
  generate(
    prompt: Int32Array,
    maxTokens: number,
    stopTokens?: Int32Array,
    sampling?: { temperature: number; topK: number; seed: number },
  ): Promise<Int32Array>;
  tokenize(text: string, special: boolean, addBos: boolean): Int32Array;
  detokenize(tokens: Int32Array, special: boolean): string;
  parameterNames(): string[];
  readParameter(name: string): Float32Array;
  writeParameter(name: string, values: Float32Array): void;
  saveAdapter(path: string): Promise<void>;
  saveModel(path: string): Promise<void>;
  saveState(path: string): Promise<void>;
  loadState(path: string): Promise<number>;
  getStep(): number;
  deviceReport(): RawDeviceReport;
  abort(): void;
  dispose(): void;
}

export interface RawDeviceReport {
  backend: string;
  deviceDescription: string;
  deviceMemoryBytes: number;
  splits: number;
  cpuOps: Record<string, number>;
  graphOps: Record<string, number>;
}

export interface RawDevice {
  /** 'cpu', 'gpu:N', or '' for other device types (accelerators the trainer does not pick). */
  id: string;
  name: string;
  description: string;
  backend: string;
  memoryFreeBytes: number;
  memoryTotalBytes: number;
}

/** A verdict: `reason` in English for the CLI and logs, `why` as a reason key and params (native/src/model_support.cpp). */
export interface RawVerdict {
  supported: boolean;
  reason?: string;
  why?: unknown;
}

export interface RawModelSupport {
  architecture: string;
  tensorTypes: Record<string, number>;
  lora: RawVerdict;
  full: RawVerdict;
}

export interface RawAddon {
  systemInfo(): string;
  backends(): string[];
  inspectModel(modelPath: string, device?: string): RawModelSupport;
  loadBackend(path: string): { name: string | null; log: string };
  devices(): RawDevice[];
  quantizeModel(input: string, output: string, type: string): Promise<void>;
  TrainingSession: new () => RawTrainingSession;
}

export interface AddonBuildInfo {
  key: string;
  variant: string;
  backends: string[];
  /** Backend modules built beside the addon that it loads at start (the dl variant: ['libggml-cpu.so']). */
  backendModules?: string[];
}

export const addonFileName = 'workbench_trainer.node';

/**
 * Where the built addon is: $WORKBENCH_TRAINER_ADDON, then native/build/ of this checkout (dev, tests, CLI),
 * then the packaged app's resources folder.
 */
export function addonCandidates(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.WORKBENCH_TRAINER_ADDON,
    join(here, '../../../../native/build', addonFileName),
    join(process.cwd(), 'native/build', addonFileName),
    (process as { resourcesPath?: string }).resourcesPath
      ? join((process as { resourcesPath?: string }).resourcesPath!, 'native', addonFileName)
      : undefined,
  ];
  return candidates.filter((path): path is string => typeof path === 'string' && path.length > 0);
}

/**
 * Why `npm install` could not build the addon (scripts/buildTrainer.mjs records it), or null when it did not try or
 * succeeded; the "not built" error quotes it so the user learns what is missing.
 */
export function installFailure(files = installFailureFiles()): string | null {
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const { reason } = JSON.parse(readFileSync(file, 'utf8')) as { reason?: unknown };
      if (typeof reason === 'string') return reason;
    } catch {
      // an unreadable record says nothing more than a missing one
    }
  }
  return null;
}

function installFailureFiles(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, '../../../../native/build/install-failure.json'), join(process.cwd(), 'native/build/install-failure.json')];
}

/**
 * What the install's recorded cause (native/scripts/build.mjs's last line: "cmake is not on PATH: …", "git could not
 * start: …", "no C++ compiler on PATH: …") means for the user, as a reason; any other cause (a compile error, a
 * patch that does not apply) says only that the build failed, and `npm run build:native` shows it again.
 */
export function buildFailureReason(whyNot: string): ErrorReason {
  if (/^no C\+\+ compiler\b/.test(whyNot)) return reason('trainer_addon_compiler_missing', {});
  const tool = /^(?:WORKBENCH_CUDA=1 but )?(\S+) (?:is not on PATH|could not start)\b/.exec(whyNot)?.[1];
  if (tool) return reason('trainer_addon_tool_missing', { tool });
  return reason('trainer_addon_build_failed', {});
}

/** The error for a missing addon: what npm install said went wrong when it tried, else how to build it. */
export function addonMissingError(lookedIn: readonly string[], whyNot: string | null): WorkbenchError {
  return whyNot
    ? new WorkbenchError('not_found', `The trainer addon is not built: npm install could not build it (${whyNot}). Fix that, then run \`npm run build:native\``, {
        reason: whyNot,
      }, buildFailureReason(whyNot))
    : new WorkbenchError('not_found', `The trainer addon is not built: run \`npm run build:native\` (looked in ${lookedIn.join(', ')})`, undefined, reason('trainer_addon_missing', {}));
}

export function findAddonPath(): string | null {
  return addonCandidates().find((path) => existsSync(path)) ?? null;
}

export function requireAddon(path: string): { addon: RawAddon; buildInfo: AddonBuildInfo | null } {
  const require = createRequire(import.meta.url);
  let addon: RawAddon;
  try {
    addon = require(path) as RawAddon;
  } catch (error) {
    throw new WorkbenchError('internal', `The trainer addon at ${path} could not be loaded: ${(error as Error).message}`, { file: path });
  }
  const infoPath = join(dirname(path), 'build-info.json');
  let buildInfo: AddonBuildInfo | null = null;
  if (existsSync(infoPath)) {
    try {
      buildInfo = JSON.parse(readFileSync(infoPath, 'utf8')) as AddonBuildInfo;
    } catch {
      buildInfo = null;
    }
  }
  return { addon, buildInfo };
}

/**
 * A native reason ({ key, params } from native/src/trainer_error.h) checked against the contract: one the contract
 * does not know, or with other params, is dropped so that the English message still reaches the user.
 */
export function nativeReason(value: unknown): ErrorReason | undefined {
  const parsed = errorReasonSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Native errors carry `code` and, for failures a user meets, `reason` (native/src/trainer_error.h); they become
 * WorkbenchErrors with that code and reason, so the interface says them in its own language.
 */
export function toWorkbenchError(error: unknown): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  const thrown = error as { code?: unknown; reason?: unknown } | null;
  const message = error instanceof Error ? error.message : String(error);
  const why = typeof thrown === 'object' ? nativeReason(thrown?.reason) : undefined;
  switch (thrown?.code) {
    case 'bad_input':
    case 'unsupported':
    case 'not_found':
    case 'cancelled':
    case 'conflict':
    case 'internal':
      return new WorkbenchError(thrown.code, message, undefined, why);
    default:
      return new WorkbenchError('internal', message, undefined, why);
  }
}

export async function callNative<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toWorkbenchError(error);
  }
}

export function callNativeSync<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw toWorkbenchError(error);
  }
}
