import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { DpoMetrics, TrainingStage } from '../../../shared/contract/training.ts';
import type {
  DpoStats, NativeTrainerBinding, PreferencePair, TrainingDeviceChoice, TrainingSequence, TrainingSession,
} from '../native/nativeTrainerApi.ts';
import { chooseTrainingDevice, deviceLabel } from '../native/chooseTrainingDevice.ts';
import { DataOrder, warmupStepsFor } from '../trainingSchedule.ts';
import { checkpointDir, latestCheckpoint } from './checkpointDirs.ts';
import { referenceLogProbs } from './dpoReference.ts';
import { checkpointSample, defaultSamplePrompts, fittedPrompt } from './checkpointSamples.ts';
import { ExampleTokenizer, type TokenizedSet } from './tokenizeExamples.ts';
import { sessionVocabulary } from './tokenVocabulary.ts';
import type { TrainingHostEvent, TrainingRunRequest, TrainingRunResult } from './trainingHostProtocol.ts';
import { runStepLoop, withTrainingSession, type LoopJob } from './trainingLoop.ts';
import { sessionOptionsForRun } from './sessionOptionsForRun.ts';

const evalChunk = 8;

/**
 * Emits where the steps run (device, its memory, graph splits, ops the CPU took) after the first step and whenever
 * it changes; returns what was sent, to compare with next time.
 */
function reportDevice(session: TrainingSession, runId: string, last: string | null, emit: (event: TrainingHostEvent) => void): string {
  const report = session.deviceReport();
  const device = { backend: report.backend, description: report.deviceDescription, memoryBytes: report.deviceMemoryBytes, splits: report.splits, cpuOps: report.cpuOps };
  const key = JSON.stringify({ ...device, memoryBytes: Math.round(device.memoryBytes / 2 ** 20) });
  if (key !== last) emit({ type: 'device', runId, device });
  return key;
}

/** Runs whose user asked to pause: the loop checkpoints after the current step and returns 'paused'. */
const pauseRequests = new Set<string>();
export function requestPause(runId: string): boolean {
  pauseRequests.add(runId);
  return true;
}

function dpoMetrics(stats: DpoStats): DpoMetrics {
  return {
    'rewards/chosen': stats.rewardsChosen,
    'rewards/rejected': stats.rewardsRejected,
    'rewards/margins': stats.rewardsMargins,
    'rewards/accuracies': stats.rewardsAccuracies,
    'logps/chosen': stats.logpsChosen,
    'logps/rejected': stats.logpsRejected,
  };
}

/** The units a step draws from: one sequence per row (SFT), a row's windows (plain text) or one pair (DPO). */
function unitsOf(set: TokenizedSet, objective: string): TrainingSequence[][] | null {
  if (objective === 'dpo') return null;
  const byRow = new Map<string, TrainingSequence[]>();
  set.sequences.forEach((sequence, index) => {
    // Text windows of one row stay together; SFT rows are one sequence each.
    const key = objective === 'full' && sequence.rowId !== null ? `r${sequence.rowId}` : `i${index}`;
    byRow.set(key, [...(byRow.get(key) ?? []), { tokens: sequence.tokens, trainMask: sequence.trainMask }]);
  });
  return [...byRow.values()];
}

/**
 * One job of a training run, inside the trainer host: session, tokenization with the chat template's train mask,
 * the step loop (SFT / full cross-entropy or DPO), validation, checkpoints with sample generations, pause,
 * cancel (signal → session.abort) and the output file. Every item streams through `emit`; the engine stores them.
 */
export async function runTraining(
  trainer: NativeTrainerBinding,
  request: TrainingRunRequest,
  totalSteps: number,
  emit: (event: TrainingHostEvent) => void,
  signal: AbortSignal,
): Promise<TrainingRunResult> {
  const { config, runId } = request;
  pauseRequests.delete(runId);
  const status = (stage: TrainingStage) => emit({ type: 'status', runId, stage });
  const support = trainer.inspectModel(config.modelPath);
  const verdict = config.objective === 'full' ? support.full : support.lora;
  if (!verdict.supported) {
    // the trainer's own reason (architecture, a tensor type the device cannot dequantize, full training of a non-F32 model)
    const why = verdict.why ?? reason('training_model_unsupported', { model: config.modelPath });
    throw new WorkbenchError('unsupported', `${config.modelPath}: ${verdict.reason ?? 'this model cannot be trained this way on this build'}`, { file: config.modelPath }, why);
  }
  // refused before any work: a GPU without room for the model itself (the estimate checks the whole run)
  const gpu = chooseTrainingDevice(trainer, (config.device ?? 'auto') as TrainingDeviceChoice);
  const modelBytes = statSync(config.modelPath).size;
  if (gpu && gpu.id !== 'cpu' && modelBytes >= gpu.memoryFreeBytes) {
    throw new WorkbenchError(
      'bad_input',
      `${config.modelPath} is ${(modelBytes / 2 ** 30).toFixed(1)} GiB but ${deviceLabel(gpu)} has ${(gpu.memoryFreeBytes / 2 ** 30).toFixed(1)} GiB free: train on the CPU (device cpu) or pick a smaller model`,
      { field: 'device' },
      reason('training_model_too_large_for_gpu', {
        model: config.modelPath,
        device: deviceLabel(gpu),
        modelGiB: Number((modelBytes / 2 ** 30).toFixed(1)),
        freeGiB: Number((gpu.memoryFreeBytes / 2 ** 30).toFixed(1)),
      }),
    );
  }
  status({ code: 'loading_model', params: {} });
  const job = { what: 'Training', signal };
  const open = () =>
    trainer.createSession(
      sessionOptionsForRun(config, {
        dropout: config.lora?.dropout ?? 0,
        device: (config.device ?? 'auto') as TrainingDeviceChoice,
        lr: config.lr,
        schedule: { kind: config.schedule, warmupSteps: warmupStepsFor(totalSteps, config.warmupRatio), totalSteps: Math.max(1, totalSteps), minLrRatio: 0.1 },
      }),
    );
  try {
    return await withTrainingSession(job, open, (session) => trainInSession(session, request, totalSteps, emit, job));
  } finally {
    pauseRequests.delete(runId);
  }
}

/** The run once its session is open: data, resume, DPO references, the step loop, the output file. */
async function trainInSession(
  session: TrainingSession,
  request: TrainingRunRequest,
  totalSteps: number,
  emit: (event: TrainingHostEvent) => void,
  job: LoopJob,
): Promise<TrainingRunResult> {
  const { config, runId } = request;
  const status = (stage: TrainingStage) => emit({ type: 'status', runId, stage });
  const perStep = config.batchSize * config.gradAccum;
  status({ code: 'tokenizing', params: {} });
  const tokenizer = new ExampleTokenizer(sessionVocabulary(session), request.chatTemplate, config.contextLength, config.longRows);
  const train = tokenizer.tokenizeAll(request.train, 'Training data');
  const validation = tokenizer.tokenizeAll(request.validation, 'Validation data');
  const skipped = [...train.skipped, ...validation.skipped];
  const base = {
    totalSteps,
    trainableParameters: session.info.trainableParameters,
    backend: session.info.backend,
    lora: session.info.lora,
    trainRows: config.objective === 'dpo' ? train.pairs.length : (unitsOf(train, config.objective)?.length ?? 0),
    validationRows: config.objective === 'dpo' ? validation.pairs.length : (unitsOf(validation, config.objective)?.length ?? 0),
    tokensPerEpoch: train.tokens,
    targetTokensPerEpoch: train.targetTokens,
    skipped,
  };
  if (base.trainRows === 0) {
    throw new WorkbenchError('bad_input', `No training row fits the context length ${config.contextLength} (${skipped.length} skipped)`, { field: 'contextLength' }, reason('no_row_fits_context', { context: config.contextLength, skipped: skipped.length }));
  }

  let startStep = 0;
  if (request.resume) {
    const latest = latestCheckpoint(request.runDir);
    if (latest) {
      status({ code: 'loading_checkpoint', params: { step: latest.step } });
      startStep = (await session.loadCheckpoint(latest.dir)).step;
    }
  }

  let trainPairs: PreferencePair[] = [];
  let validationPairs: PreferencePair[] = [];
  if (config.objective === 'dpo') {
    const withAdapter = config.initAdapterPath !== null;
    const options = { fromStart: startStep === 0, adapter: withAdapter };
    const ref = await referenceLogProbs(session, request.runDir, 'train', train.pairs, options, (done, total) => status({ code: 'reference_train', params: { done, total } }));
    trainPairs = train.pairs.map((p, i) => ({ chosen: p.chosen, rejected: p.rejected, referenceChosenLogProb: ref.chosen[i]!, referenceRejectedLogProb: ref.rejected[i]! }));
    const vref = await referenceLogProbs(session, request.runDir, 'validation', validation.pairs, options, (done, total) => status({ code: 'reference_validation', params: { done, total } }));
    validationPairs = validation.pairs.map((p, i) => ({ chosen: p.chosen, rejected: p.rejected, referenceChosenLogProb: vref.chosen[i]!, referenceRejectedLogProb: vref.rejected[i]! }));
  }
  const trainUnits = unitsOf(train, config.objective);
  const validationSequences = validation.sequences.map(({ tokens, trainMask }) => ({ tokens, trainMask }));
  const order = new DataOrder(base.trainRows, perStep, config.seed, config.epochs);
  const dpoOptions = { beta: config.dpo?.beta ?? 0.1, labelSmoothing: config.dpo?.labelSmoothing ?? 0 };
  const renderPrompt = (prompt: string) => tokenizer.generationPrompt(prompt);
  const fitsWhole = (prompt: string) => fittedPrompt(session, renderPrompt, prompt, config.contextLength)?.text === prompt;
  const prompts = config.samplePrompts.length > 0 ? config.samplePrompts : defaultSamplePrompts([...request.validation, ...request.train], fitsWhole);
  emit({ type: 'setup', runId, trainableParameters: base.trainableParameters, backend: base.backend, totalSteps, startStep, skipped });

  const evaluate = async (): Promise<{ valLoss: number | null; valDpo: DpoMetrics | null }> => {
    if (config.objective === 'dpo') {
      if (validationPairs.length === 0) return { valLoss: null, valDpo: null };
      const stats = await session.evalDpo({ pairs: validationPairs }, dpoOptions);
      return { valLoss: stats.loss, valDpo: dpoMetrics(stats) };
    }
    if (validationSequences.length === 0) return { valLoss: null, valDpo: null };
    let logLoss = 0;
    let count = 0;
    for (let start = 0; start < validationSequences.length; start += evalChunk) {
      const result = await session.evalLoss({ sequences: validationSequences.slice(start, start + evalChunk) });
      logLoss += result.loss * result.targetTokens;
      count += result.targetTokens;
    }
    return { valLoss: logLoss / count, valDpo: null };
  };

  const checkpoint = async (step: number) => {
    const dir = checkpointDir(request.runDir, step);
    await session.saveCheckpoint(dir, { position: step * perStep, perStep, seed: config.seed });
    emit({ type: 'checkpoint', runId, step, path: dir });
    for (const prompt of prompts) {
      emit({ type: 'sample', runId, sample: await checkpointSample(session, renderPrompt, prompt, step, config.contextLength) });
    }
  };

  let lastDevice: string | null = null;
  const started = performance.now();
  let lastValLoss: number | null = null;
  let stepDpo: DpoMetrics | null = null;
  const totals = await runStepLoop({
    ...job,
    first: startStep + 1,
    last: totalSteps,
    learningRateField: 'lr',
    step: async (step) => {
      const units = order.indicesForStep(step - 1);
      if (config.objective !== 'dpo') return await session.trainStep({ sequences: units.flatMap((u) => trainUnits![u]!) });
      const result = await session.dpoStep({ pairs: units.map((u) => trainPairs[u]!) }, dpoOptions);
      stepDpo = dpoMetrics(result);
      return result;
    },
    afterStep: async (_step, result, running) => {
      const point = { step: result.step, loss: result.loss, lr: result.learningRate, gradNorm: result.gradNorm, targetTokens: result.targetTokens, dpo: stepDpo };
      lastDevice = reportDevice(session, runId, lastDevice, emit);
      const step = point.step;
      const last = step >= totalSteps;
      const evalNow = step % config.evalEvery === 0 || last;
      const { valLoss, valDpo } = evalNow ? await evaluate() : { valLoss: null, valDpo: null };
      if (valLoss !== null) lastValLoss = valLoss;
      const done = step - startStep;
      const elapsed = (performance.now() - started) / 1000;
      emit({
        type: 'step',
        runId,
        point: {
          ...point,
          epoch: order.epochAfter(step),
          tokensPerSecond: running.tokensPerSecond,
          valLoss,
          valDpo,
          memoryBytes: process.memoryUsage().rss,
          at: new Date().toISOString(),
        },
        totalSteps,
        etaSeconds: done > 0 ? (elapsed / done) * (totalSteps - step) : null,
      });
      const pause = pauseRequests.has(runId) && !last;
      if (step % config.checkpointEvery === 0 || last || pause) await checkpoint(step);
      return pause ? 'stop' : undefined;
    },
  });
  const lastLoss = totals.steps > 0 ? totals.lastLoss : null;
  if (totals.stoppedAt !== null) {
    return { ...base, status: 'paused', step: session.step, outputPath: null, finalLoss: lastLoss, finalValLoss: lastValLoss };
  }

  status({ code: 'saving', params: {} });
  mkdirSync(dirname(config.outputPath), { recursive: true });
  if (config.objective === 'full') await session.saveModel(config.outputPath);
  else await session.saveAdapter(config.outputPath);
  return { ...base, status: 'done', step: session.step, outputPath: config.outputPath, finalLoss: lastLoss, finalValLoss: lastValLoss };
}
