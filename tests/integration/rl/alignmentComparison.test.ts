import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareAlignmentResultSchema, type AlignmentRow, type CompareAlignmentResult } from '../../../electron/shared/contract/alignmentComparison.ts';
import { splitWorldForAlignment } from '../../../electron/engine/rl/alignment/alignmentSplit.ts';
import { chatPromptText } from '../../../electron/engine/pretraining/sft/worldQaSft.ts';
import { loadNativeTrainer } from '../../../electron/engine/training/native/loadNativeTrainer.ts';
import { loraTargets } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { isRefusal } from '../../../electron/engine/worldChat/judgeAnswer.ts';
import { readWorldQa } from '../../../electron/engine/worldChat/worldFiles.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';
import { worldModelFixture, type WorldModels } from '../pretraining/worldModelFixture.ts';

/**
 * `workbench lab compare-alignment … --json` on the cached world chat model (tests/integration/pretraining/
 * worldModelFixture.ts): refusal SFT, DPO and GRPO from one warm start, each row measured on the held-out probe.
 * The test asserts what the table means, not who wins: every method and measure is there, the chat model invents
 * answers about people who do not exist and the warm start has learnt to refuse some, and a row's numbers are what
 * its adapter really generates (recomputed here greedily through another prompt-building path).
 * A smaller budget than the documented run (docs/experiments/alignment-comparison.md) keeps it near a minute.
 */
const probePerGroup = 16;
const budget = ['--warm-start-steps', '60', '--steps', '20', '--prompts-per-step', '8', '--generations', '4', '--samples', '3', '--probe-per-group', String(probePerGroup)];

describe('workbench lab compare-alignment', () => {
  let home: ReturnType<typeof createTempHome>;
  let models: WorldModels;
  beforeAll(async () => {
    models = await worldModelFixture(); // built once and cached
    home = createTempHome('compare-alignment');
  }, 1_200_000);
  afterAll(() => home?.cleanup());

  it('measures refusal SFT, DPO and GRPO from one warm start on one held-out probe, from real generations', async () => {
    const cli = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off', WORKBENCH_THREADS: '1' });
    const worldDir = dirname(models.factsPath);
    const outDir = join(home.path, 'alignment');
    const { stdout } = await cli.workbench('lab', 'compare-alignment', '--world', worldDir, '--model', models.chatPath, '--out', outDir, ...budget, '--threads', '1', '--json');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    const result: CompareAlignmentResult = compareAlignmentResultSchema.parse(lines.at(-1));
    expect(lines.at(-1)).toMatchObject({ type: 'result' });
    // each row was streamed as it was measured, before the result
    expect(lines.filter((line) => line.type === 'row')).toHaveLength(5);

    const row = (method: AlignmentRow['method']) => result.rows.find((r) => r.method === method)!;
    expect(result.rows.map((r) => r.method)).toEqual(['chat', 'warm-start', 'refusal-sft', 'dpo', 'grpo']);
    console.log(
      result.rows
        .map((r) => {
          const m = r.measures;
          return `${r.method}: known ${m.knownAccuracy.toFixed(2)}, nonexistent refused ${m.nonexistentRefusal.toFixed(2)} (trained ones ${m.trainedNonexistentRefusal.toFixed(2)}), known refused ${m.overRefusal.toFixed(2)}, distinct ${m.distinctReplies.toFixed(2)}, distinct-2 ${m.distinct2.toFixed(2)}, ${r.trainSeconds.toFixed(1)} s`;
        })
        .join('\n'),
    );
    for (const r of result.rows) {
      const m = r.measures;
      for (const value of [m.knownAccuracy, m.nonexistentRefusal, m.overRefusal, m.trainedNonexistentRefusal, m.distinctReplies, m.distinct2]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
      expect(m).toMatchObject({ knownAsked: probePerGroup, nonexistentAsked: probePerGroup, samplesPerQuestion: 3 });
      expect(m.knownAccuracy + m.overRefusal).toBeLessThanOrEqual(1);
      // sampled replies exist and are not all alike (temperature 1 on a model that knows facts and refusals)
      expect(m.distinctReplies).toBeGreaterThan(1 / 3);
      if (r.method !== 'chat') expect(existsSync(r.adapterPath!)).toBe(true);
    }
    expect(row('chat').adapterPath).toBeNull();
    for (const method of ['refusal-sft', 'dpo', 'grpo'] as const) expect(row(method).steps).toBe(20);
    // three different trainings from the same warm start: three different adapters
    const bytes = (['warm-start', 'refusal-sft', 'dpo', 'grpo'] as const).map((method) => readFileSync(row(method).adapterPath!).toString('base64'));
    expect(new Set(bytes).size).toBe(4);

    // The chat model was only ever taught facts: it invents an answer about everyone. The warm start (a little
    // refusal SFT) refuses some nonexistent people, trained-on and unseen, which is what GRPO needs to sample.
    expect(row('chat').measures.nonexistentRefusal).toBe(0);
    expect(row('chat').measures.knownAccuracy).toBeGreaterThan(0.5);
    expect(row('warm-start').measures.trainedNonexistentRefusal).toBeGreaterThan(row('chat').measures.trainedNonexistentRefusal);

    // The GRPO row's greedy measures are what its adapter says, asked again here with worldQaSft's ChatML text
    // tokenized directly with BOS in front (the experiment renders the model's chat template, as GRPO does, and puts
    // BOS in front as inference does, since the nano model asks for it and its template writes none).
    const split = splitWorldForAlignment(readWorldQa(worldDir), probePerGroup, 'qa.jsonl');
    const trainer = loadNativeTrainer();
    const session = await trainer.createSession({
      modelPath: models.chatPath,
      mode: 'lora',
      lora: { rank: 8, alpha: 16, targets: [...loraTargets], initAdapterPath: row('grpo').adapterPath! },
      contextLength: 128,
      threads: 1,
      seed: 1,
      optimizer: { lr: 1e-3, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, gradClip: 1, schedule: { kind: 'constant', warmupSteps: 0, totalSteps: 1 } },
    });
    try {
      const imEnd = session.tokenize('<|im_end|>', { special: true })[0]!;
      const reply = async (question: string) =>
        session.detokenize(await session.generate(session.tokenize(chatPromptText(question), { special: true, addBos: true }), { maxTokens: 16, stopTokens: [imEnd] })).trim();
      let correct = 0;
      for (const item of split.probeKnown) if ((await reply(item.question)) === item.expected) correct++;
      let refused = 0;
      for (const item of split.probeNonexistent) if (isRefusal(await reply(item.question))) refused++;
      expect(correct / split.probeKnown.length).toBeCloseTo(row('grpo').measures.knownAccuracy, 10);
      expect(refused / split.probeNonexistent.length).toBeCloseTo(row('grpo').measures.nonexistentRefusal, 10);
    } finally {
      session.dispose();
    }
  }, 600_000);
});
