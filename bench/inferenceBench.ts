import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fixtureModel } from '../tests/helpers/fixtureModels.ts';
import { median } from '../electron/engine/stats/median.ts';
import { hostEnvironment } from '../electron/engine/hosts/hostEnvironment.ts';
import type { BenchRow } from './benchTypes.ts';
import { ensureLlamaTools, type LlamaTools } from './llamaBenchBuild.ts';
import { llamaBenchTokensPerSecond, runLlamaBench } from './llamaBenchRun.ts';
import { measureTightPairs } from './inferencePairs.ts';

const run = promisify(execFile);
const worker = join(dirname(fileURLToPath(import.meta.url)), 'inferenceBenchWorker.ts');

/** Qwen2.5-0.5B's dimensions and vocabulary (the 151,936-token output layer is a real part of decode cost). */
export const inferenceBenchShape = { layers: 24, embd: 896, heads: 14, kvHeads: 2, ffn: 4864, vocab: 151_936, ctx: 2048, type: 'f16', seed: 1 } as const;


/**
 * Decode (tg) and prefill (pp) tokens/s of our engine against llama.cpp's own llama-bench, built from the same
 * source node-llama-cpp bundles, on a generated 0.5B-shape model in F16 and Q8_0, same thread count. Our side is
 * measured four ways (greedy, sampled, with log-probabilities, with the full distribution) so the cost of each
 * layer is visible; time to first token too. WORKBENCH_BENCH_THREADS (default: the machine's cores),
 * WORKBENCH_BENCH_TYPES (default F16,Q8_0), WORKBENCH_BENCH_PP / _TG / _REPS / _ROUNDS (default 3) change the run.
 * The headline rows are measured once more in tight pairs (inferencePairs.ts; WORKBENCH_BENCH_PAIRS, default 8, 0 = off).
 */
export async function runInferenceBench(): Promise<BenchRow[]> {
  const threads = Number(process.env.WORKBENCH_BENCH_THREADS ?? cpus().length);
  const types = (process.env.WORKBENCH_BENCH_TYPES ?? 'F16,Q8_0').split(',').map((type) => type.trim().toUpperCase());
  const pp = Number(process.env.WORKBENCH_BENCH_PP ?? 512);
  const tg = Number(process.env.WORKBENCH_BENCH_TG ?? 128);
  const reps = Number(process.env.WORKBENCH_BENCH_REPS ?? 3);
  const rounds = Math.max(1, Number(process.env.WORKBENCH_BENCH_ROUNDS ?? 3));
  const pairs = Math.max(0, Number(process.env.WORKBENCH_BENCH_PAIRS ?? 8));
  const tools = ensureLlamaTools();
  const f16 = await fixtureModel('bench-0.5b-infer-f16', inferenceBenchShape);
  const rows: BenchRow[] = [];
  for (const type of types) {
    try {
      const model = type === 'F16' ? f16 : await quantized(tools.llamaQuantize, f16, type, threads);
      rows.push(...(await measureType(tools, model, type, { threads, pp, tg, reps, rounds })));
      if (pairs > 0) rows.push(...(await measureTightPairs(tools, model, type, { threads, pp, tg, pairs })));
    } catch (error) {
      // One type failing (a crash in one binary) must not throw away the other type's numbers.
      rows.push({ name: `${type} failed`, value: Number.NaN, unit: '', notes: (error as Error).message.split('\n')[0] ?? String(error) });
    }
  }
  return rows;
}

async function measureType(
  tools: LlamaTools,
  model: string,
  type: string,
  { threads, pp, tg, reps, rounds }: { threads: number; pp: number; tg: number; reps: number; rounds: number },
): Promise<BenchRow[]> {
  const llamaBench = () => runLlamaBench(tools, model, { prompt: pp, generate: tg, threads, reps });
  // Rounds alternate llama-bench and our side (A B A B … A), and each of our runs is read against the mean of the two
  // llama-bench runs around it: on a shared VM memory bandwidth drifts by ±10 % over minutes (F16 decode is
  // bandwidth-bound), so one anchor measured minutes away can make a ratio look worse or better than it is. The row
  // shows the medians; the notes list each round's paired ratio.
  const anchors: Awaited<ReturnType<typeof runLlamaBench>>[] = [await llamaBench()];
  const ourRuns: BenchRow[][] = [];
  for (let round = 0; round < rounds; round++) {
    const ours = await run(process.execPath, ['--import', 'tsx', worker, model, `${type}, ${threads} threads`], {
      // The inference host's environment (one-thread libuv pool), so the worker decodes as the app does.
      env: { ...hostEnvironment('inference'), WORKBENCH_GPU: 'off', WORKBENCH_THREADS: String(threads) },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 60 * 60 * 1000,
    });
    ourRuns.push((JSON.parse(ours.stdout.trim().split('\n').at(-1) ?? '{}') as { rows: BenchRow[] }).rows);
    anchors.push(await llamaBench());
  }
  return (ourRuns[0] ?? []).map((first) => {
    const runs = ourRuns.map((rows) => rows.find((row) => row.name === first.name)?.value ?? Number.NaN);
    const value = median(runs);
    const test = first.name.startsWith('pp') ? { promptTokens: pp, generated: 0, label: `pp${pp}` } : first.name.startsWith('tg') ? { promptTokens: 0, generated: tg, label: `tg${tg}` } : null;
    const roundsNote = rounds > 1 ? `; ${rounds} rounds: ${runs.map((v) => v.toFixed(1)).join(', ')}` : '';
    if (!test) return { ...first, value, notes: `${first.notes ?? ''}${roundsNote}` };
    const allAnchors = anchors.map((results) => llamaBenchTokensPerSecond(results, test.promptTokens, test.generated));
    // Each of our runs against the mean of the llama-bench runs right before and right after it.
    const around = runs.map((_, round) => ((allAnchors[round] ?? Number.NaN) + (allAnchors[round + 1] ?? Number.NaN)) / 2);
    const paired = runs.map((v, round) => v / (around[round] ?? Number.NaN));
    return {
      ...first,
      value,
      notes: `${first.notes ?? ''}${rounds > 1 ? `; ${rounds} rounds, paired ratios ${paired.map((ratio) => ratio.toFixed(3)).join(', ')} (median ${median(paired).toFixed(3)})` : ''}`,
      anchor: {
        name: `llama-bench ${test.label} (bundled llama.cpp ${tools.release}, ${tools.build}; median of the runs around each of ours; all runs: ${allAnchors.map((v) => v.toFixed(1)).join(', ')})`,
        value: Number(median(around).toFixed(2)),
        unit: 'tokens/s',
      },
    };
  });
}

async function quantized(llamaQuantize: string, f16: string, type: string, threads: number): Promise<string> {
  const target = f16.replace(/-f16\.gguf$|\.gguf$/, `-${type.toLowerCase()}.gguf`);
  if (!existsSync(target)) await run(llamaQuantize, [f16, target, type, String(threads)], { maxBuffer: 16 * 1024 * 1024 });
  return target;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runInferenceBench(), null, 2));
}
