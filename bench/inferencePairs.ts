import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hostEnvironment } from '../electron/engine/hosts/hostEnvironment.ts';
import { median } from '../electron/engine/stats/median.ts';
import type { BenchRow } from './benchTypes.ts';
import type { LlamaTools } from './llamaBenchBuild.ts';
import { llamaBenchTokensPerSecond, runLlamaBench } from './llamaBenchRun.ts';

const pairWorker = join(dirname(fileURLToPath(import.meta.url)), 'inferencePairWorker.ts');

/**
 * The headline ratios measured in tight pairs: one llama-bench run (one repetition) right next to one of ours, a few
 * seconds apart, for `pairs` pairs, the order flipped every pair. On a shared VM the host's speed drifts by ±10–30 %
 * over minutes (the round-based rows put minutes between an anchor and our run); a pair seconds apart sees the same
 * host, so the median of the per-pair ratios is the cleanest same-machine comparison this machine allows.
 */
export async function measureTightPairs(
  tools: LlamaTools,
  model: string,
  type: string,
  { threads, pp, tg, pairs }: { threads: number; pp: number; tg: number; pairs: number },
): Promise<BenchRow[]> {
  const worker = startPairWorker(model, threads, {});
  // The A/B of the inference host's one-thread libuv pool (hostEnvironment.ts): the same code with libuv's default 4.
  const defaultPoolWorker = startPairWorker(model, threads, { UV_THREADPOOL_SIZE: '4' });
  const tests = [
    { worker, command: 'pp', label: `pp${pp}`, prompt: pp, generate: 0, notes: 'BOS + random tokens, first token sampled' },
    { worker, command: 'greedy', label: `tg${tg} greedy`, prompt: 0, generate: tg, notes: 'llama.cpp sampler, temperature 0, direct decode loop' },
    { worker, command: 'sampled', label: `tg${tg} sampled`, prompt: 0, generate: tg, notes: 'llama.cpp sampler, T 0.8 top-k 40 top-p 0.95 min-p 0.05, direct decode loop' },
    {
      worker: defaultPoolWorker,
      command: 'greedy',
      label: `tg${tg} greedy`,
      variant: ', libuv pool of 4 (A/B)',
      prompt: 0,
      generate: tg,
      notes: 'as tg greedy, but UV_THREADPOOL_SIZE=4 (libuv default) instead of the inference host\'s 1',
    },
  ] as const;
  const measured = tests.map(() => ({ ours: [] as number[], anchor: [] as number[] }));
  try {
    await Promise.all([worker.ready, defaultPoolWorker.ready]);
    for (let pair = 0; pair < pairs; pair++) {
      for (const [index, test] of tests.entries()) {
        const anchor = async () => llamaBenchTokensPerSecond(await runLlamaBench(tools, model, { prompt: test.prompt, generate: test.generate, threads, reps: 1 }), test.prompt, test.generate);
        // Flip the order every pair so neither side always runs on a host just warmed (or just slowed) by the other.
        let anchorValue: number;
        let ourValue: number;
        if (pair % 2 === 0) {
          anchorValue = await anchor();
          ourValue = await test.worker.measure(test.command);
        } else {
          ourValue = await test.worker.measure(test.command);
          anchorValue = await anchor();
        }
        measured[index]!.anchor.push(anchorValue);
        measured[index]!.ours.push(ourValue);
      }
    }
  } finally {
    worker.close();
    defaultPoolWorker.close();
  }
  return tests.map((test, index) => {
    const { ours: values, anchor } = measured[index]!;
    const ratios = values.map((value, pair) => value / anchor[pair]!);
    return {
      name: `${test.label} ${type}, ${threads} threads, tight pairs${'variant' in test ? test.variant : ''}`,
      value: median(values),
      unit: 'tokens/s',
      anchor: {
        name: `llama-bench ${test.label.split(' ')[0]} (bundled llama.cpp ${tools.release}, ${tools.build}; one run next to each of ours, median of ${pairs}: ${anchor.map((v) => v.toFixed(1)).join(', ')})`,
        value: Number(median(anchor).toFixed(2)),
        unit: 'tokens/s',
      },
      notes: `${test.notes}; ${pairs} pairs seconds apart, ours ${values.map((v) => v.toFixed(1)).join(', ')}; paired ratios ${ratios.map((r) => r.toFixed(3)).join(', ')} (median ${median(ratios).toFixed(3)})`,
    };
  });
}

/** One pair worker process (inferencePairWorker.ts) in the inference host's environment plus `extraEnv`. */
function startPairWorker(model: string, threads: number, extraEnv: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', pairWorker, model], {
    env: { ...process.env, ...hostEnvironment('inference'), WORKBENCH_GPU: 'off', WORKBENCH_THREADS: String(threads), ...extraEnv },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextAnswer = async (): Promise<{ value?: number; error?: string; ready?: boolean }> => {
    const line = await answers.next();
    if (line.done) throw new Error(`inference pair worker exited (code ${child.exitCode ?? 'unknown'})`);
    return JSON.parse(line.value) as { value?: number; error?: string; ready?: boolean };
  };
  return {
    ready: nextAnswer(),
    async measure(command: string): Promise<number> {
      child.stdin.write(`${command}\n`);
      const answer = await nextAnswer();
      if (answer.value === undefined) throw new Error(answer.error ?? `no measurement for ${command}`);
      return answer.value;
    },
    close: () => child.stdin.end('quit\n'),
  };
}
