import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import {
  pretrainingRunInputSchema,
  type PretrainingProgress,
  type PretrainingResult,
  type PretrainingRunInput,
} from '../../../shared/contract/pretraining.ts';
import type { NativeTrainerBinding, TrainingBatch, TrainingSession } from '../../training/native/nativeTrainerApi.ts';
import { runStepLoop, withTrainingSession } from '../../training/run/trainingLoop.ts';
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
  if (!outPath) throw new WorkbenchError('bad_input', 'Pretraining needs an output path for the base model', { field: 'outPath' }, reason('pretraining_needs_output', {}));
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
  const job = { what: 'Pretraining', ...(signal ? { signal } : {}) };
  const open = () =>
    trainer.createSession({
      modelPath: initPath,
      mode: 'full',
      // One optimizer step's windows share one micro-batch (packSequences), each with its own attention.
      contextLength: shape.ctx * batchWindows,
      ...(options.threads ? { threads: options.threads } : {}),
      seed: options.seed,
      optimizer: nanoOptimizer(options.learningRate ?? preset.learningRate, steps),
      packSequences: true,
    });
  try {
    return await withTrainingSession(job, open, async (session) => {
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
      let samples: { prompt: string; completion: string }[] = [];
      let lastSampleLoss = initialSampleLoss;

      const totals = await runStepLoop({
        ...job,
        first: 1,
        last: steps,
        learningRateField: 'learningRate',
        step: async () => session.trainStep(batchOf(packed.windows, sampler.take(batchWindows))),
        afterStep: async (step, result, running) => {
          onProgress({
            type: 'step',
            step,
            totalSteps: steps,
            loss: result.loss,
            perplexity: Math.exp(result.loss),
            learningRate: result.learningRate,
            tokensPerSecond: running.tokensPerSecond,
            elapsedMs: performance.now() - started,
          });
          if (step % checkpointEvery === 0 || step === steps) {
            lastSampleLoss = (await session.evalLoss(fixed)).loss;
            samples = await samplesOf(session, tokenizer, prompts);
            onProgress({ type: 'checkpoint', step, sampleLoss: lastSampleLoss, perplexity: Math.exp(lastSampleLoss), samples });
          }
        },
      });

      await session.saveModel(outPath);
      const probeReport = probes.length > 0 && options.maxProbes > 0 ? await evaluateProbes(session, tokenizer, probes.slice(0, options.maxProbes), signal) : null;
      return {
        outPath,
        preset: preset.name as PretrainingPresetName,
        parameters: session.info.trainableParameters,
        vocab: initial.vocab,
        steps,
        tokensSeen: totals.tokensSeen,
        initialLoss: totals.initialLoss,
        finalLoss: totals.recentLoss,
        initialSampleLoss,
        finalSampleLoss: lastSampleLoss,
        seconds: (performance.now() - started) / 1000,
        tokensPerSecond: totals.tokensPerSecond,
        samples,
        probes: probeReport,
      };
    });
  } finally {
    rmSync(initPath, { force: true });
  }
}
