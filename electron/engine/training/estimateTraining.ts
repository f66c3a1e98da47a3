import { randomUUID } from 'node:crypto';
import { availableParallelism, freemem } from 'node:os';
import { statSync } from 'node:fs';
import type { ResolvedTrainingConfig, TrainingConfig, TrainingEstimate } from '../../shared/contract/training.ts';
import type { EngineServices } from '../engineServices.ts';
import { readGguf } from '../gguf/ggufReader.ts';
import { inspectGgufFile } from '../gguf/inspectGguf.ts';
import { resolveModelPath } from '../models/resolveModelPath.ts';
import { deviceLabel } from './native/chooseTrainingDevice.ts';
import { countTrainingRows, prepareTrainingRun } from './prepareTrainingRun.ts';
import type { Calibration } from './run/calibrateTraining.ts';
import { trainableParameters } from './trainableParameters.ts';
import type { TrainingExample } from './trainingExamples.ts';

const bytesPerTrainableParameter = 16; // f32 weight + gradient + AdamW's two moments

/**
 * training.estimate: support first (GGUF metadata only, in the trainer host), then the rows tokenized exactly as
 * the run would (vocabulary only, in the inference host), then memory and time from the model's shape. Nothing is
 * trained, no trainer session is loaded and no run is created.
 */
export async function estimateTraining(services: EngineServices, input: TrainingConfig): Promise<TrainingEstimate> {
  // Support first: GGUF metadata only, before any row is read or tokenized.
  const modelPath = resolveModelPath(services.db, input.model);
  const support = await services.hosts.trainer.request('training.inspect', { modelPath, device: input.device ?? 'auto' });
  const verdictOf = input.objective === 'full' ? support.full : support.lora;
  // The header is parsed once here and shared with the run's preparation (chat template) and the shape figures.
  const file = readGguf(modelPath);
  const prepared = prepareTrainingRun(services, input, `estimate-${randomUUID()}`, file);
  const { config } = prepared;
  const inspection = inspectGgufFile(file);
  const modelBytes = statSync(config.modelPath).size;
  // a GPU run must fit the device's free memory, a CPU run the machine's
  const gpu = support.device && support.device.id !== 'cpu' ? support.device : null;
  const freeMemoryBytes = gpu ? gpu.memoryFreeBytes : freemem();
  const backend = gpu ? deviceLabel(gpu) : support.device ? 'CPU' : (support.backends?.find((name) => name !== 'CPU') ?? 'CPU');
  const empty = {
    resolved: config,
    backend,
    trainableParameters: 0,
    trainRows: prepared.train.length,
    validationRows: prepared.validation.length,
    tokensPerEpoch: 0,
    targetTokensPerEpoch: 0,
    skipped: [],
    totalSteps: prepared.totalSteps,
    memoryBytes: modelBytes,
    freeMemoryBytes,
    fits: modelBytes < freeMemoryBytes,
    estimatedSeconds: null,
    longRows: { longerThanContext: 0, keptBySkip: prepared.train.length, keptByTruncate: prepared.train.length },
    modelContextLength: inspection.contextLength ?? null,
  };
  if (!verdictOf.supported) {
    const reason = verdictOf.reason ?? 'this model cannot be trained this way on this build';
    return { ...empty, supported: false, reason, ...(verdictOf.why ? { why: verdictOf.why } : {}), verdict: `Not supported: ${reason}`, verdictCode: 'unsupported' };
  }
  // Rows are counted with a vocabulary-only model: the trainer (and the weights) stay unloaded while the form is edited.
  const planned = await countTrainingRows(services, prepared);
  const counted = { ...planned.counts, backend, trainableParameters: trainableParameters(config, file) };
  const layers = inspection.layers ?? 1;
  const embd = inspection.embd ?? 1;
  const perStep = config.batchSize * config.gradAccum;
  // Activations kept for backward: roughly a few dozen f32 vectors of the embedding width per token and layer.
  const activationBytes = Math.min(config.contextLength, Math.max(1, counted.tokensPerEpoch)) * embd * layers * 4 * 24;
  const optimizerBytes = counted.trainableParameters * bytesPerTrainableParameter;
  const memoryBytes = modelBytes * (config.objective === 'full' ? 1 : 1.1) + optimizerBytes + activationBytes + dropoutMaskBytes(config, embd, layers);
  const epochs = config.maxSteps === null ? config.epochs : Math.min(config.epochs, (config.maxSteps * perStep) / Math.max(1, counted.trainRows));
  // ~6 flops per parameter and token (forward + backward), a few GFLOP/s per CPU core: a rough order of magnitude.
  const parameters = inspection.parameterCount;
  // Measured beats modelled: one warm optimizer step of this exact shape on this machine (cached per shape, so
  // settled form edits that keep the shape load no trainer).
  // a run that cannot fit the GPU is refused here, before a calibration step loads anything onto it
  const calibration = gpu && memoryBytes >= freeMemoryBytes ? null : await calibrated(services, config, prepared.chatTemplate, prepared.train);
  const estimatedSeconds = calibration
    ? (counted.tokensPerEpoch * epochs) / calibration.tokensPerSecond
    : counted.backend.startsWith('CPU')
      ? (6 * parameters * counted.tokensPerEpoch * epochs) / (4e9 * availableParallelism())
      : null;
  const measuredMemory = calibration?.memoryBytes ?? memoryBytes;
  const fits = measuredMemory < freeMemoryBytes;
  const modelContext = inspection.contextLength ?? null;
  const beyondModel =
    modelContext !== null && config.contextLength > modelContext
      ? `; the context length ${config.contextLength} is longer than the ${modelContext} tokens this model was trained with`
      : '';
  const verdict = !fits
    ? `Needs about ${(measuredMemory / 2 ** 30).toFixed(1)} GiB but ${(freeMemoryBytes / 2 ** 30).toFixed(1)} GiB is free${gpu ? ` on ${backend}` : ''}: lower the context length or batch size${gpu ? ', or train on the CPU' : ''}`
    : counted.longTrainRows > 0 && config.longRows === 'skip'
      ? `Ready; ${counted.longTrainRows} row(s) are longer than the context and will be skipped (truncating keeps all ${counted.keptByTruncate})${beyondModel}`
      : counted.longTrainRows > 0
        ? `Ready; ${counted.longTrainRows} row(s) longer than the context will be truncated to fit${beyondModel}`
        : `Ready to train${beyondModel}`;
  const verdictCode = !fits ? 'too_big' : counted.longTrainRows === 0 ? 'ready' : config.longRows === 'skip' ? 'ready_skipping' : 'ready_truncating';
  return {
    ...empty,
    supported: true,
    reason: null,
    backend: counted.backend,
    trainableParameters: counted.trainableParameters,
    totalSteps: planned.totalSteps,
    trainRows: counted.trainRows,
    validationRows: counted.validationRows,
    tokensPerEpoch: counted.tokensPerEpoch,
    targetTokensPerEpoch: counted.targetTokensPerEpoch,
    skipped: counted.skipped.map((s) => ({ rowId: s.rowId, reason: s.reason, tokens: s.tokens, contextLength: s.contextLength })),
    longRows: { longerThanContext: counted.longTrainRows, keptBySkip: counted.keptBySkip, keptByTruncate: counted.keptByTruncate },
    memoryBytes: Math.round(measuredMemory),
    fits,
    estimatedSeconds,
    verdict,
    verdictCode,
  };
}

/**
 * LoRA dropout keeps one f32 mask per adapted projection's input, per layer and token, for the whole step (the
 * native trainer's lora_dropout.cpp). Inputs are embedding-wide except down's, which is the FFN width (taken as
 * 4× the embedding when unknown): on the 0.5B shape at 512 tokens that is about 0.5 GiB.
 */
function dropoutMaskBytes(config: ResolvedTrainingConfig, embd: number, layers: number): number {
  if (config.lora === null || config.lora.dropout === 0) return 0;
  const width = config.lora.targets.reduce((sum, target) => sum + (target === 'down' ? 4 * embd : embd), 0);
  return config.contextLength * config.batchSize * layers * width * 4;
}

/** Calibrations by run shape: the trainer is loaded once per shape, not on every settled edit of the form. */
const calibrations = new Map<string, Promise<Calibration | null>>();

async function calibrated(services: EngineServices, config: ResolvedTrainingConfig, chatTemplate: string | null, rows: readonly TrainingExample[]): Promise<Calibration | null> {
  const shape = JSON.stringify([config.modelPath, config.objective, config.initAdapterPath, config.lora, config.contextLength, config.batchSize, config.gradAccum, config.threads, config.device, config.longRows, config.data]);
  let calibration = calibrations.get(shape);
  if (!calibration) {
    // Never a second session beside a running trainer job: it would slow the run and measure a shared machine.
    try {
      services.jobs.assertFree('trainer');
    } catch {
      return null;
    }
    const sample = rows.slice(0, Math.max(1, config.batchSize * config.gradAccum) * 2);
    calibration = services.hosts.trainer.request('training.calibrate', { config, chatTemplate, rows: sample }).catch(() => null);
    calibrations.set(shape, calibration);
  }
  return await calibration;
}
