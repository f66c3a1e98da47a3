import { describe, expect, it } from 'vitest';
import { highestScored } from '../../../electron/engine/rewardModel/bestOfN.ts';
import { bradleyTerryBatch, bradleyTerryLoss, marginHistogram, pairMetrics } from '../../../electron/engine/rewardModel/bradleyTerry.ts';
import { judgeRenderer } from '../../../electron/engine/rewardModel/judgeText.ts';

describe('reward model math', () => {
  it('pair metrics: accuracy counts r_c > r_r (ties are wrong), margins and −log σ averaged', () => {
    const metrics = pairMetrics([0, -1, -2, -5], [-1, -1, 0, -6]);
    expect(metrics.pairs).toBe(4);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.meanMargin).toBeCloseTo((1 + 0 - 2 + 1) / 4, 12);
    expect(metrics.loss).toBeCloseTo((2 * Math.log1p(Math.exp(-1)) + Math.LN2 + Math.log1p(Math.exp(2))) / 4, 12);
    expect(bradleyTerryLoss(800)).toBe(0);
    expect(bradleyTerryLoss(-800)).toBe(800);
  });

  it('the DPO batch of a reward model has zero reference log-probs and keeps chosen and rejected in place', () => {
    const seq = (n: number) => ({ tokens: Int32Array.of(1, n), trainMask: Uint8Array.of(0, 1) });
    const batch = bradleyTerryBatch([{ chosen: seq(2), rejected: seq(3) }]);
    expect(batch.pairs[0]).toMatchObject({ referenceChosenLogProb: 0, referenceRejectedLogProb: 0 });
    expect(batch.pairs[0]!.chosen.tokens[1]).toBe(2);
    expect(batch.pairs[0]!.rejected.tokens[1]).toBe(3);
  });

  it('the margin histogram is symmetric around 0 and counts every pair', () => {
    const histogram = marginHistogram([-3, -0.5, 0.5, 1, 3], 6);
    expect(histogram.edges[0]).toBe(-3);
    expect(histogram.edges.at(-1)).toBe(3);
    expect(histogram.edges[3]).toBeCloseTo(0, 12);
    expect(histogram.counts).toEqual([1, 0, 1, 1, 1, 1]); // bins of width 1 from −3; the largest |margin| falls in the last bin
  });

  it('best-of-N keeps the highest score, the first of equals', () => {
    expect(highestScored([-5, -1, -3])).toBe(1);
    expect(highestScored([-2, -0.5, -0.5])).toBe(1);
    expect(highestScored([-7])).toBe(0);
  });

  it('the judge text: a chat template renders the judge question as a last user turn; without one a plain transcript', () => {
    const chatml = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
    const withTemplate = judgeRenderer(chatml);
    expect(withTemplate.text([{ role: 'user', content: 'Q?' }], [{ role: 'assistant', content: 'A.' }])).toBe(
      '<|im_start|>user\nQ?<|im_end|>\n<|im_start|>assistant\nA.<|im_end|>\n<|im_start|>user\nWas that answer good? Reply Yes or No.<|im_end|>\n<|im_start|>assistant\n',
    );
    expect(withTemplate.answer).toBe('Yes');
    const plain = judgeRenderer(null);
    expect(plain.text([{ role: 'user', content: 'Q?' }], [{ role: 'assistant', content: 'A.' }])).toBe('User: Q?\nAssistant: A.\nUser: Was that answer good? Reply Yes or No.\nAssistant:');
    expect(plain.answer).toBe(' Yes');
  });
});
