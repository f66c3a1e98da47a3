import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatMLChatWrapper,
  getLlama,
  LlamaChatSession,
  LlamaLogLevel,
  readGgufFileInfo,
  resolveChatWrapper,
  type Llama,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { inspectGguf } from '../../../electron/engine/gguf/inspectGguf.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';

/**
 * The generated fixtures are only useful if llama.cpp itself accepts them: these tests load them through
 * node-llama-cpp on the CPU and run them. Contexts use one thread so a busy machine does not stall ggml.
 */
let llama: Llama;
const loaded: LlamaModel[] = [];

beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: 'never', progressLogs: false, logLevel: LlamaLogLevel.error });
});
afterAll(async () => {
  for (const model of loaded) await model.dispose();
  await llama?.dispose();
});

async function load(path: string): Promise<LlamaModel> {
  const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
  loaded.push(model);
  return model;
}

async function generate(model: LlamaModel, prompt: string, count: number, lora?: string): Promise<Token[]> {
  const context = await model.createContext({ contextSize: 128, threads: 1, ...(lora ? { lora } : {}) });
  try {
    const tokens: Token[] = [];
    for await (const token of context.getSequence().evaluate(model.tokenize(prompt), { temperature: 0.8, seed: 1 })) {
      tokens.push(token);
      if (tokens.length >= count) break;
    }
    return tokens;
  } finally {
    await context.dispose();
  }
}

/** The next-token distribution after a prompt, as token → probability. */
async function nextTokenProbabilities(model: LlamaModel, prompt: string, lora?: string): Promise<Map<Token, number>> {
  const context = await model.createContext({ contextSize: 128, threads: 1, ...(lora ? { lora } : {}) });
  try {
    for await (const output of context.getSequence().evaluateWithMetadata(model.tokenize(prompt), { probabilities: true }, { temperature: 0 })) {
      return output.probabilities;
    }
    throw new Error('no token was generated');
  } finally {
    await context.dispose();
  }
}

describe('node-llama-cpp loads and runs generated GGUF models', () => {
  it('a base model generates varied tokens from its vocabulary', async () => {
    const path = await fixtureModel('tiny-base');
    const model = await load(path);
    expect(model.fileInfo.metadata.general.architecture).toBe('llama');
    expect(model.tokens.bos).toBe(1);
    expect(model.tokens.eos).toBe(2);
    // SentencePiece with byte fallback: any text round-trips, including bytes no piece covers.
    for (const text of ['Hello world, the model', '汉字 ✓\n\ttab']) expect(model.detokenize(model.tokenize(text))).toBe(text);

    const tokens = await generate(model, 'the', 24);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((token) => token >= 0 && token < 300)).toBe(true);
    expect(new Set(tokens).size).toBeGreaterThan(3);
  });

  it('a chat model exposes its ChatML template and control tokens and answers a chat turn', async () => {
    const path = await fixtureModel('tiny-chat');
    const model = await load(path);
    const info = inspectGguf(path);
    expect(model.fileInfo.metadata.tokenizer.chat_template).toBe(info.chatTemplate);
    expect(resolveChatWrapper(model)).toBeInstanceOf(ChatMLChatWrapper);

    const imStart = model.tokenize('<|im_start|>', true);
    expect(imStart).toHaveLength(1);
    expect(model.detokenize(imStart, true)).toBe('<|im_start|>');
    expect(model.tokens.eos).toBe(info.specialTokens.eos?.id);
    expect(model.detokenize([model.tokens.eos!], true)).toBe('<|im_end|>');

    const context = await model.createContext({ contextSize: 1024, threads: 1 });
    try {
      const session = new LlamaChatSession({ contextSequence: context.getSequence() });
      expect(session.chatWrapper).toBeInstanceOf(ChatMLChatWrapper);
      let generatedTokens = 0;
      await session.prompt('Hello there', { maxTokens: 12, temperature: 0.8, seed: 3, onToken: (chunk) => (generatedTokens += chunk.length) });
      expect(generatedTokens).toBeGreaterThan(0);
    } finally {
      await context.dispose();
    }
  });

  it('an f16 model with a custom shape loads and runs', async () => {
    const path = await fixtureModel('f16-wide', { type: 'f16', layers: 1, embd: 128, heads: 8, kvHeads: 4, ffn: 192, vocab: 400, ctx: 128, seed: 21 });
    const model = await load(path);
    expect(model.trainContextSize).toBe(128);
    expect(model.fileInsights.totalLayers).toBeGreaterThanOrEqual(1);
    expect((await generate(model, 'hello', 8)).length).toBeGreaterThan(0);
  });

  it('a random LoRA adapter loads and changes the next-token distribution', async () => {
    const basePath = await fixtureModel('tiny-base');
    const adapterPath = await fixtureLoraAdapter('tiny-base', { rank: 4, seed: 5 });
    const model = await load(basePath);
    const without = await nextTokenProbabilities(model, 'Hello world');
    const withAdapter = await nextTokenProbabilities(model, 'Hello world', adapterPath);
    const again = await nextTokenProbabilities(model, 'Hello world');

    const difference = (a: Map<Token, number>, b: Map<Token, number>) =>
      [...new Set([...a.keys(), ...b.keys()])].reduce((sum, token) => sum + Math.abs((a.get(token) ?? 0) - (b.get(token) ?? 0)), 0);
    expect(difference(without, again)).toBeLessThan(1e-4); // the base is deterministic…
    expect(difference(without, withAdapter)).toBeGreaterThan(0.05); // …so this change is the adapter's
  });

  it('our reader agrees with node-llama-cpp’s GGUF parser', async () => {
    const path = await fixtureModel('tiny-chat');
    const theirs = await readGgufFileInfo(path, { readTensorInfo: true });
    const ours = readGguf(path);
    expect(ours.version).toBe(theirs.version);
    expect(ours.tensors.map((tensor) => [tensor.name, tensor.dims])).toEqual(theirs.fullTensorInfo?.map((tensor) => [tensor.name, tensor.dimensions.map(Number)]));
    const tokens = ours.metadata.get('tokenizer.ggml.tokens');
    expect(tokens?.type === 'array' ? tokens.value : null).toEqual(theirs.metadata.tokenizer.ggml.tokens);
    expect(ours.metadata.get('llama.attention.head_count_kv')?.value).toBe(theirs.metadata.llama?.attention.head_count_kv);
  });
});
