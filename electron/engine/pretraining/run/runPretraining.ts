import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import {
  pretrainingRunInputSchema,
  type PretrainingProgress,
  type PretrainingResult,
  type PretrainingRunInput,
} from '../../../shared/contract/pretraining.ts';
import type { NativeTrainerBinding, TrainingBatch, TrainingSession } from '../../training/native/nativeTrainerApi.ts';
import { pretrainingPreset, type PretrainingPresetName } from '../model/pretrainingPresets.ts';
import { writeInitialModel } from '../model/writeInitialModel.ts';
import type { BpeTokenizer } from '../tokenizer/bpeTokenizer.ts';
import { loadTokenizer } from '../tokenizer/tokenizerFile.ts';
import { evaluateProbes, greedyCompletion, readProbes } from './completionProbes.ts';
import { nanoOptimizer } from './nanoOptimizer.ts';
import { packWindows, WindowSampler } from './packWindows.ts';
import { readCorpusDocuments } from './readCorpus.ts';

const sampleTokens = 24;
const fixedSampleWindows = 8;

function batchOf(windows: readonly Int32Array[], indices: readonly number[]): TrainingBatch {
  return { sequences: indices.map((index) => ({ tokens: windows[index]!, trainMask: new Uint8Array(windows[index]!.length).fill(1) })) };
}

function defaultSamplePrompts(documents: readonly string[], probePrompts: readonly string[]): string[] {
  if (probePrompts.length > 0) return probePrompts.slice(0, 3);
  return documents.slice(0, 3).map((document) => document.split(/\s+/).slice(0, 3).join(' '));
}

async function samplesOf(session: TrainingSession, tokenizer: BpeTokenizer, prompts: readonly string[]) {
  const samples = [];
  for (const prompt of prompts) samples.push({ prompt, completion: await greedyCompletion(session, tokenizer, prompt, sampleTokens) });
  return samples;
}

/**
 * Pretrains a tiny llama from random weights: tokenizer + corpus → packed windows → full-parameter AdamW with
 * warm-up and cosine decay → base model GGUF at `outPath`. Reports setup, every step and each checkpoint
 * (fixed-sample loss and greedy samples) through `onProgress`; `signal` cancels within one step. Runs wherever
 * the native trainer may be loaded: the trainer host, or a test process that never loads node-llama-cpp.
 */
export async function runPretraining(
  trainer: NativeTrainerBinding,
  input: PretrainingRunInput,
  onProgress: (progress: PretrainingProgress) => void,
  signal?: AbortSignal,
): Promise<PretrainingResult> {
  const options = pretrainingRunInputSchema.parse(input);
  const outPath = options.outPath;
  if (!outPath) throw new WorkbenchError('bad_input', 'Pretraining needs an output path for the base model', { field: 'outPath' });
  const preset = pretrainingPreset(options.preset);
  const shape = preset.shape;
  const steps = options.steps ?? preset.steps;
  const batchWindows = options.batchWindows ?? preset.batchWindows;
  const started = performance.now();

  const tokenizer = loadTokenizer(options.tokenizerPath);
  const documents = readCorpusDocuments(options.dataPath);
  const packed = packWindows(documents, tokenizer, shape.ctx);
  const probes = readProbes(options.dataPath, options.probesPath);
  const prompts = options.samplePrompts ?? defaultSamplePrompts(documents, probes.map((probe) => probe.prompt));

  mkdirSync(dirname(outPath), { recursive: true });
  const initPath = join(dirname(outPath), `.${basename(outPath)}.init-${process.pid}.gguf`);
  const initial = await writeInitialModel(initPath, shape, tokenizer, options.seed, `workbench ${preset.name} base (seed ${options.seed})`);
  let session: TrainingSession | null = null;
  const abort = () => session?.abort();
  signal?.addEventListener('abort', abort);
  try {
    if (signal?.aborted) throw new WorkbenchError('cancelled', 'Pretraining was cancelled');
    session = await trainer.createSession({
      modelPath: initPath,
      mode: 'full',
      // One optimizer step's windows share one micro-batch (packSequences), each with its own attention.
      contextLength: shape.ctx * batchWindows,
      ...(options.threads ? { threads: options.threads } : {}),
      seed: options.seed,
      optimizer: nanoOptimizer(options.learningRate ?? preset.learningRate, steps),
      packSequences: true,
    });
    // A cancel during the model load had no session to abort yet.
    if (signal?.aborted) throw new WorkbenchError('cancelled', 'Pretraining was cancelled');
    onProgress({
      type: 'setup',
      parameters: session.info.trainableParameters,
      vocab: initial.vocab,
      windows: packed.windows.length,
      windowLength: shape.ctx,
      corpusTokens: packed.tokens,
      totalSteps: steps,
      backend: session.info.backend,
    });

    const fixed = batchOf(packed.windows, Array.from({ length: Math.min(fixedSampleWindows, packed.windows.length) }, (_, i) => Math.floor((i * packed.windows.length) / fixedSampleWindows)));
    const initialSampleLoss = (await session.evalLoss(fixed)).loss;
    const sampler = new WindowSampler(packed.windows.length, options.seed);
    const checkpointEvery = Math.max(1, Math.ceil(steps / options.checkpoints));
    const recentLosses: number[] = [];
    let initialLoss = Number.NaN;
    let tokensSeen = 0;
    let trainMs = 0;
    let samples: { prompt: string; completion: string }[] = [];
    let lastSampleLoss = initialSampleLoss;

    for (let step = 1; step <= steps; step++) {
      // abort() only stops a call in flight; a cancel that lands between calls is caught here.
      if (signal?.aborted) throw new WorkbenchError('cancelled', 'Pretraining was cancelled');
      const result = await session.trainStep(batchOf(packed.windows, sampler.take(batchWindows)));
      if (step === 1) initialLoss = result.loss;
      if (!Number.isFinite(result.loss)) {
        throw new WorkbenchError('internal', `The loss became ${result.loss} at step ${step}: lower the learning rate`, { field: 'learningRate' });
      }
      recentLosses.push(result.loss);
      if (recentLosses.length > 10) recentLosses.shift();
      tokensSeen += result.tokens;
      trainMs += result.milliseconds;
      onProgress({
        type: 'step',
        step,
        totalSteps: steps,
        loss: result.loss,
        perplexity: Math.exp(result.loss),
        learningRate: result.learningRate,
        tokensPerSecond: (tokensSeen * 1000) / Math.max(1, trainMs),
        elapsedMs: performance.now() - started,
      });
      if (step % checkpointEvery === 0 || step === steps) {
        lastSampleLoss = (await session.evalLoss(fixed)).loss;
        samples = await samplesOf(session, tokenizer, prompts);
        onProgress({ type: 'checkpoint', step, sampleLoss: lastSampleLoss, perplexity: Math.exp(lastSampleLoss), samples });
      }
    }

    await session.saveModel(outPath);
    const probeReport = probes.length > 0 && options.maxProbes > 0 ? await evaluateProbes(session, tokenizer, probes.slice(0, options.maxProbes), signal) : null;
    return {
      outPath,
      preset: preset.name as PretrainingPresetName,
      parameters: session.info.trainableParameters,
      vocab: initial.vocab,
      steps,
      tokensSeen,
      initialLoss,
      finalLoss: recentLosses.reduce((a, b) => a + b, 0) / recentLosses.length,
      initialSampleLoss,
      finalSampleLoss: lastSampleLoss,
      seconds: (performance.now() - started) / 1000,
      tokensPerSecond: (tokensSeen * 1000) / Math.max(1, trainMs),
      samples,
      probes: probeReport,
    };
  } finally {
    signal?.removeEventListener('abort', abort);
    session?.dispose();
    rmSync(initPath, { force: true });
  }
}
