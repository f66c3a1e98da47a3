import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  compareAlignmentInputSchema,
  type AlignmentMethod,
  type AlignmentRow,
  type CompareAlignmentConfig,
  type CompareAlignmentInput,
  type CompareAlignmentProgress,
  type CompareAlignmentResult,
} from '../../../shared/contract/alignmentComparison.ts';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import type { NativeTrainerBinding } from '../../training/native/nativeTrainerApi.ts';
import { readWorldQa, worldFolder } from '../../worldChat/worldFiles.ts';
import { runGrpo } from '../runGrpo.ts';
import { openAlignmentPolicy, alignmentContext, type AlignmentPolicy } from './alignmentPolicy.ts';
import { trainDpo, trainRefusalSft, type MethodRun } from './alignmentMethods.ts';
import { grpoPromptOf, splitWorldForAlignment } from './alignmentSplit.ts';
import { measureAlignment } from './measureAlignment.ts';

/**
 * The alignment comparison (see the contract): the chat model and a short LoRA refusal-SFT warm start are measured,
 * then refusal SFT, DPO and GRPO each continue that warm start's adapter for `steps` optimizer steps of
 * `promptsPerStep` training prompts (GRPO samples `generations` replies to each and is rewarded by exact + refusal,
 * the other two are shown the right reply), and each result is measured on the same probe. Runs in the trainer
 * host; every adapter is written to outDir, so any row can be loaded and asked again.
 */
export async function compareAlignment(
  trainer: NativeTrainerBinding,
  input: CompareAlignmentInput,
  onEvent: (item: CompareAlignmentProgress) => void,
  signal?: AbortSignal,
): Promise<CompareAlignmentResult> {
  const config: CompareAlignmentConfig = compareAlignmentInputSchema.parse(input);
  const started = performance.now();
  const worldDir = worldFolder(config.worldDir);
  const split = splitWorldForAlignment(readWorldQa(worldDir), config.probePerGroup, join(worldDir, 'qa.jsonl'));
  const outDir = resolve(config.outDir);
  mkdirSync(outDir, { recursive: true });
  const probe = { known: split.probeKnown, nonexistent: split.probeNonexistent, trainedNonexistent: split.trainedNonexistent };
  const measureOptions = { samples: config.samples, temperature: config.temperature, maxTokens: config.maxTokens, seed: config.seed, ...(signal ? { signal } : {}) };
  const cancelled = () => new WorkbenchError('cancelled', 'The alignment comparison was cancelled');
  const rows: AlignmentRow[] = [];

  /** Opens a policy, runs `train` on it (cancel aborts its native call), measures it and records the row. */
  const stage = async (method: AlignmentMethod, adapterPath: string | null, steps: number, train: (policy: AlignmentPolicy) => Promise<string | null>, trainedElsewhereSeconds = 0) => {
    if (signal?.aborted) throw cancelled();
    // the chat model is measured as it is (0 steps); GRPO said its own stage before training in its session
    if (trainedElsewhereSeconds === 0 && steps > 0) onEvent({ type: 'stage', method, stage: { code: 'training', params: { steps } } });
    const policy = await openAlignmentPolicy(trainer, config, adapterPath, steps);
    const abort = () => policy.session.abort();
    signal?.addEventListener('abort', abort);
    try {
      const trainStarted = performance.now();
      const written = await train(policy);
      const trainSeconds = trainedElsewhereSeconds + (performance.now() - trainStarted) / 1000;
      onEvent({ type: 'stage', method, stage: { code: 'measuring', params: { questions: probe.known.length + probe.nonexistent.length } } });
      const { measures, examples } = await measureAlignment(policy, probe, measureOptions);
      const row: AlignmentRow = { method, adapterPath: written, steps, trainSeconds, measures, examples };
      rows.push(row);
      onEvent({ type: 'row', row });
      return row;
    } catch (error) {
      throw signal?.aborted ? cancelled() : error;
    } finally {
      signal?.removeEventListener('abort', abort);
      policy.session.dispose();
    }
  };
  const run = (method: AlignmentMethod, stream: string, steps: number): MethodRun => ({
    steps,
    promptsPerStep: config.promptsPerStep,
    seed: config.seed,
    stream,
    onStep: (step, value) => onEvent({ type: 'step', method, step, totalSteps: steps, metric: method === 'dpo' ? 'dpo-loss' : 'loss', value }),
  });
  const save = async (policy: AlignmentPolicy, name: string) => {
    const path = join(outDir, name);
    await policy.session.saveAdapter(path);
    return path;
  };

  await stage('chat', null, 0, async () => null);
  const warm = await stage('warm-start', null, config.warmStartSteps, async (policy) => {
    await trainRefusalSft(policy, split.train, run('warm-start', 'warm start', config.warmStartSteps));
    return await save(policy, 'warm-start.gguf');
  });
  const warmPath = warm.adapterPath!;
  await stage('refusal-sft', warmPath, config.steps, async (policy) => {
    await trainRefusalSft(policy, split.train, run('refusal-sft', 'refusal sft', config.steps));
    return await save(policy, 'refusal-sft.gguf');
  });
  await stage('dpo', warmPath, config.steps, async (policy) => {
    await trainDpo(policy, split.train, config.dpoBeta, run('dpo', 'dpo', config.steps));
    return await save(policy, 'dpo.gguf');
  });

  // GRPO trains in its own session (runGrpo), then its adapter is measured like the others'.
  if (signal?.aborted) throw cancelled();
  onEvent({ type: 'stage', method: 'grpo', stage: { code: 'training_grpo', params: { steps: config.steps, generations: config.generations } } });
  const promptsPath = join(outDir, 'grpo-prompts.jsonl');
  writeFileSync(promptsPath, split.train.map((item) => JSON.stringify(grpoPromptOf(item))).join('\n') + '\n');
  const runDir = join(outDir, 'grpo.grpo-run');
  rmSync(runDir, { recursive: true, force: true }); // a fresh run each time: the comparison is not resumable
  const grpoPath = join(outDir, 'grpo.gguf');
  const grpoStarted = performance.now();
  await runGrpo(
    trainer,
    {
      modelPath: config.modelPath,
      startAdapterPath: warmPath,
      promptsPath,
      heldOutPath: null,
      rewards: [
        { kind: 'exact', weight: 1 },
        { kind: 'refusal', weight: 1 },
      ],
      generations: config.generations,
      promptsPerStep: config.promptsPerStep,
      steps: config.steps,
      beta: config.grpoBeta,
      temperature: config.temperature,
      maxCompletionTokens: config.maxTokens,
      learningRate: config.learningRate,
      loraRank: config.loraRank,
      loraAlpha: 2 * config.loraRank,
      contextLength: alignmentContext,
      seed: config.seed,
      ...(config.threads ? { threads: config.threads } : {}),
      evalEvery: config.steps + 1,
      checkpointEvery: config.steps + 1,
      outPath: grpoPath,
      runDir,
    },
    (item) => {
      if (item.type === 'step') onEvent({ type: 'step', method: 'grpo', step: item.step, totalSteps: item.totalSteps, metric: 'reward', value: item.reward });
    },
    signal,
  );
  await stage('grpo', grpoPath, config.steps, async () => grpoPath, (performance.now() - grpoStarted) / 1000);

  return {
    rows,
    split: {
      trainKnownPeople: split.people.trainKnown,
      trainNonexistentPeople: split.people.trainNonexistent,
      probeKnownPeople: split.people.probeKnown,
      probeNonexistentPeople: split.people.probeNonexistent,
      trainPrompts: split.train.length,
      probeQuestions: probe.known.length + probe.nonexistent.length,
    },
    settings: {
      warmStartSteps: config.warmStartSteps,
      steps: config.steps,
      promptsPerStep: config.promptsPerStep,
      generations: config.generations,
      learningRate: config.learningRate,
      dpoBeta: config.dpoBeta,
      grpoBeta: config.grpoBeta,
      samples: config.samples,
      temperature: config.temperature,
      seed: config.seed,
    },
    seconds: (performance.now() - started) / 1000,
  };
}
