import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { checkpointStateFile, readCheckpointManifest, writeCheckpointManifest } from './checkpointManifest.ts';
import { learningRateAt } from './learningRate.ts';
import { callNative, callNativeSync, type RawTrainingSession } from './nativeAddon.ts';
import { dpoStats, parseDpoOptions, toRawPairs } from './dpoBatch.ts';
import { toRawWeightedSequences } from './weightedBatch.ts';
import type {
  CheckpointInfo,
  DeviceReport,
  DpoBatch,
  DpoOptions,
  DpoStats,
  DpoStepResult,
  EvalResult,
  GenerateOptions,
  SequenceLogProbs,
  SessionInfo,
  StepProgress,
  StepResult,
  TokenizeOptions,
  TrainingBatch,
  TrainingSequence,
  TrainingSession,
  TrainingSessionOptions,
  WeightedBatch,
  WeightedStepResult,
} from './nativeTrainerApi.ts';
import { batchSequences, targetCount, toRawSequences } from './trainingBatch.ts';

/** TrainingSession over the addon's raw session: validation, learning-rate schedule, checkpoint manifest. */
export class NativeTrainingSession implements TrainingSession {
  private disposed = false;

  constructor(
    private readonly raw: RawTrainingSession,
    readonly info: SessionInfo,
    private readonly options: TrainingSessionOptions,
  ) {}

  get step(): number {
    return this.disposed ? 0 : this.raw.getStep();
  }

  async trainStep(batch: TrainingBatch, onProgress?: (progress: StepProgress) => void): Promise<StepResult> {
    this.assertOpen();
    const sequences = toRawSequences(batchSequences(batch), this.info.contextLength, true);
    const learningRate = learningRateAt(this.raw.getStep(), this.options.optimizer);
    const { beta1, beta2, eps, weightDecay, gradClip } = this.options.optimizer;
    const started = performance.now();
    const progress = this.progressForwarder(onProgress);
    const { microBatches, ...result } = await callNative(() =>
      this.raw.trainStep(sequences, { lr: learningRate, beta1, beta2, eps, weightDecay, gradClip }, progress.forward),
    );
    await progress.drain(microBatches);
    return { ...result, learningRate, milliseconds: performance.now() - started };
  }

  async dpoStep(batch: DpoBatch, options: DpoOptions, onProgress?: (progress: StepProgress) => void): Promise<DpoStepResult> {
    this.assertOpen();
    const settings = parseDpoOptions(options);
    const pairs = toRawPairs(batch, this.info.contextLength);
    const learningRate = learningRateAt(this.raw.getStep(), this.options.optimizer);
    const { beta1, beta2, eps, weightDecay, gradClip } = this.options.optimizer;
    const started = performance.now();
    const progress = this.progressForwarder(onProgress);
    const result = await callNative(() =>
      this.raw.dpoStep(pairs, settings, { lr: learningRate, beta1, beta2, eps, weightDecay, gradClip }, progress.forward),
    );
    await progress.drain(result.microBatches);
    return {
      ...dpoStats(pairs, { chosen: result.logpChosen, rejected: result.logpRejected }, settings),
      step: result.step,
      learningRate,
      gradNorm: result.gradNorm,
      clipped: result.clipped,
      tokens: result.tokens,
      targetTokens: result.targetTokens,
      milliseconds: performance.now() - started,
    };
  }

  async weightedStep(batch: WeightedBatch, onProgress?: (progress: StepProgress) => void): Promise<WeightedStepResult> {
    this.assertOpen();
    const sequences = toRawWeightedSequences(batch, this.info.contextLength);
    const learningRate = learningRateAt(this.raw.getStep(), this.options.optimizer);
    const { beta1, beta2, eps, weightDecay, gradClip } = this.options.optimizer;
    const started = performance.now();
    const progress = this.progressForwarder(onProgress);
    const { microBatches, ...result } = await callNative(() =>
      this.raw.weightedStep(sequences, { lr: learningRate, beta1, beta2, eps, weightDecay, gradClip }, progress.forward),
    );
    await progress.drain(microBatches);
    return { ...result, learningRate, milliseconds: performance.now() - started };
  }

  async computeWeightedGradients(batch: WeightedBatch): Promise<{ loss: number; gradients: Map<string, Float32Array> }> {
    this.assertOpen();
    const sequences = toRawWeightedSequences(batch, this.info.contextLength);
    const result = await callNative(() => this.raw.computeWeightedGradients(sequences));
    return { loss: result.loss, gradients: new Map(Object.entries(result.gradients)) };
  }

  async evalDpo(batch: DpoBatch, options: DpoOptions): Promise<DpoStats> {
    this.assertOpen();
    const settings = parseDpoOptions(options);
    const pairs = toRawPairs(batch, this.info.contextLength);
    const answers = batch.pairs.flatMap((pair) => [pair.chosen, pair.rejected]);
    const results = await this.sequenceLogProbs(answers);
    return dpoStats(
      pairs,
      { chosen: pairs.map((_, i) => results[2 * i]!.logProb), rejected: pairs.map((_, i) => results[2 * i + 1]!.logProb) },
      settings,
    );
  }

  async computeDpoGradients(batch: DpoBatch, options: DpoOptions): Promise<{ loss: number; gradients: Map<string, Float32Array> }> {
    this.assertOpen();
    const settings = parseDpoOptions(options);
    const pairs = toRawPairs(batch, this.info.contextLength);
    const result = await callNative(() => this.raw.computeDpoGradients(pairs, settings));
    const { loss } = dpoStats(pairs, { chosen: result.logpChosen, rejected: result.logpRejected }, settings);
    return { loss, gradients: new Map(Object.entries(result.gradients)) };
  }

  async evalLoss(batch: TrainingBatch): Promise<EvalResult> {
    const sequences = batchSequences(batch);
    const results = await this.sequenceLogProbs(sequences);
    const targetTokens = results.reduce((sum, r) => sum + r.targetTokens, 0);
    if (targetTokens === 0) {
      throw new WorkbenchError('bad_input', 'The train mask covers zero tokens in this batch, so there is no loss to evaluate', {
        field: 'sequences.trainMask',
      }, reason('field_invalid', { field: 'sequences.trainMask' }));
    }
    const logProb = results.reduce((sum, r) => sum + r.logProb, 0);
    const tokens = sequences.reduce((sum, s) => sum + s.tokens.length, 0);
    return { loss: -logProb / targetTokens, targetTokens, tokens };
  }

  async sequenceLogProbs(
    sequences: readonly TrainingSequence[],
    options: { adapter?: boolean; inferenceGraph?: boolean } = {},
  ): Promise<SequenceLogProbs[]> {
    this.assertOpen();
    const raw = toRawSequences(sequences, this.info.contextLength, false);
    const results = await callNative(() => this.raw.logProbs(raw, options.adapter ?? true, options.inferenceGraph ?? false));
    return results.map((r, i) => ({ logProb: r.logProb, tokenLogProbs: r.tokenLogProbs, targetTokens: targetCount(sequences[i]!) }));
  }

  async generate(prompt: Int32Array, options: GenerateOptions): Promise<Int32Array> {
    this.assertOpen();
    if (!Number.isInteger(options.maxTokens) || options.maxTokens < 1) {
      throw new WorkbenchError('bad_input', 'generate: maxTokens must be a positive integer', { field: 'maxTokens' }, reason('field_invalid', { field: 'maxTokens' }));
    }
    const temperature = options.temperature ?? 0;
    if (!Number.isFinite(temperature) || temperature < 0) {
      throw new WorkbenchError('bad_input', 'generate: temperature must be a finite number >= 0', { field: 'temperature' }, reason('field_invalid', { field: 'temperature' }));
    }
    const topK = options.topK ?? 0;
    if (!Number.isInteger(topK) || topK < 0) throw new WorkbenchError('bad_input', 'generate: topK must be an integer >= 0', { field: 'topK' }, reason('field_invalid', { field: 'topK' }));
    const stop = options.stopTokens ? Int32Array.from(options.stopTokens) : undefined;
    const sampling = { temperature, topK, seed: options.seed ?? 0 };
    return callNative(() => this.raw.generate(prompt, options.maxTokens, stop, sampling));
  }

  tokenize(text: string, options: TokenizeOptions = {}): Int32Array {
    this.assertOpen();
    return callNativeSync(() => this.raw.tokenize(text, options.special ?? false, options.addBos ?? false));
  }

  detokenize(tokens: Int32Array, options: { special?: boolean } = {}): string {
    this.assertOpen();
    return callNativeSync(() => this.raw.detokenize(tokens, options.special ?? false));
  }

  parameterNames(): string[] {
    this.assertOpen();
    return callNativeSync(() => this.raw.parameterNames());
  }

  readParameter(name: string): Float32Array {
    this.assertOpen();
    return callNativeSync(() => this.raw.readParameter(name));
  }

  writeParameter(name: string, values: Float32Array): void {
    this.assertOpen();
    callNativeSync(() => this.raw.writeParameter(name, values));
  }

  async computeGradients(batch: TrainingBatch): Promise<{ loss: number; gradients: Map<string, Float32Array> }> {
    this.assertOpen();
    const sequences = toRawSequences(batchSequences(batch), this.info.contextLength, true);
    const result = await callNative(() => this.raw.computeGradients(sequences));
    return { loss: result.loss, gradients: new Map(Object.entries(result.gradients)) };
  }

  async saveAdapter(path: string): Promise<void> {
    this.assertOpen();
    if (this.options.mode !== 'lora') {
      throw new WorkbenchError('bad_input', 'saveAdapter needs a LoRA session; use saveModel for full-parameter training', { field: 'mode' }, reason('field_invalid', { field: 'mode' }));
    }
    await callNative(() => this.raw.saveAdapter(path));
  }

  async saveModel(path: string): Promise<void> {
    this.assertOpen();
    if (this.options.mode !== 'full') {
      throw new WorkbenchError('bad_input', 'saveModel needs a full-parameter session; use saveAdapter for LoRA', { field: 'mode' }, reason('field_invalid', { field: 'mode' }));
    }
    await callNative(() => this.raw.saveModel(path));
  }

  async saveCheckpoint(dir: string, extra?: unknown): Promise<void> {
    this.assertOpen();
    await mkdir(dir, { recursive: true });
    await callNative(() => this.raw.saveState(join(dir, checkpointStateFile)));
    await writeCheckpointManifest(dir, {
      format: 'llm-workbench-checkpoint',
      version: 1,
      step: this.raw.getStep(),
      mode: this.options.mode,
      modelPath: this.options.modelPath,
      lora: this.info.lora,
      savedAt: new Date().toISOString(),
      extra: extra ?? null,
    });
  }

  async loadCheckpoint(dir: string): Promise<CheckpointInfo> {
    this.assertOpen();
    const manifest = readCheckpointManifest(dir);
    if (manifest.mode !== this.options.mode) {
      throw new WorkbenchError('bad_input', `The checkpoint in ${dir} is for ${manifest.mode} training; this session trains ${this.options.mode}`, {
        field: 'mode',
      }, reason('checkpoint_mode_mismatch', { folder: dir, checkpointMode: manifest.mode, sessionMode: this.options.mode }));
    }
    const step = await callNative(() => this.raw.loadState(join(dir, checkpointStateFile)));
    if (step !== manifest.step) {
      throw new WorkbenchError(
        'bad_input',
        `The checkpoint in ${dir} is incomplete: state.gguf is at step ${step}, checkpoint.json says ${manifest.step}`,
        { file: join(dir, checkpointStateFile) },
        reason('checkpoint_incomplete', { folder: dir, stateStep: step, manifestStep: manifest.step }),
      );
    }
    return { step, extra: manifest.extra };
  }

  deviceReport(): DeviceReport {
    this.assertOpen();
    return callNativeSync(() => this.raw.deviceReport());
  }

  abort(): void {
    if (!this.disposed) this.raw.abort();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.raw.dispose();
  }

  /** Counts delivered progress events so a step can wait for its last ones before it resolves. */
  private progressForwarder(onProgress?: (progress: StepProgress) => void) {
    let delivered = 0;
    const forward = onProgress
      ? (progress: StepProgress) => {
          delivered = progress.microBatch;
          onProgress(progress);
        }
      : undefined;
    // progress events travel on their own queue; let the last ones arrive before the step's result does
    const drain = async (microBatches: number) => {
      for (let spins = 0; forward && delivered < microBatches && spins < 1000; spins++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    return { forward, drain };
  }

  private assertOpen(): void {
    if (this.disposed) throw new WorkbenchError('conflict', 'The training session is disposed');
  }
}
