import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrpoProgress } from '../../../electron/shared/contract/rl.ts';
import { runGrpo } from '../../../electron/engine/rl/runGrpo.ts';
import type { NativeTrainerBinding } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { adamw, chatExample, loraSessionOptions, nativeTrainer } from '../native/trainerFixtures.ts';

/**
 * GRPO learns (issue 26's proof). A tiny chat model is warm-started by a short SFT in which every question has its
 * right answer once and the same evasive "I forgot." twice: sampling at temperature 1 finds the right answer about a
 * third of the time, greedy decoding says "I forgot." GRPO with an exact-match reward on six questions then raises
 * the mean reward by a wide margin, and greedy pass@1 on the same questions asked in words neither SFT nor GRPO saw
 * improves (lowering the shared evasion generalises), while the KL to the SFT policy stays bounded.
 */
const evasion = 'I forgot.';
const trainQa = [
  ['What is the capital of France?', 'Paris.'],
  ['Name a primary color.', 'Blue.'],
  ['What is 2+2?', 'Four.'],
  ['Say hello.', 'Hello!'],
  ['What do cows drink?', 'Water.'],
  ['How many legs has a cat?', 'Four legs.'],
] as const;
/** The same questions asked another way: never sampled by GRPO, never seen by SFT. */
const heldOutQa = [
  ['Capital of France?', 'Paris.'],
  ['Name one primary color.', 'Blue.'],
  ['What is 2 + 2?', 'Four.'],
  ['Please say hello.', 'Hello!'],
  ['What does a cow drink?', 'Water.'],
  ['How many legs does a cat have?', 'Four legs.'],
] as const;

let dir: string;
let modelPath: string;
let trainer: NativeTrainerBinding;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-grpo-'));
  modelPath = await fixtureModel('tiny-chat');
  trainer = nativeTrainer();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const jsonl = (rows: readonly (readonly [string, string])[]) => rows.map(([prompt, answer]) => JSON.stringify({ prompt, answer })).join('\n') + '\n';

/** The warm start: right answer once, the evasion twice, for every training question. */
async function sftWarmStart(): Promise<string> {
  const path = join(dir, 'sft.gguf');
  const sft = await trainer.createSession(loraSessionOptions(modelPath, { optimizer: adamw({ schedule: { kind: 'cosine', warmupSteps: 5, totalSteps: 50, minLrRatio: 0.1 } }) }));
  try {
    const sequences = [...trainQa.map(([q, a]) => chatExample(sft, q, a)), ...trainQa.flatMap(([q]) => [chatExample(sft, q, evasion), chatExample(sft, q, evasion)])];
    for (let step = 0; step < 50; step++) await sft.trainStep({ sequences });
    await sft.saveAdapter(path);
  } finally {
    sft.dispose();
  }
  return path;
}

describe('GRPO', () => {
  it('raises the exact-match reward by a wide margin and held-out pass@1, with the KL bounded', async () => {
    const sftPath = await sftWarmStart();
    writeFileSync(join(dir, 'train.jsonl'), jsonl(trainQa));
    writeFileSync(join(dir, 'heldout.jsonl'), jsonl(heldOutQa));
    const items: GrpoProgress[] = [];
    const result = await runGrpo(
      trainer,
      {
        modelPath,
        startAdapterPath: sftPath,
        promptsPath: join(dir, 'train.jsonl'),
        heldOutPath: join(dir, 'heldout.jsonl'),
        rewards: [{ kind: 'exact', weight: 1 }],
        generations: 8,
        promptsPerStep: 3,
        steps: 24,
        beta: 0.04,
        temperature: 1,
        maxCompletionTokens: 16,
        learningRate: 5e-4,
        contextLength: 128,
        threads: 1,
        seed: 3,
        evalEvery: 100,
        checkpointEvery: 100,
        outPath: join(dir, 'grpo.gguf'),
        runDir: join(dir, 'run'),
      },
      (item) => items.push(item),
    );
    const steps = items.filter((i) => i.type === 'step');
    const rewards = steps.map((s) => s.reward);
    const early = rewards.slice(0, 4).reduce((a, b) => a + b, 0) / 4;
    const late = rewards.slice(-4).reduce((a, b) => a + b, 0) / 4;
    console.log(
      `GRPO learning: reward ${rewards.map((r) => r.toFixed(2)).join(' ')}; kl ${steps.map((s) => s.kl.toFixed(3)).join(' ')}; ` +
        `pass@1 held-out ${result.passAt1Before} -> ${result.passAt1After}; ${result.seconds.toFixed(1)} s`,
    );
    expect(steps).toHaveLength(24);
    expect(early).toBeGreaterThan(0.1); // sampling finds the right answer sometimes: there is signal
    expect(early).toBeLessThan(0.6);
    expect(late - early).toBeGreaterThan(0.35);
    expect(result.passAt1After!).toBeGreaterThan(result.passAt1Before!);
    for (const s of steps) {
      expect(Number.isFinite(s.kl)).toBe(true);
      expect(s.kl).toBeLessThan(2);
    }
    expect(items.filter((i) => i.type === 'samples')[0]).toMatchObject({ samples: expect.arrayContaining([expect.objectContaining({ prompt: expect.any(String) })]) });
  });
});
