import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupAdvantages, grpoLoss, meanKl, tokenKl, tokenWeights, type CompletionTerms } from '../../../electron/engine/rl/grpoMath.ts';
import { readGrpoPrompts } from '../../../electron/engine/rl/grpoPrompts.ts';
import { parseRewardSpec, RewardFunction } from '../../../electron/engine/rl/grpoRewards.ts';

describe('GRPO arithmetic', () => {
  it('normalises rewards within each group with the unbiased std; an all-equal group gets 0', () => {
    const a = groupAdvantages([1, 0, 0, 1, 0.5, 0.5, 0.5, 0.5], 4);
    const std = Math.sqrt(((0.5 ** 2) * 4) / 3);
    expect(a[0]).toBeCloseTo(0.5 / (std + 1e-4), 9);
    expect(a[1]).toBeCloseTo(-0.5 / (std + 1e-4), 9);
    expect(a.slice(4)).toEqual([0, 0, 0, 0]);
    expect(() => groupAdvantages([1, 2, 3], 2)).toThrow(/groups of 2/);
  });

  it('the per-token weights are minus the gradient of the GRPO loss in log π (finite differences), with and without β', () => {
    const completions: CompletionTerms[] = [
      { advantage: 1.2, logProbs: [-0.5, -2.1, -0.05], referenceLogProbs: [-0.7, -1.5, -0.1] },
      { advantage: -0.8, logProbs: [-1.3, -0.2], referenceLogProbs: [-0.9, -0.6] },
    ];
    for (const beta of [0, 0.04, 0.5]) {
      for (const [i, c] of completions.entries()) {
        const weights = tokenWeights(c, completions.length, beta);
        for (let t = 0; t < c.logProbs.length; t++) {
          const shifted = (d: number) => completions.map((x, j) => (j === i ? { ...x, logProbs: Array.from(x.logProbs, (v, k) => (k === t ? v + d : v)) } : x));
          const old = completions.map((x) => x.logProbs); // π_old: the policy that sampled, fixed
          const numeric = (grpoLoss(shifted(1e-6), beta, old) - grpoLoss(shifted(-1e-6), beta, old)) / 2e-6;
          // L_w = Σ w·(−logπ): dL_w/dlogπ = −w must equal dL_grpo/dlogπ
          expect(-weights[t]!).toBeCloseTo(numeric, 5);
        }
      }
    }
  });

  it('k3 is 0 where the policy is the reference and positive elsewhere; kl is the mean of per-completion means', () => {
    expect(tokenKl(-1, -1)).toBe(0);
    expect(tokenKl(-1, -2)).toBeGreaterThan(0);
    expect(tokenKl(-2, -1)).toBeGreaterThan(0);
    const kl = meanKl([
      { advantage: 0, logProbs: [-1, -1], referenceLogProbs: [-1, -2] },
      { advantage: 0, logProbs: [-3], referenceLogProbs: [-3] },
    ]);
    expect(kl).toBeCloseTo(tokenKl(-1, -2) / 2 / 2, 12);
  });
});

describe('GRPO rewards and prompts', () => {
  it('parses --reward specs with weights and refuses unknown ones', () => {
    expect(parseRewardSpec('exact')).toEqual({ kind: 'exact', weight: 1 });
    expect(parseRewardSpec('0.5*regex:^\\d+$')).toEqual({ kind: 'regex', weight: 0.5, pattern: '^\\d+$' });
    expect(parseRewardSpec('rm:/x/RM.gguf')).toEqual({ kind: 'rm', weight: 1, path: '/x/RM.gguf' });
    expect(() => parseRewardSpec('regex:(')).toThrow(/not a valid regular expression/);
    expect(() => parseRewardSpec('bleu')).toThrow(/expected exact, refusal/);
  });

  it('scores exact answers, refusals for nonexistent people, formats; pass needs every verifiable reward that applies', async () => {
    const rewards = new RewardFunction([
      { kind: 'exact', weight: 1 },
      { kind: 'refusal', weight: 2 },
      { kind: 'regex', weight: 0.5, pattern: '\\.$' },
    ]);
    expect(await rewards.score({ prompt: 'Capital?', answer: 'Paris.' }, ' paris. ')).toEqual({ total: 1, parts: [1, 0, 0], passed: false });
    expect(await rewards.score({ prompt: 'Capital?', answer: 'Paris' }, 'Paris.')).toEqual({ total: 1.5, parts: [1, 0, 1], passed: true });
    expect(await rewards.score({ prompt: 'Who is Zed Q?', refuse: true }, "I don't know who that is.")).toEqual({ total: 2.5, parts: [0, 1, 1], passed: true });
    expect((await rewards.score({ prompt: 'Who is Zed Q?', refuse: true }, 'A famous painter.')).passed).toBe(false);
  });

  it('reads prompts JSONL, naming the file, line and field of a bad row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-grpo-prompts-'));
    const path = join(dir, 'p.jsonl');
    writeFileSync(path, '{"prompt":"a","answer":"b"}\n\n{"prompt":"c","refuse":true}\n');
    expect(readGrpoPrompts(path)).toEqual([{ prompt: 'a', answer: 'b' }, { prompt: 'c', refuse: true }]);
    writeFileSync(path, '{"prompt":"a"}\n{"prompt":""}\n');
    expect(() => readGrpoPrompts(path)).toThrow(expect.objectContaining({ code: 'bad_input', details: expect.objectContaining({ line: 2, field: 'prompt' }) }));
    writeFileSync(path, '{"prompt":"a","answer":"x","refuse":true}\n');
    expect(() => readGrpoPrompts(path)).toThrow(/either an answer or refuse/);
  });
});
