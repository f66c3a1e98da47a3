/**
 * Child process of bench/evalBench.ts: eval items/s of an 'eval' job on the 0.5B-shape F16 model, beside the same
 * log-likelihood requests sent straight to the scorer, and generation items; prints {"rows": [...]} as its last line.
 */
import { cpus, loadavg } from 'node:os';
import type { Engine } from '../electron/engine/createEngine.ts';
import { loadBuiltinTask } from '../electron/engine/evals/builtin/builtinTasks.ts';
import { delimiter, frameContext } from '../electron/engine/evals/prompts/framePrompt.ts';
import type { EvalRun, EvalSettingsInput, EvalTaskSource } from '../electron/shared/contract/evals.ts';
import type { EventPayload } from '../electron/shared/contract/index.ts';
import { fixtureModel } from '../tests/helpers/fixtureModels.ts';
import { createTestEngine } from '../tests/helpers/testEngine.ts';
import type { BenchRow } from './benchTypes.ts';

// Qwen2.5-0.5B's shape, as bench/compressBenchWorker.ts makes it (same fixture name and shape: one cached file)
const halfBillionShape = { layers: 24, embd: 896, heads: 14, kvHeads: 2, ffn: 4864, vocab: 32000, ctx: 2048, type: 'f16', seed: 1 } as const;
const shapeNote = 'Qwen2.5-0.5B shape (24 layers, d 896, ffn 4864, vocab 32000), F16, random weights';

/** Runs one eval job to its end; the seconds from the start call to the job's end. */
async function timedEval(engine: Engine, model: string, task: EvalTaskSource, settings: EvalSettingsInput): Promise<{ seconds: number; run: EvalRun }> {
  let jobId: string | null = null;
  const ended = new Map<string, EventPayload<'job.finished'>>();
  let wake: (() => void) | null = null;
  const off = engine.onEvent((name, payload) => {
    if (name === 'job.progress') {
      const event = payload as EventPayload<'job.progress'>;
      if (event.jobId === jobId) process.stderr.write(`${event.message ?? ''} ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
    if (name !== 'job.finished') return;
    const event = payload as EventPayload<'job.finished'>;
    ended.set(event.jobId, event);
    wake?.();
  });
  const started = performance.now();
  try {
    const answer = (await engine.call('evals.start', { targets: [{ model }], tasks: [task], settings })) as { jobId: string; runIds: string[] };
    jobId = answer.jobId;
    while (!ended.has(jobId)) await new Promise<void>((resolve) => (wake = resolve));
    const seconds = (performance.now() - started) / 1000;
    const end = ended.get(jobId)!;
    if (end.state !== 'done') throw new Error(`eval job ${end.state}: ${end.error?.message ?? ''}`);
    const run = (await engine.call('evals.run', { id: answer.runIds[0]! })) as { run: EvalRun };
    return { seconds, run: run.run };
  } finally {
    off();
  }
}

const engine = createTestEngine('eval-bench');
try {
  const model = await fixtureModel('bench-0.5b-f16', halfBillionShape);
  const threads = process.env.WORKBENCH_THREADS ?? String(cpus().length);
  // Load the model into the inference host first: the rows time scoring, not the load.
  await timedEval(engine, model, { kind: 'builtin', name: 'general-en' }, { limit: 1 });

  // The first 20 items keep the run to minutes on two cores; the rate does not depend on the count.
  const limit = 20;
  const choice = await timedEval(engine, model, { kind: 'builtin', name: 'general-en' }, { limit });
  const items = loadBuiltinTask('general-en').task.items.slice(0, limit);
  const requests = items.flatMap((item) => (item.kind === 'choice' ? item.choices.map((text) => ({ prefix: (frameContext('qa', item, []) as { prefix: string }).prefix, text: `${delimiter('qa')}${text}` })) : []));
  const started = performance.now();
  for (const request of requests) await engine.call('generate.score', { model, mode: 'raw', ...request });
  const scorerSeconds = (performance.now() - started) / 1000;

  const maxTokens = 32;
  const generation = await timedEval(engine, model, { kind: 'builtin', name: 'arithmetic' }, { limit: 5, maxTokens });
  // A shared machine slows every row alike; the load says how much the numbers owe to it.
  const load = `load average ${loadavg()[0]!.toFixed(1)} at the end`;
  const rows: BenchRow[] = [
    {
      name: 'eval 0.5B F16 multiple choice (general-en, 0-shot) items/s',
      value: choice.run.itemCount / choice.seconds,
      unit: 'items/s',
      anchor: { name: 'the same log-likelihood requests sent one by one to generate.score', value: items.length / scorerSeconds, unit: 'items/s' },
      notes: `${choice.run.itemCount} items, ${requests.length} choices, ${choice.seconds.toFixed(1)} s as an 'eval' job; ${shapeNote}; ${threads} threads`,
    },
    {
      name: `eval 0.5B F16 generation (arithmetic, ${maxTokens} tokens max) items/s`,
      value: generation.run.itemCount / generation.seconds,
      unit: 'items/s',
      notes: `${generation.run.itemCount} items answered greedily (a random model rarely stops early, so about ${maxTokens} tokens each), ${generation.seconds.toFixed(1)} s; ${shapeNote}; ${load}`,
    },
  ];
  process.stdout.write(`${JSON.stringify({ rows })}\n`);
} finally {
  await engine.dispose();
}
