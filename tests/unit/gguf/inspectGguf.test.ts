import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { inspectGguf } from '../../../electron/engine/gguf/inspectGguf.ts';
import { ggufInspectionSchema } from '../../../electron/engine/gguf/ggufInspection.ts';
import { writeGguf } from '../../../electron/engine/gguf/ggufWriter.ts';
import { gguf } from '../../../electron/engine/gguf/ggufValues.ts';
import { makeRandomLoraAdapter } from '../../../electron/engine/gguf/makeRandomLoraAdapter.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

const home = createTempHome('gguf-inspect');
afterAll(() => home.cleanup());

describe('inspectGguf', () => {
  it('summarises a file of another architecture, guessing the file type from its tensors', async () => {
    const path = join(home.path, 'qwen-like.gguf');
    const longText = 'x'.repeat(1000);
    await writeGguf(path, {
      metadata: new Map([
        ['general.architecture', gguf.string('qwen2')],
        ['general.name', gguf.string('Tiny Qwen')],
        ['qwen2.context_length', gguf.uint32(32_768)],
        ['qwen2.block_count', gguf.uint32(1)],
        ['qwen2.attention.head_count', gguf.uint32(4)],
        // Per-layer values are reported by their maximum; a missing count falls back to llama.cpp's default.
        ['qwen2.feed_forward_length', gguf.numbers('uint32', [64, 96])],
        ['tokenizer.ggml.model', gguf.string('gpt2')],
        ['tokenizer.ggml.tokens', gguf.strings(['a', 'b', '<|endoftext|>'])],
        ['tokenizer.ggml.eos_token_id', gguf.uint32(2)],
        ['tokenizer.ggml.padding_token_id', gguf.uint32(7)],
        ['tokenizer.ggml.seperator_token_id', gguf.uint32(0)],
        ['big.number', gguf.uint64(1n << 60n)],
        ['long.text', gguf.string(longText)],
        ['eps', gguf.float32(1e-6)],
      ]),
      tensors: [
        { name: 'token_embd.weight', type: 'F16', dims: [8, 3], values: new Float32Array(24) },
        { name: 'blk.0.attn_q.weight', type: 'F16', dims: [8, 8], values: new Float32Array(64) },
        { name: 'output_norm.weight', type: 'F32', dims: [8], values: new Float32Array(8) },
      ],
    });
    const info = ggufInspectionSchema.parse(inspectGguf(path));
    expect(info).toMatchObject({
      architecture: 'qwen2',
      name: 'Tiny Qwen',
      kind: 'model',
      fileType: 'F16',
      contextLength: 32_768,
      layers: 1,
      heads: 4,
      kvHeads: 4,
      ffn: 96,
      embd: null,
      vocabSize: 3,
      tokenizerModel: 'gpt2',
      hasChatTemplate: false,
      parameterCount: 24 + 64 + 8,
      tensorCount: 3,
      tensorTypes: { F16: 2, F32: 1 },
    });
    expect(info.specialTokens).toEqual({ eos: { id: 2, text: '<|endoftext|>' }, pad: { id: 7, text: null }, sep: { id: 0, text: 'a' } });
    expect(info.metadata['tokenizer.ggml.tokens']).toEqual({ omitted: 'array', itemType: 'string', length: 3 });
    expect(info.metadata['long.text']).toEqual({ omitted: 'string', length: 1000 });
    expect(info.metadata['big.number']).toBe((1n << 60n).toString());
    expect(info.metadata.eps).toBe(1e-6);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });

  it('recognises a LoRA adapter', async () => {
    const path = join(home.path, 'adapter.gguf');
    const adapter = await makeRandomLoraAdapter(path, { layers: 2 }, { rank: 2, targets: ['attn_q', 'attn_v'] });
    const info = inspectGguf(path);
    expect(info).toMatchObject({ kind: 'adapter', architecture: 'llama', tensorCount: adapter.tensorCount, layers: null, fileType: 'F32' });
    expect(adapter.tensorCount).toBe(2 * 2 * 2);
    expect(info.metadata['adapter.type']).toBe('lora');
    expect(info.metadata['adapter.lora.alpha']).toBe(4);
  });
});
