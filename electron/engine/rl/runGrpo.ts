import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { grpoInputSchema, type GrpoConfig, type GrpoInput, type GrpoProgress, type GrpoResult } from '../../shared/contract/rl.ts';
import { inspectGguf } from '../gguf/inspectGguf.ts';
import { SeededRandom } from '../random/seededRandom.ts';
import type { NativeTrainerBinding, TrainingSession } from '../training/native/nativeTrainerApi.ts';
import { loraTargets } from '../training/native/nativeTrainerApi.ts';
import { checkpointDir, checkpointsRoot, latestCheckpoint } from '../training/run/checkpointDirs.ts';
import { GrpoChat } from './grpoChat.ts';
import { appendGrpoHistory, truncateGrpoHistory } from './grpoHistory.ts';
import { groupAdvantages, mean, meanKl, tokenWeights, unbiasedStd, type CompletionTerms } from './grpoMath.ts';
import { grpoPauseRequested, grpoRunEnded, grpoRunStarted } from './grpoPause.ts';
import { readGrpoPrompts, type GrpoPrompt } from './grpoPrompts.ts';
import { RewardFunction, type RewardModelScore } from './grpoRewards.ts';
import { baseReference, startingAdapterReference, type ReferencePolicy } from './grpoReference.ts';
import { openRewardModelScore } from './rewardModelScore.ts';

/** Checkpoints kept in runDir/checkpoints (each holds the LoRA and its AdamW moments). */
const keptCheckpoints = 2;
const configFile = (runDir: string) => join(runDir, 'grpo-config.json');

/** What must match for a runDir to be resumed: the same policy, data, rewards and shape of update. */
function identity(config: GrpoConfig) {
  const { modelPath, startAdapterPath, promptsPath, rewards, generations, promptsPerStep, loraRank, loraAlpha, contextLength, seed } = config;
  return { modelPath, startAdapterPath, promptsPath, rewards, generations, promptsPerStep, loraRank, loraAlpha, contextLength, seed };
}

/** A runDir that holds another run's checkpoints is refused (resuming it would mix two runs). */
export function checkResumable(config: GrpoConfig): void {
  const path = configFile(config.runDir);
  if (!existsSync(path)) return;
  const saved = JSON.stringify(identity(JSON.parse(readFileSync(path, 'utf8')) as GrpoConfig));
  if (saved !== JSON.stringify(identity(config))) {
    throw new WorkbenchError('conflict', `${config.runDir} holds a GRPO run with other settings (${path}); choose another run folder or the same settings`, {
      file: path,
      field: 'runDir',
    }, reason('grpo_run_settings_differ', { folder: config.runDir }));
  }
}

/** A sample's seed: the run's seed, the step, the prompt and the sample, so a resumed step draws the same replies. */
function sampleSeed(seed: number, step: number, prompt: number, sample: number): number {
  return new SeededRandom(seed, `grpo sample ${step}/${prompt}/${sample}`).nextUint32();
}

/** The step's prompts: drawn without replacement while the file has enough, from the run's seed and the step. */
function promptsOfStep(config: GrpoConfig, count: number, step: number): number[] {
  const random = new SeededRandom(config.seed, `grpo prompts ${step}`);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return Array.from({ length: config.promptsPerStep }, (_, k) => order[k % count]!);
}

interface Sampled {
  promptIndex: number;
  prompt: Int32Array;
  completion: Int32Array;
  ended: boolean;
  reply: string;
}

/**
 * GRPO (TRL's GRPOTrainer, loss_type "grpo", one update per batch of samples) on the native trainer, in the trainer
 * host: each step draws `promptsPerStep` prompts, samples `generations` replies to each from the current policy
 * (the session's own generate, so the live LoRA weights, no adapter reload), scores them, normalises the rewards
 * within each group, and takes one weightedStep whose per-token weights make its gradient that of the GRPO loss
 * with the KL penalty β (grpoMath.ts). Checkpoints go to runDir every `checkpointEvery` steps and on pause; the same
 * runDir again resumes from the last one (a killed host loses at most the steps since). pass@1 on held-out prompts:
 * one greedy reply each, passing every verifiable reward that applies.
 */
export async function runGrpo(trainer: NativeTrainerBinding, input: GrpoInput, onEvent: (item: GrpoProgress) => void, signal?: AbortSignal): Promise<GrpoResult> {
  const config = grpoInputSchema.parse(input);
  const started = performance.now();
  const prompts = readGrpoPrompts(config.promptsPath);
  const heldOut = config.heldOutPath ? readGrpoPrompts(config.heldOutPath) : [];
  checkResumable(config);
  mkdirSync(config.runDir, { recursive: true });
  writeFileSync(configFile(config.runDir), JSON.stringify(config, null, 2) + '\n');

  const opened: TrainingSession[] = [];
  const cancelled = () => new WorkbenchError('cancelled', 'GRPO was cancelled');
  const abort = () => opened.forEach((s) => s.abort());
  signal?.addEventListener('abort', abort);
  grpoRunStarted(config.runDir);
  try {
    const scorers = new Map<string, RewardModelScore>();
    for (const spec of config.rewards) {
      if (spec.kind !== 'rm' || scorers.has(spec.path)) continue;
      const { score, session } = await openRewardModelScore(trainer, spec.path, { contextLength: Math.max(512, config.contextLength * 2), ...(config.threads ? { threads: config.threads } : {}) });
      opened.push(session);
      scorers.set(spec.path, score);
    }
    const rewards = new RewardFunction(config.rewards, scorers);
    rewards.checkPrompts(prompts, config.promptsPath);

    const session = await trainer.createSession({
      modelPath: config.modelPath,
      mode: 'lora',
      lora: { rank: config.loraRank, alpha: config.loraAlpha, targets: [...loraTargets], ...(config.startAdapterPath ? { initAdapterPath: config.startAdapterPath } : {}) },
      contextLength: config.contextLength,
      ...(config.threads ? { threads: config.threads } : {}),
      seed: config.seed,
      optimizer: { lr: config.learningRate, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, gradClip: 1, schedule: { kind: 'constant', warmupSteps: 0, totalSteps: config.steps } },
    });
    opened.push(session);
    if (signal?.aborted) throw cancelled();
    const reference: ReferencePolicy = config.startAdapterPath ? startingAdapterReference(session) : baseReference(session);
    const chat = new GrpoChat(session, inspectGguf(config.modelPath).chatTemplate ?? null);
    const longest = config.contextLength - config.maxCompletionTokens - 1;
    const encode = (list: readonly GrpoPrompt[], file: string) =>
      list.map((p, i) => {
        const tokens = chat.prompt(p.prompt);
        if (tokens.length > longest) {
          throw new WorkbenchError('bad_input', `${file}:${i + 1}: the prompt is ${tokens.length} tokens; with ${config.maxCompletionTokens} reply tokens it must fit ${config.contextLength}`, {
            file,
            line: i + 1,
            field: 'prompt',
          }, reason('grpo_prompt_too_long', { file, line: i + 1, tokens: tokens.length, replyTokens: config.maxCompletionTokens, context: config.contextLength }));
        }
        return tokens;
      });
    const promptTokens = encode(prompts, config.promptsPath);
    const heldOutTokens = config.heldOutPath ? encode(heldOut, config.heldOutPath) : [];

    let step = 0;
    const latest = latestCheckpoint(config.runDir);
    if (latest) {
      step = (await session.loadCheckpoint(latest.dir)).step;
      onEvent({ type: 'status', stage: { code: 'resumed', params: { step } } });
    }
    const resumedFrom = step;
    truncateGrpoHistory(config.runDir, step);
    const emit = (item: GrpoProgress) => {
      appendGrpoHistory(config.runDir, item);
      onEvent(item);
    };

    const passAt1 = async (): Promise<number> => {
      let passed = 0;
      for (const [i, tokens] of heldOutTokens.entries()) {
        if (signal?.aborted) throw cancelled();
        const completion = await session.generate(tokens, { maxTokens: config.maxCompletionTokens, stopTokens: [chat.endOfTurn] });
        if ((await rewards.score(heldOut[i]!, chat.reply(completion))).passed) passed++;
      }
      return passed / heldOutTokens.length;
    };
    const evaluate = async () => {
      if (heldOutTokens.length === 0) return null;
      const value = await passAt1();
      emit({ type: 'eval', step, passAt1: value, heldOut: heldOutTokens.length });
      return value;
    };
    const checkpoint = async () => {
      const dir = checkpointDir(config.runDir, step);
      await session.saveCheckpoint(dir, { kind: 'grpo' });
      emit({ type: 'checkpoint', step, path: dir });
      const root = checkpointsRoot(config.runDir);
      const older = readdirSteps(root).filter((s) => s < step).sort((a, b) => b - a).slice(keptCheckpoints - 1);
      for (const s of older) rmSync(checkpointDir(config.runDir, s), { recursive: true, force: true });
    };

    const passAt1Before = step === 0 ? await evaluate() : null;
    let firstReward: number | null = null;
    let lastReward: number | null = null;
    let lastKl: number | null = null;
    while (step < config.steps) {
      if (signal?.aborted) throw cancelled();
      if (grpoPauseRequested(config.runDir)) {
        await checkpoint();
        return { status: 'paused', outPath: null, step, resumedFrom, firstReward, lastReward, passAt1Before, passAt1After: null, lastKl, seconds: (performance.now() - started) / 1000 };
      }
      const next = step + 1;
      const samplingStarted = performance.now();
      const chosen = promptsOfStep(config, prompts.length, next);
      const samples: Sampled[] = [];
      for (const [k, promptIndex] of chosen.entries()) {
        for (let g = 0; g < config.generations; g++) {
          const prompt = promptTokens[promptIndex]!;
          const completion = await session.generate(prompt, {
            maxTokens: config.maxCompletionTokens,
            stopTokens: [chat.endOfTurn],
            temperature: config.temperature,
            seed: sampleSeed(config.seed, next, k, g),
          });
          samples.push({ promptIndex, prompt, completion, ended: completion.length < config.maxCompletionTokens, reply: chat.reply(completion) });
        }
      }
      const scored = await Promise.all(samples.map((s) => rewards.score(prompts[s.promptIndex]!, s.reply)));
      const totals = scored.map((s) => s.total);
      const advantages = groupAdvantages(totals, config.generations);
      const samplingMs = performance.now() - samplingStarted;

      const updateStarted = performance.now();
      const sequences = samples.map((s) => chat.sequence(s.prompt, s.completion, s.ended));
      const policy = await session.sequenceLogProbs(sequences);
      const ref = await reference.logProbs(sequences);
      const terms: CompletionTerms[] = samples.map((_, i) => ({ advantage: advantages[i]!, logProbs: policy[i]!.tokenLogProbs, referenceLogProbs: ref[i]!.tokenLogProbs }));
      const result = await session.weightedStep({
        sequences: sequences.map((sequence, i) => ({ ...sequence, weights: tokenWeights(terms[i]!, samples.length, config.beta) })),
      });
      const updateMs = performance.now() - updateStarted;
      step = result.step;

      const kl = meanKl(terms);
      const reward = mean(totals);
      firstReward ??= reward;
      lastReward = reward;
      lastKl = kl;
      let flatGroups = 0;
      for (let start = 0; start < totals.length; start += config.generations) {
        if (unbiasedStd(totals.slice(start, start + config.generations)) === 0) flatGroups++;
      }
      emit({
        type: 'step',
        step,
        totalSteps: config.steps,
        reward,
        rewardStd: unbiasedStd(totals),
        rewardParts: config.rewards.map((_, r) => mean(scored.map((s) => s.parts[r]!))),
        kl,
        completionLength: mean(sequences.map((_, i) => policy[i]!.tokenLogProbs.length)),
        zeroStdFraction: flatGroups / chosen.length,
        gradNorm: result.gradNorm,
        samplingMs,
        updateMs,
      });
      emit({
        type: 'samples',
        step,
        samples: samples.map((s, i) => ({ prompt: prompts[s.promptIndex]!.prompt, reply: s.reply, reward: totals[i]!, advantage: advantages[i]! })),
      });
      if (step % config.evalEvery === 0 && step < config.steps) await evaluate();
      if (step % config.checkpointEvery === 0 && step < config.steps) await checkpoint();
    }
    const passAt1After = await evaluate();
    await checkpoint();
    mkdirSync(dirname(config.outPath), { recursive: true });
    await session.saveAdapter(config.outPath);
    return { status: 'done', outPath: config.outPath, step, resumedFrom, firstReward, lastReward, passAt1Before, passAt1After, lastKl, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    throw signal?.aborted ? cancelled() : error;
  } finally {
    signal?.removeEventListener('abort', abort);
    grpoRunEnded(config.runDir);
    for (const s of opened) s.dispose();
  }
}

function readdirSteps(root: string): number[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => /^step-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
}
