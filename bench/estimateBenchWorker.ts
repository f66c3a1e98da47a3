/**
 * Child process of bench/estimateBench.ts: estimate, then run, a LoRA SFT job through a real engine per model.
 * Prints {"rows": [...]} as its last line.
 */
import type { TrainingEstimate } from '../electron/shared/contract/training.ts';
import { median } from '../electron/engine/stats/median.ts';
import { fixtureModel } from '../tests/helpers/fixtureModels.ts';
import { createTestEngine } from '../tests/helpers/testEngine.ts';
import { conversationsJsonl, importJsonl, qaPairs, runDetail, runTrainingJob, tinySftConfig } from '../tests/integration/training/trainingHelpers.ts';
import type { BenchRow } from './benchTypes.ts';

const epochs = Number(process.env.WORKBENCH_BENCH_ESTIMATE_EPOCHS ?? 20);
const mebibyte = 2 ** 20;

const models = [
  { label: 'tiny chat (2 layers, d 64)', path: () => fixtureModel('tiny-chat') },
  {
    label: 'small chat (4 layers, d 512)',
    path: () => fixtureModel('bench-small-chat', { layers: 4, embd: 512, heads: 8, kvHeads: 4, ffn: 1536, ctx: 1024, chatTemplate: 'chatml', seed: 3 }),
  },
];

const rows: BenchRow[] = [];
const engine = createTestEngine('estimate-bench');
try {
  const dataset = await importJsonl(engine, 'estimate.jsonl', conversationsJsonl(qaPairs));
  for (const model of models) {
    const config = tinySftConfig(await model.path(), dataset.id, { validation: null, epochs, evalEvery: 1000, checkpointEvery: 1000, samplePrompts: [] });
    const estimate = (await engine.call('training.estimate', { config })) as TrainingEstimate;
    const run = await runTrainingJob(engine, 'training.start', { config });
    if (run.finished.state !== 'done') throw new Error(`${model.label}: the run ended ${run.finished.state}: ${run.finished.error?.message}`);
    const metrics = (await runDetail(engine, run.runId)).metrics;
    const measuredSeconds = (estimate.tokensPerEpoch * epochs) / median(metrics.map((point) => point.tokensPerSecond));
    const peakMemory = Math.max(...metrics.map((point) => point.memoryBytes ?? 0));
    rows.push(
      {
        name: `estimate ${model.label}: time`,
        value: estimate.estimatedSeconds ?? Number.NaN,
        unit: 's',
        anchor: { name: 'run: tokens ÷ median step speed', value: measuredSeconds, unit: 's' },
        notes: `${metrics.length} steps, ${estimate.tokensPerEpoch} tokens/epoch, 1 thread`,
      },
      {
        name: `estimate ${model.label}: memory`,
        value: estimate.memoryBytes / mebibyte,
        unit: 'MiB',
        anchor: { name: 'run: peak trainer RSS', value: peakMemory / mebibyte, unit: 'MiB' },
      },
    );
  }
} finally {
  await engine.dispose();
}
console.log(JSON.stringify({ rows }));
