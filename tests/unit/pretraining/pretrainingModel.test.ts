import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { metadataNumber, metadataString, readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { estimatePretraining, parameterCount, pretrainingPresetNames, pretrainingPresets } from '../../../electron/engine/pretraining/model/pretrainingPresets.ts';
import { writeInitialModel } from '../../../electron/engine/pretraining/model/writeInitialModel.ts';
import { packWindows, WindowSampler } from '../../../electron/engine/pretraining/run/packWindows.ts';
import { BpeTokenizer } from '../../../electron/engine/pretraining/tokenizer/bpeTokenizer.ts';
import { trainBpe } from '../../../electron/engine/pretraining/tokenizer/trainBpe.ts';

const dir = mkdtempSync(join(tmpdir(), 'pretraining-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tokenizer = new BpeTokenizer(trainBpe('the cat sat on the mat. '.repeat(50) + '猫坐在垫子上。'.repeat(20), { vocabSize: 300 }).spec);

describe('pretraining presets', () => {
  it('are about 0.2M, 1M, 10M and 30M parameters at their suggested vocabularies', () => {
    const sizes = pretrainingPresetNames.map((name) => parameterCount(pretrainingPresets[name].shape, pretrainingPresets[name].suggestedVocab));
    expect(sizes[0]).toBeGreaterThan(1.5e5);
    expect(sizes[0]).toBeLessThan(3e5);
    expect(sizes[1]).toBeGreaterThan(0.8e6);
    expect(sizes[1]).toBeLessThan(1.3e6);
    expect(sizes[2]).toBeGreaterThan(8e6);
    expect(sizes[2]).toBeLessThan(12e6);
    expect(sizes[3]).toBeGreaterThan(25e6);
    expect(sizes[3]).toBeLessThan(35e6);
  });

  it('estimate time and memory that grow with size and shrink with threads', () => {
    const tiny = pretrainingPresets.tiny;
    const one = estimatePretraining(tiny.shape, 1024, 100, 4, 1);
    const two = estimatePretraining(tiny.shape, 1024, 100, 4, 2);
    expect(two.seconds).toBeCloseTo(one.seconds / 2);
    expect(one.memoryBytes).toBeGreaterThan(16 * one.parameters);
    const medium = estimatePretraining(pretrainingPresets.medium.shape, 4096, 100, 4, 1);
    expect(medium.seconds).toBeGreaterThan(one.seconds * 10);
  });
});

describe('writeInitialModel', () => {
  it('writes an all-F32 llama with the trained tokenizer, the gpt-2 pre-tokenizer and the ChatML template', async () => {
    const path = join(dir, 'init.gguf');
    const shape = pretrainingPresets.nano.shape;
    const model = await writeInitialModel(path, shape, tokenizer, 1, 'test');
    const file = readGguf(path);
    expect(metadataString(file.metadata, 'tokenizer.ggml.model')).toBe('gpt2');
    expect(metadataString(file.metadata, 'tokenizer.ggml.pre')).toBe('gpt-2');
    expect(metadataString(file.metadata, 'tokenizer.chat_template')).toContain('<|im_start|>');
    expect(metadataNumber(file.metadata, 'tokenizer.ggml.bos_token_id')).toBe(tokenizer.bosId);
    const tokens = file.metadata.get('tokenizer.ggml.tokens');
    expect(tokens?.type === 'array' ? tokens.value.length : 0).toBe(tokenizer.vocabSize);
    const merges = file.metadata.get('tokenizer.ggml.merges');
    expect(merges?.type === 'array' ? merges.value : []).toEqual(tokenizer.spec.merges);
    expect(file.tensors.every((tensor) => tensor.type === 'F32')).toBe(true);
    const elements = file.tensors.reduce((sum, tensor) => sum + tensor.dims.reduce((a, b) => a * b, 1), 0);
    expect(elements).toBe(model.parameters);
    expect(model.parameters).toBe(parameterCount(shape, tokenizer.vocabSize));
  });
});

describe('packWindows', () => {
  it('wraps documents in bos/eos, concatenates them and cuts equal windows', () => {
    const documents = ['the cat sat on the mat.', '猫坐在垫子上。', 'the mat.'];
    const packed = packWindows(documents, tokenizer, 4);
    const stream = documents.flatMap((document) => [tokenizer.bosId, ...tokenizer.encode(document), tokenizer.eosId]);
    expect(packed.tokens).toBe(stream.length);
    expect(packed.windows.every((window) => window.length === 4)).toBe(true);
    expect(packed.windows.flatMap((window) => [...window])).toEqual(stream.slice(0, packed.windows.length * 4));
    expect(packed.droppedTokens).toBe(stream.length % 4);
    expect(() => packWindows(['x'], tokenizer, 64)).toThrow(/fewer than one window/);
  });

  it('samples every window once per epoch, in a seeded order', () => {
    const sampler = new WindowSampler(10, 1);
    const epoch = sampler.take(10);
    expect([...epoch].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new WindowSampler(10, 1).take(10)).toEqual(epoch);
    expect(sampler.take(10)).not.toEqual(epoch);
  });
});
