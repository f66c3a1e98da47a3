import { beforeAll, describe, expect, it } from 'vitest';
import { inspectGguf } from '../../../electron/engine/gguf/inspectGguf.ts';
import { bradleyTerryBatch, bradleyTerryOptions, type JudgePair } from '../../../electron/engine/rewardModel/bradleyTerry.ts';
import { judgeSequence, judgeTokenOf } from '../../../electron/engine/rewardModel/judgeSequence.ts';
import { judgeRenderer } from '../../../electron/engine/rewardModel/judgeText.ts';
import type { TrainingSession } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { sessionVocabulary } from '../../../electron/engine/training/run/tokenVocabulary.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { finiteDifferences, loraSessionOptions, nativeTrainer } from '../native/trainerFixtures.ts';

/**
 * The reward model's Bradley–Terry loss −log σ(r_c − r_r), with r = log p(judge token | judge text), trained through
 * the native DPO step (β 1, no reference, mask on the judge token only). The loss here is computed independently of
 * the DPO code: from the judge token's log-prob read off sequenceLogProbs, and −log σ written out. The gradients the
 * DPO step's backward gives must be its finite differences.
 */
const shape = { seed: 5, chatTemplate: 'chatml' as const };
let modelPath: string;
let adapterPath: string;

beforeAll(async () => {
  modelPath = await fixtureModel('grad-check', shape);
  // random A and B, so both get non-zero gradients
  adapterPath = await fixtureLoraAdapter('grad-check', { rank: 4, alpha: 4, seed: 3 }, shape);
});

const conversations = [
  ['hi there', 'hello there friend', 'go away'],
  ['where is it?', 'under the mat.', 'no idea, sorry'],
] as const;

function judgePairs(session: TrainingSession): JudgePair[] {
  const renderer = judgeRenderer(inspectGguf(modelPath).chatTemplate ?? null);
  const vocabulary = sessionVocabulary(session);
  const judge = judgeTokenOf(vocabulary, renderer.answer);
  const sequence = (user: string, answer: string) =>
    judgeSequence(vocabulary, renderer.text([{ role: 'user', content: user }], [{ role: 'assistant', content: answer }]), judge);
  return conversations.map(([user, chosen, rejected]) => ({ chosen: sequence(user, chosen), rejected: sequence(user, rejected) }));
}

/** −log σ(r_c − r_r) averaged over the pairs, the rewards read as the log-prob of each sequence's last token. */
async function bradleyTerryLoss(session: TrainingSession, pairs: readonly JudgePair[]): Promise<number> {
  let total = 0;
  for (const pair of pairs) {
    const [chosen, rejected] = await session.sequenceLogProbs([pair.chosen, pair.rejected]);
    const reward = (result: typeof chosen) => {
      expect(result!.tokenLogProbs.length).toBe(1); // only the judge token is scored
      return result!.tokenLogProbs[0]!;
    };
    const margin = reward(chosen) - reward(rejected);
    total += Math.log1p(Math.exp(-margin));
  }
  return total / pairs.length;
}

describe('reward model: Bradley–Terry loss on the native DPO step', () => {
  it('judge sequences mark only the judge token, which ends the sequence', async () => {
    const session = await nativeTrainer().createSession(loraSessionOptions(modelPath, { lora: { rank: 4, alpha: 4, targets: ['q'], initAdapterPath: adapterPath } }));
    try {
      for (const pair of judgePairs(session)) {
        for (const sequence of [pair.chosen, pair.rejected]) {
          expect([...sequence.trainMask].reduce((a, b) => a + b, 0)).toBe(1);
          expect(sequence.trainMask[sequence.tokens.length - 1]).toBe(1);
        }
        // the answers differ, the judge token is the same
        expect(pair.chosen.tokens.at(-1)).toBe(pair.rejected.tokens.at(-1));
      }
    } finally {
      session.dispose();
    }
  });

  it('its LoRA gradients equal central finite differences of −log σ(r_c − r_r)', async () => {
    const session = await nativeTrainer().createSession(loraSessionOptions(modelPath, { lora: { rank: 4, alpha: 4, targets: ['q', 'v', 'down'], initAdapterPath: adapterPath } }));
    try {
      const pairs = judgePairs(session);
      const { loss, gradients } = await session.computeDpoGradients(bradleyTerryBatch(pairs), bradleyTerryOptions);
      const independent = await bradleyTerryLoss(session, pairs);
      expect(loss).toBeCloseTo(independent, 4);
      expect(Math.abs(loss - Math.LN2)).toBeGreaterThan(1e-4); // the adapter already separates the answers a little
      let checked = 0;
      let worst = 0;
      for (const name of session.parameterNames().filter((n) => /blk\.[01]\.(attn_q|attn_v|ffn_down)/.test(n))) {
        for (const { index, analytic, numeric } of await finiteDifferences(session, name, gradients.get(name)!, () => bradleyTerryLoss(session, pairs))) {
          expect(Math.abs(analytic), `${name}[${index}] gradient is zero`).toBeGreaterThan(1e-5);
          const relative = Math.abs(numeric - analytic) / Math.abs(numeric);
          expect(relative, `${name}[${index}]: ${analytic} vs ${numeric}`).toBeLessThan(0.02);
          worst = Math.max(worst, relative);
          checked++;
        }
      }
      expect(checked).toBe(24); // 2 layers × 3 projections × (A, B) × 2 entries
      console.log(`Bradley–Terry gradient check: loss ${loss.toFixed(5)}, worst relative error ${worst.toExponential(2)} over ${checked} entries`);
    } finally {
      session.dispose();
    }
  });
});
