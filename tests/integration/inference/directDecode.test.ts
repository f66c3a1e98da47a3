import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { directDecoder, type DirectDecodeOptions } from '../../../electron/engine/inference/host/directDecode.ts';
import { getLlamaRuntime } from '../../../electron/engine/inference/host/llamaRuntime.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';

/** The direct decode loop against node-llama-cpp's own `sequence.evaluate`, in this process, on the tiny model. */
describe('direct decode loop (node-llama-cpp internals)', () => {
  let model: LlamaModel;
  let context: LlamaContext;
  let sequence: LlamaContextSequence;
  let prompt: Token[];

  beforeAll(async () => {
    const llama = await getLlamaRuntime();
    model = await llama.loadModel({ modelPath: await fixtureModel('tiny-base'), gpuLayers: 0 });
    context = await model.createContext({ contextSize: 256, sequences: 1 });
    sequence = context.getSequence();
    prompt = model.tokenize('Once upon a time there was');
  });
  afterAll(async () => {
    await context?.dispose();
    await model?.dispose();
  });

  const take = async (tokens: AsyncGenerator<Token, unknown>, count: number): Promise<number[]> => {
    const out: number[] = [];
    try {
      for await (const token of tokens) {
        out.push(token);
        if (out.length >= count) break;
      }
    } finally {
      await tokens.return(undefined);
    }
    return out;
  };

  const viaEvaluate = async (input: readonly number[], options: DirectDecodeOptions, count: number) => {
    await sequence.clearHistory();
    return await take(sequence.evaluate(input as Token[], { ...options, yieldEogToken: true }), count);
  };

  const viaDirect = async (input: readonly number[], options: DirectDecodeOptions, count: number) => {
    await sequence.clearHistory();
    const direct = directDecoder(sequence, input.length + count);
    expect(direct, 'node-llama-cpp internals the direct loop needs are missing (another version?)').not.toBeNull();
    return await take(direct!.evaluate(input, options), count);
  };

  const settings: [string, DirectDecodeOptions][] = [
    ['greedy', { temperature: 0 }],
    ['seeded sampling', { temperature: 1.2, topK: 0, topP: 1, minP: 0, seed: 77 }],
    ['top-k/top-p/min-p', { temperature: 0.9, topK: 20, topP: 0.9, minP: 0.02, seed: 5 }],
  ];

  for (const [name, options] of settings) {
    it(`gives the same tokens as sequence.evaluate: ${name}`, async () => {
      const expected = await viaEvaluate(prompt, options, 40);
      expect(expected).toHaveLength(40);
      expect(await viaDirect(prompt, options, 40)).toEqual(expected);
    });
  }

  it('applies repeat penalties as evaluate does', async () => {
    // punishTokens reads what was generated so far, so each path records its tokens as they arrive.
    const generated: number[] = [];
    const options: DirectDecodeOptions = {
      temperature: 0,
      repeatPenalty: { punishTokens: () => [...prompt, ...generated] as Token[], penalty: 1.8, presencePenalty: 0.5, frequencyPenalty: 0.3, maxPunishTokens: 64 },
    };
    const recorded = async (tokens: () => AsyncGenerator<Token, unknown>): Promise<number[]> => {
      generated.length = 0;
      await sequence.clearHistory();
      const source = tokens();
      try {
        for await (const token of source) {
          generated.push(token);
          if (generated.length >= 30) break;
        }
      } finally {
        await source.return(undefined);
      }
      return [...generated];
    };
    const expected = await recorded(() => sequence.evaluate(prompt, { ...options, yieldEogToken: true }));
    expect(expected).not.toEqual(await viaEvaluate(prompt, { temperature: 0 }, 30));
    const direct = await recorded(() => directDecoder(sequence, prompt.length + 30)!.evaluate(prompt, options));
    expect(direct).toEqual(expected);
  });

  it('leaves the sequence bookkeeping equal to the KV cache, so evaluate continues where it stopped', async () => {
    const whole = await viaDirect(prompt, { temperature: 0 }, 24);
    const firstPart = await viaDirect(prompt, { temperature: 0 }, 12);
    // The 12th token was handed out but not decoded yet.
    expect(sequence.contextTokens).toEqual([...prompt, ...firstPart.slice(0, 11)]);
    expect(sequence.nextTokenIndex).toBe(prompt.length + 11);
    const rest = await take(sequence.evaluate([firstPart[11]!] as Token[], { temperature: 0, yieldEogToken: true }), 12);
    expect([...firstPart, ...rest]).toEqual(whole);
  });

  it('reuses a prompt prefix that node-llama-cpp already evaluated', async () => {
    const expected = await viaEvaluate(prompt, { temperature: 0 }, 10);
    await sequence.clearHistory();
    await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, 3));
    const direct = directDecoder(sequence, prompt.length + 10)!;
    expect(await take(direct.evaluate(prompt.slice(3), { temperature: 0 }), 10)).toEqual(expected);
  });

  /** Wraps a context's native decodeBatch to see the threads each decode runs with and how many decodes overlap. */
  function watchDecodes(each: LlamaContext, seen: { threads: number[]; inUse: number; mostInUse: number }): void {
    const native = (each as unknown as { _ctx: { decodeBatch(): Promise<void>; getThreads(): number } })._ctx;
    const decodeBatch = native.decodeBatch.bind(native);
    // The addon's methods are read-only on its prototype; an own property on this instance shadows it.
    Object.defineProperty(native, 'decodeBatch', {
      configurable: true,
      value: async () => {
        const threads = native.getThreads();
        seen.threads.push(threads);
        seen.inUse += threads;
        seen.mostInUse = Math.max(seen.mostInUse, seen.inUse);
        try {
          await decodeBatch();
        } finally {
          seen.inUse -= threads;
        }
      },
    });
  }

  /** Two contexts of `threads` threads generating 20 tokens each at the same time; both must give the same tokens. */
  async function twoAtOnce(threads: number) {
    const contexts = await Promise.all([0, 1].map(() => model.createContext({ contextSize: 128, sequences: 1, threads })));
    const seen = { threads: [] as number[], inUse: 0, mostInUse: 0 };
    for (const each of contexts) watchDecodes(each, seen);
    try {
      const [first, second] = await Promise.all(contexts.map(async (each) => await take(directDecoder(each.getSequence(), prompt.length + 20)!.evaluate(prompt, { temperature: 0 }), 20)));
      expect(second).toEqual(first);
      return seen;
    } finally {
      await Promise.all(contexts.map((each) => each.dispose()));
    }
  }

  it("takes each decode's threads from node-llama-cpp's splitter: two contexts decoding at once stay within maxThreads", async () => {
    const llama = await getLlamaRuntime();
    const seen = await twoAtOnce(llama.maxThreads);
    expect(seen.mostInUse).toBeGreaterThan(0);
    expect(seen.mostInUse).toBeLessThanOrEqual(llama.maxThreads);
  });

  it("in a one-thread libuv pool (the inference host) gives every decode all of its context's threads", async () => {
    // Decodes there take turns on the one pool thread, so a splitter's share would leave cores idle.
    const llama = await getLlamaRuntime();
    const saved = { pool: process.env.UV_THREADPOOL_SIZE, maxThreads: llama.maxThreads };
    process.env.UV_THREADPOOL_SIZE = '1'; // read by directDecoder; this process's own pool keeps its size
    llama.maxThreads = 2; // a budget both contexts' 2 threads would have to share under the splitter
    try {
      const seen = await twoAtOnce(2);
      expect(seen.threads.length).toBeGreaterThanOrEqual(2 * 20);
      expect(new Set(seen.threads)).toEqual(new Set([2]));
    } finally {
      if (saved.pool === undefined) delete process.env.UV_THREADPOOL_SIZE;
      else process.env.UV_THREADPOOL_SIZE = saved.pool;
      llama.maxThreads = saved.maxThreads;
    }
  });

  it('steps aside where evaluate is needed: several sequences, no room without a context shift, or turned off', async () => {
    await sequence.clearHistory();
    expect(directDecoder(sequence, context.contextSize + 1)).toBeNull();
    expect(directDecoder(sequence, context.contextSize)).not.toBeNull();
    const shared = await model.createContext({ contextSize: 128, sequences: 2 });
    try {
      expect(directDecoder(shared.getSequence(), 8)).toBeNull();
    } finally {
      await shared.dispose();
    }
    process.env.WORKBENCH_DIRECT_DECODE = 'off';
    try {
      expect(directDecoder(sequence, 8)).toBeNull();
    } finally {
      delete process.env.WORKBENCH_DIRECT_DECODE;
    }
  });
});
