import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { inspectGguf } from '../../../electron/engine/gguf/inspectGguf.ts';
import { ggufInspectionSchema } from '../../../electron/engine/gguf/ggufInspection.ts';
import { makeRandomLlamaModel } from '../../../electron/engine/gguf/makeRandomLlamaModel.ts';
import { resolveLlamaModelShape, type LlamaModelShapeInput } from '../../../electron/engine/gguf/llamaModelShape.ts';
import { chatmlTemplate } from '../../../electron/engine/gguf/chatmlTemplate.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

const home = createTempHome('gguf-model');
afterAll(() => home.cleanup());

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Parameters of a llama model computed from its shape by hand, independent of the generator's tensor plan. */
function expectedParameters(shape: { layers: number; embd: number; heads: number; kvHeads: number; ffn: number; vocab: number }): number {
  const kvDim = (shape.embd / shape.heads) * shape.kvHeads;
  const perLayer = 2 * shape.embd + 2 * shape.embd * shape.embd + 2 * shape.embd * kvDim + 3 * shape.embd * shape.ffn;
  return 2 * shape.vocab * shape.embd + shape.embd + shape.layers * perLayer;
}

describe('makeRandomLlamaModel', () => {
  it('is deterministic per seed', async () => {
    const paths = ['a', 'b', 'c'].map((name) => join(home.path, `${name}.gguf`));
    await makeRandomLlamaModel(paths[0]!, { seed: 11 });
    await makeRandomLlamaModel(paths[1]!, { seed: 11 });
    await makeRandomLlamaModel(paths[2]!, { seed: 12 });
    expect(sha256(paths[0]!)).toBe(sha256(paths[1]!));
    expect(sha256(paths[2]!)).not.toBe(sha256(paths[0]!));
  });

  it.each<[string, LlamaModelShapeInput]>([
    ['defaults', {}],
    ['f16 chat', { type: 'f16', chatTemplate: 'chatml', seed: 5 }],
    ['custom shape', { layers: 3, embd: 96, heads: 6, kvHeads: 3, ffn: 160, vocab: 700, ctx: 512, seed: 9 }],
    ['no grouped-query attention', { heads: 2, kvHeads: 2, embd: 32, ffn: 64, layers: 1 }],
  ])('inspect round-trips the shape and parameter count (%s)', async (label, input) => {
    const path = join(home.path, `${label.replace(/\W/g, '_')}.gguf`);
    const generated = await makeRandomLlamaModel(path, input);
    const shape = resolveLlamaModelShape(input);
    const info = ggufInspectionSchema.parse(inspectGguf(path));

    expect(info).toMatchObject({
      architecture: 'llama',
      kind: 'model',
      layers: shape.layers,
      embd: shape.embd,
      heads: shape.heads,
      kvHeads: shape.kvHeads,
      ffn: shape.ffn,
      vocabSize: shape.vocab,
      contextLength: shape.ctx,
      tokenizerModel: 'llama',
      fileType: shape.type === 'f16' ? 'F16' : 'F32',
      sizeBytes: generated.sizeBytes,
      tensorCount: 3 + 9 * shape.layers,
      parameterCount: expectedParameters(shape),
    });
    expect(generated.parameterCount).toBe(info.parameterCount);
    expect(info.hasChatTemplate).toBe(shape.chatTemplate !== undefined);
    expect(info.specialTokens.bos).toEqual({ id: 1, text: '<s>' });
    expect(info.specialTokens.unk).toEqual({ id: 0, text: '<unk>' });
    if (shape.chatTemplate) {
      expect(info.chatTemplate).toBe(chatmlTemplate);
      expect(info.specialTokens.eos?.text).toBe('<|im_end|>');
      expect(info.tensorTypes).toEqual({ F32: 2 * shape.layers + 1, F16: 7 * shape.layers + 2 });
    } else {
      expect(info.chatTemplate).toBeUndefined();
      expect(info.specialTokens.eos).toEqual({ id: 2, text: '</s>' });
    }
  });

  it('draws matrices with the planned spread and norms at one', async () => {
    const path = join(home.path, 'stats.gguf');
    await makeRandomLlamaModel(path, { embd: 64, ffn: 256, seed: 4 });
    const file = readGguf(path);
    const bytes = readFileSync(path);
    const values = (name: string) => {
      const tensor = file.tensors.find((candidate) => candidate.name === name)!;
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset + tensor.fileOffset, bytes.byteOffset + tensor.fileOffset + tensor.byteSize));
    };
    const std = (data: Float32Array) => Math.sqrt(data.reduce((sum, value) => sum + value * value, 0) / data.length);
    expect(std(values('blk.0.ffn_down.weight'))).toBeCloseTo(1 / Math.sqrt(256), 2);
    expect(std(values('blk.1.attn_q.weight'))).toBeCloseTo(1 / Math.sqrt(64), 2);
    expect([...values('blk.0.attn_norm.weight')].every((value) => value === 1)).toBe(true);
    expect(values('blk.0.attn_q.weight')).not.toEqual(values('blk.1.attn_q.weight'));
  });

  it('rejects impossible shapes naming the field', async () => {
    const cases: [LlamaModelShapeInput, string, RegExp][] = [
      [{ embd: 64, heads: 5 }, 'embd', /not divisible by heads/],
      [{ embd: 60, heads: 4, kvHeads: 2 }, 'heads', /must be even/],
      [{ heads: 4, kvHeads: 3 }, 'kvHeads', /must divide heads/],
      [{ vocab: 100 }, 'vocab', /at least 259/],
      [{ vocab: 260, chatTemplate: 'chatml' }, 'vocab', /at least 261/],
      [{ layers: 0 }, 'layers', /./],
      [{ type: 'q4' as 'f32' }, 'type', /./],
      [{ seed: -1 }, 'seed', /./],
    ];
    for (const [input, field, message] of cases) {
      await expect(makeRandomLlamaModel(join(home.path, 'never.gguf'), input)).rejects.toMatchObject({
        code: 'bad_input',
        details: { field },
        message: expect.stringMatching(message),
      });
    }
  });
});
