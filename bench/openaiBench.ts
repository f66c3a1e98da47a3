import OpenAI from 'openai';
import { createEngine } from '../electron/engine/createEngine.ts';
import { createNodeHostSpawner } from '../electron/engine/hosts/nodeHostSpawner.ts';
import { combineAdapterLookups, libraryAdapterLookup } from '../electron/engine/openai/adapterLookup.ts';
import { createOpenAiApi } from '../electron/engine/openai/openAiApi.ts';
import { startWorkbenchServer } from '../electron/server/workbenchServer.ts';
import type { ModelEntry } from '../electron/shared/contract/models.ts';
import { fixtureModel } from '../tests/helpers/fixtureModels.ts';
import { createTempHome } from '../tests/helpers/tempHome.ts';
import type { BenchRow } from './benchTypes.ts';

const CONCURRENT = Number(process.env.WORKBENCH_BENCH_API_CONCURRENT ?? 50);
const MAX_TOKENS = Number(process.env.WORKBENCH_BENCH_API_TOKENS ?? 16);

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};

/**
 * The OpenAI-compatible API under a burst of concurrent streamed chat requests (the load the integration test
 * checks for leaks): requests/s for the whole burst and time to first token as clients see it (queueing included,
 * one request per model at a time), on the tiny-chat fixture. Anchor: the same requests one at a time.
 */
export async function runOpenAiBench(): Promise<BenchRow[]> {
  const home = createTempHome('openai-bench');
  const engine = createEngine({ dataHome: home.path, hostSpawner: createNodeHostSpawner(), shell: 'server' });
  try {
    const model = ((await engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    const api = createOpenAiApi({ services: engine.services, adapters: combineAdapterLookups(libraryAdapterLookup((m, i) => engine.call(m, i))), apiKey: null });
    const server = await startWorkbenchServer({ engine, port: 0, rendererDir: 'out/renderer', routes: [api] });
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const streamOne = async (index: number): Promise<number> => {
      const started = performance.now();
      const stream = await client.chat.completions.create({
        model: model.name,
        messages: [{ role: 'user', content: `Request number ${index}` }],
        max_tokens: MAX_TOKENS,
        seed: index,
        stream: true,
      });
      let firstAt: number | null = null;
      for await (const chunk of stream) if (firstAt === null && chunk.choices[0]?.delta.content) firstAt = performance.now();
      return (firstAt ?? performance.now()) - started;
    };
    try {
      await Promise.all(Array.from({ length: 4 }, (_, index) => streamOne(index))); // load the model, warm the pools
      const serialStarted = performance.now();
      const serialTtft: number[] = [];
      for (let index = 0; index < 10; index++) serialTtft.push(await streamOne(index));
      const serialRate = 10 / ((performance.now() - serialStarted) / 1000);
      const burstStarted = performance.now();
      const ttft = await Promise.all(Array.from({ length: CONCURRENT }, (_, index) => streamOne(index)));
      const burstRate = CONCURRENT / ((performance.now() - burstStarted) / 1000);
      const setup = `tiny-chat fixture, ${MAX_TOKENS} max tokens, streamed chat, per-model queue of 1`;
      return [
        { name: `requests/s, ${CONCURRENT} concurrent`, value: burstRate, unit: 'req/s', anchor: { name: 'one at a time', value: Number(serialRate.toFixed(2)), unit: 'req/s' }, notes: setup },
        { name: `TTFT p50, ${CONCURRENT} concurrent`, value: percentile(ttft, 0.5), unit: 'ms', anchor: { name: 'one at a time p50', value: Number(percentile(serialTtft, 0.5).toFixed(2)), unit: 'ms' }, notes: 'includes waiting in the queue' },
        { name: `TTFT p95, ${CONCURRENT} concurrent`, value: percentile(ttft, 0.95), unit: 'ms', notes: 'includes waiting in the queue' },
      ];
    } finally {
      await server.close();
    }
  } finally {
    await engine.dispose();
    home.cleanup();
  }
}
