/**
 * Our side of the inference benchmark, in its own process (argv: model path, label). It drives the inference
 * host's own code path (generateInHost: prompt building, context pool, sampler, text streaming) in-process, so
 * the numbers are the engine's minus only the IPC hop to the app.
 */
import { performance } from 'node:perf_hooks';
import type { Token } from 'node-llama-cpp';
import type { HostGenerateInput } from '../electron/engine/inference/hostRequests.ts';
import { getLlamaRuntime } from '../electron/engine/inference/host/llamaRuntime.ts';
import { median } from '../electron/engine/stats/median.ts';
import type { BenchRow } from './benchTypes.ts';
import { benchGeneratedTokens as generatedTokens, benchPromptTokens as promptTokens, defaultSampling, openBenchSession } from './inferenceBenchSession.ts';

const [modelPath, label] = process.argv.slice(2) as [string, string];
const repetitions = Number(process.env.WORKBENCH_BENCH_REPS ?? 3);
const session = await openBenchSession(modelPath);
const { model, randomTokens } = session;

const rows: BenchRow[] = [];

// Prefill: BOS + random tokens in one evaluation; time to the first token is almost all prompt processing.
const prefill: number[] = [];
for (let rep = 0; rep < repetitions; rep++) prefill.push(await session.prefillOnce());
rows.push({ name: `pp${promptTokens} ${label}`, value: median(prefill), unit: 'tokens/s', notes: `median of ${repetitions}; BOS + random tokens, first token sampled` });

const decode = async (name: string, overrides: Partial<HostGenerateInput>, notes: string): Promise<void> => {
  const speeds: number[] = [];
  let produced = 0;
  for (let rep = 0; rep < repetitions; rep++) {
    const result = await session.decodeOnce(overrides);
    speeds.push(result.tokensPerSecond);
    produced = result.generated;
  }
  rows.push({ name: `${name} ${label}`, value: median(speeds), unit: 'tokens/s', notes: `${notes}; ${produced} tokens, median of ${repetitions}` });
};

await decode(`tg${generatedTokens} greedy`, {}, 'llama.cpp sampler, temperature 0, direct decode loop');
await decode(`tg${generatedTokens} sampled`, { sampling: defaultSampling }, 'llama.cpp sampler, T 0.8 top-k 40 top-p 0.95 min-p 0.05, direct decode loop');
// The greedy row again through node-llama-cpp's sequence.evaluate instead of the direct decode loop
// (electron/engine/inference/host/directDecode.ts): what that loop gains, measured in the same process.
{
  const setting = process.env.WORKBENCH_DIRECT_DECODE;
  process.env.WORKBENCH_DIRECT_DECODE = 'off';
  await decode(`tg${generatedTokens} greedy via evaluate`, {}, 'llama.cpp sampler, temperature 0, sequence.evaluate instead of the direct loop');
  if (setting === undefined) delete process.env.WORKBENCH_DIRECT_DECODE;
  else process.env.WORKBENCH_DIRECT_DECODE = setting;
}
await decode(`tg${generatedTokens} logprobs 5`, { logprobs: 5, sampling: defaultSampling }, 'llama.cpp sampler, the top 5 and the normalizer read beside it (log-probabilities + 5 alternatives)');
await decode(`tg${generatedTokens} inspect`, { logprobs: 10, inspect: true, sampling: defaultSampling }, 'llama.cpp sampler, the top 10 and the whole distribution read beside it (entropy)');

// The same decode through node-llama-cpp alone (no prompt building, text streaming or events): what our layer costs.
{
  const speeds: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const lease = await model.contexts.acquire({ contextSize: promptTokens + generatedTokens + 64, sequences: 1, adapters: [] });
    try {
      const sequence = lease.sequences[0]!;
      await sequence.clearHistory();
      const input = [model.model.tokens.bos ?? 1, ...randomTokens(15)] as Token[];
      let first = 0;
      let count = 0;
      for await (const token of sequence.evaluate(input, { temperature: 0 })) {
        void token;
        count += 1;
        if (count === 1) first = performance.now();
        if (count >= generatedTokens) break;
      }
      speeds.push((count - 1) / ((performance.now() - first) / 1000));
    } finally {
      lease.release();
    }
  }
  rows.push({ name: `tg${generatedTokens} node-llama-cpp loop ${label}`, value: median(speeds), unit: 'tokens/s', notes: `sequence.evaluate greedy, no workbench layer; median of ${repetitions}` });
}

// node-llama-cpp's own default thread count (at least 4) on this machine, which llamaRuntime.ts overrides.
{
  const llama = await getLlamaRuntime();
  const ours = llama.maxThreads;
  const libraryDefault = Math.max(4, llama.cpuMathCores);
  if (libraryDefault !== ours) {
    llama.maxThreads = libraryDefault;
    const context = await model.model.createContext({ contextSize: 256 });
    try {
      const sequence = context.getSequence();
      let first = 0;
      let count = 0;
      for await (const token of sequence.evaluate([model.model.tokens.bos ?? 1, ...randomTokens(15)] as Token[], { temperature: 0 })) {
        void token;
        count += 1;
        if (count === 1) first = performance.now();
        if (count >= 17) break;
      }
      rows.push({
        name: `tg16 node-llama-cpp default threads (${libraryDefault}) ${label}`,
        value: (count - 1) / ((performance.now() - first) / 1000),
        unit: 'tokens/s',
        notes: `what decoding costs without the workbench's thread setting (${ours}); one run`,
      });
    } finally {
      await context.dispose();
      llama.maxThreads = ours;
    }
  }
}

// Time to first token for a short prompt on a warm model (what a chat turn feels like).
const ttft: number[] = [];
for (let rep = 0; rep < repetitions; rep++) {
  const result = await session.generate({ prefillTokens: randomTokens(15), maxTokens: 1 });
  ttft.push(result.timings.timeToFirstTokenMs ?? Number.NaN);
}
rows.push({ name: `time to first token, 16-token prompt, ${label}`, value: median(ttft), unit: 'ms', notes: `warm model, median of ${repetitions}` });

await session.close();
// Which node-llama-cpp binary ran: the npm prebuilt or a local build (`npm run build:llama`); it decides the ratios.
const runtime = await getLlamaRuntime();
const binary = `${runtime.buildType === 'localBuild' ? 'local build' : 'prebuilt'} node-llama-cpp binary`;
console.log(JSON.stringify({ rows: rows.map((row) => ({ ...row, notes: row.notes ? `${row.notes}; ${binary}` : binary })) }));
process.exit(0);
