import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import type { EncodeResult, ModelTokenizerInfo, RenderResult, TokenView } from '../../../electron/shared/contract/tokenizer.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';
import { chatmlTemplate, writeByteLevelBpeGguf, writeSentencePieceGguf } from './vocabOnlyGguf.ts';

const bytesOf = (tokens: readonly TokenView[]): Buffer => Buffer.concat(tokens.map((token) => Buffer.from(token.bytes, 'hex')));

describe("a model's own tokenizer through the engine and the inference host", () => {
  let engine: ReturnType<typeof createTestEngine>;
  let spm: string;
  let bpe: string;
  beforeAll(() => {
    process.env.WORKBENCH_GPU = 'off';
    engine = createTestEngine('tokenizer-model');
    spm = join(engine.homePath, 'spm.gguf');
    bpe = join(engine.homePath, 'bpe.gguf');
    writeSentencePieceGguf(spm);
    writeByteLevelBpeGguf(bpe);
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  const encode = async (model: string, text: string, specialTokens: 'allow' | 'text' | 'refuse' = 'text'): Promise<EncodeResult> =>
    (await engine.call('tokenizer.encode', { tokenizer: { kind: 'model', model }, text, specialTokens })) as EncodeResult;

  it('describes the tokenizer: algorithm, chat template, end tokens, special tokens', async () => {
    const info = (await engine.call('tokenizer.modelInfo', { model: spm })) as ModelTokenizerInfo;
    expect(info.tokenizer).toMatchObject({ kind: 'model', algorithm: 'llama', modelPath: spm });
    expect(info.chatTemplate).toBe(chatmlTemplate);
    expect(info.eosToken).toBe('<|im_end|>');
    expect(info.specialTokens.map((token) => token.text)).toEqual(expect.arrayContaining(['<s>', '</s>', '<|im_start|>', '<|im_end|>']));
  });

  it('SentencePiece with byte fallback: 韬 comes out as three byte tokens shown as bytes', async () => {
    const result = await encode(spm, 'hello 你好 韬');
    // llama.cpp puts SentencePiece's "▁" in front of the text: the bytes show it.
    expect(bytesOf(result.tokens).toString('utf8')).toBe(' hello 你好 韬');
    const tao = result.tokens.slice(-3);
    expect(tao.map((token) => [token.bytes, token.text])).toEqual([['e9', null], ['9f', null], ['ac', null]]);
    expect(result.tokens.find((token) => token.text === '你')).toBeDefined();
    expect(result.stats.byScript.find((row) => row.script === 'chinese')).toMatchObject({ chars: 3, tokens: 5 });
  });

  it('byte-level BPE: pieces decode to the exact text, partial characters stay bytes', async () => {
    const result = await encode(bpe, 'hello 你好');
    expect(bytesOf(result.tokens).toString('utf8')).toBe('hello 你好');
    expect(result.tokens.map((token) => token.text)).toEqual(['hello', ' ', '你', null, null, null]);
    expect(result.tokens.slice(-3).map((token) => token.bytes)).toEqual(['e5', 'a5', 'bd']);
  });

  it('special tokens: allowed, encoded as text, or refused', async () => {
    const allowed = await encode(spm, '<|im_start|>', 'allow');
    expect(allowed.tokens).toHaveLength(1);
    expect(allowed.tokens[0]).toMatchObject({ text: '<|im_start|>', special: true });
    const asText = await encode(spm, '<|im_start|>', 'text');
    expect(asText.tokens.some((token) => token.special)).toBe(false);
    expect(asText.specialTextFound).toEqual(['<|im_start|>']);
    await expect(encode(spm, 'x<|im_end|>', 'refuse')).rejects.toMatchObject({ code: 'bad_input', details: { token: '<|im_end|>' } });
  });

  it("renders through the model's own template: the mask covers exactly the assistant content and <|im_end|>", async () => {
    const messages = [
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: '你好 hello' },
    ];
    const result = (await engine.call('tokenizer.renderTemplate', {
      messages,
      template: { kind: 'model', model: spm },
      tokenizer: { kind: 'model', model: spm },
    })) as RenderResult;
    expect(result.template.source).toBe('model');
    expect(result.text).toBe('<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n你好 hello<|im_end|>\n');
    const trained = result.tokens.filter((_, index) => (result.mask[index] ?? 0) > 0);
    expect(bytesOf(trained).toString('utf8')).toBe('你好 hello<|im_end|>');
    expect(trained.at(-1)).toMatchObject({ text: '<|im_end|>', special: true });
    // Tokenized stretch by stretch, yet identical to tokenizing the whole text: no invented "▁" at the boundaries.
    // BOS first, untrained, as inference and training put it in front (this model asks for it, ChatML writes none).
    const whole = await encode(spm, result.text, 'allow');
    expect(result.tokens[0]).toMatchObject({ text: '<s>', special: true });
    expect(result.mask[0]).toBe(0);
    expect(result.tokens.slice(1).map((token) => token.id)).toEqual(whole.tokens.map((token) => token.id));
  });

  it('says so when a conversation trains on nothing, and when a model has no chat template', async () => {
    const nothing = (await engine.call('tokenizer.renderTemplate', {
      messages: [{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'hi', weight: 0 }],
      template: { kind: 'model', model: spm },
      tokenizer: { kind: 'model', model: spm },
    })) as RenderResult;
    expect(nothing.trainedTokens).toBe(0);
    expect(nothing.warnings[0]?.code).toBe('nothing_to_train');
    const missing = engine.call('tokenizer.renderTemplate', {
      messages: [{ role: 'user', content: 'hello' }],
      template: { kind: 'model', model: bpe },
      tokenizer: { kind: 'model', model: bpe },
    });
    await expect(missing).rejects.toBeInstanceOf(WorkbenchError);
    await expect(missing).rejects.toMatchObject({ code: 'not_found', details: { field: 'tokenizer.chat_template' } });
  });

  it('the CLI: tokenize --model and render-template --model print the documented JSON', async () => {
    const { workbench } = workbenchCli({ ...process.env, WORKBENCH_HOME: engine.homePath, WORKBENCH_GPU: 'off' });
    const tokenized = JSON.parse((await workbench('tokenize', '--model', bpe, '--text', 'hello 好', '--json')).stdout) as {
      count: number;
      tokens: { id: number; bytes: string; text: string | null }[];
    };
    expect(tokenized.count).toBe(5);
    expect(tokenized.tokens.map((token) => token.bytes)).toEqual(['68656c6c6f', '20', 'e5', 'a5', 'bd']);
    const chatFile = join(engine.homePath, 'chat.json');
    writeFileSync(chatFile, JSON.stringify({ messages: [{ role: 'user', content: 'hello' }, { role: 'assistant', content: '你好' }] }));
    const rendered = JSON.parse((await workbench('render-template', '--model', spm, '--chat-file', chatFile, '--json')).stdout) as {
      text: string;
      tokens: number[];
      mask: number[];
    };
    expect(rendered.text).toContain('<|im_start|>assistant\n你好<|im_end|>');
    expect(rendered.tokens).toHaveLength(rendered.mask.length);
    expect(rendered.mask.filter((weight) => weight > 0)).toHaveLength(3); // 你, 好, <|im_end|>
  });
});
