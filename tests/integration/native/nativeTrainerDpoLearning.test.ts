import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { dpoLearns } from './dpoLearningScenario.ts';
import { nativeTrainer } from './trainerFixtures.ts';

/**
 * Real preference learning. A tiny chat model is SFT-trained on nine questions, each with its direct answer (twice)
 * and a polite refusal (once): it can say both, and greedy decoding gives the direct answers. DPO then continues
 * that adapter (the reference policy is the SFT adapter, frozen as numbers) on six of the questions with the refusal
 * as chosen and the direct answer as rejected. The chosen−rejected log-prob margin grows on the six training pairs
 * and on the three held-out questions DPO never saw, rewards/accuracies reaches 1, and greedy generation — in the
 * trainer and in node-llama-cpp with the saved adapter — switches to the refusal on all nine.
 */
let dir: string;
let modelPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-native-dpo-learn-'));
  modelPath = await fixtureModel('tiny-chat');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('native trainer DPO learns a preference', () => {
  it('the margin grows on training and held-out pairs, accuracies reach 1, greedy generation switches to the chosen answers', async () => {
    await dpoLearns(nativeTrainer(), modelPath, dir, 'cpu');
  }, 120_000);
});
