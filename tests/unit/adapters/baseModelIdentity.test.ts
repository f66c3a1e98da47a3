import { describe, expect, it } from 'vitest';
import { asHuggingFaceId, baseModelIdFor, baseModelMetadata } from '../../../electron/engine/adapters/interop/baseModelIdentity.ts';
import { gguf, type GgufValue } from '../../../electron/engine/gguf/ggufValues.ts';

const metadata = (entries: Record<string, string>) => new Map<string, GgufValue>(Object.entries(entries).map(([key, value]) => [key, gguf.string(value)]));

describe('which Hugging Face model an adapter belongs to', () => {
  it('tells repository ids and URLs from a training machine’s paths', () => {
    expect(asHuggingFaceId('Qwen/Qwen2.5-0.5B-Instruct')).toBe('Qwen/Qwen2.5-0.5B-Instruct');
    expect(asHuggingFaceId('https://huggingface.co/meta-llama/Llama-3.2-1B')).toBe('meta-llama/Llama-3.2-1B');
    expect(asHuggingFaceId('/home/me/models/llama')).toBeNull();
    expect(asHuggingFaceId('./checkpoints/base')).toBeNull();
    expect(asHuggingFaceId('C:\\models\\llama')).toBeNull();
    expect(asHuggingFaceId('llama')).toBeNull();
  });

  it('records an id in the general.base_model keys llama.cpp writes, and a path only under workbench.*', () => {
    expect(Object.fromEntries(baseModelMetadata('Qwen/Qwen2.5-0.5B'))).toEqual({
      'general.base_model.count': gguf.uint32(1),
      'general.base_model.0.name': gguf.string('Qwen2.5-0.5B'),
      'general.base_model.0.organization': gguf.string('Qwen'),
      'general.base_model.0.repo_url': gguf.string('https://huggingface.co/Qwen/Qwen2.5-0.5B'),
    });
    expect(Object.fromEntries(baseModelMetadata('/data/run7/base'))).toEqual({ 'workbench.import.declared_base': gguf.string('/data/run7/base') });
  });

  it('trusts the option, then the adapter’s record, then the base’s source URL, then its naming keys', () => {
    const recorded = new Map<string, GgufValue>([
      ['general.base_model.count', gguf.uint32(1)],
      ['general.base_model.0.repo_url', gguf.string('https://huggingface.co/org/recorded')],
    ]);
    const base = metadata({ 'general.source.repo_url': 'https://huggingface.co/org/source', 'general.organization': 'Org', 'general.basename': 'Named' });
    const named = metadata({ 'general.organization': 'Qwen', 'general.basename': 'Qwen2.5', 'general.size_label': '0.5B', 'general.finetune': 'Instruct' });
    expect(baseModelIdFor(recorded, base, 'org/explicit')).toEqual({ id: 'org/explicit', source: 'option' });
    expect(baseModelIdFor(recorded, base, undefined)).toEqual({ id: 'org/recorded', source: 'adapter general.base_model' });
    expect(baseModelIdFor(new Map(), base, undefined)).toEqual({ id: 'org/source', source: 'base model source url' });
    expect(baseModelIdFor(new Map(), named, undefined)).toEqual({ id: 'Qwen/Qwen2.5-0.5B-Instruct', source: 'base model naming' });
    expect(baseModelIdFor(metadata({ 'workbench.base_model.name': 'acme/tiny' }), null, undefined)).toEqual({ id: 'acme/tiny', source: 'adapter workbench.base_model.name' });
    expect(baseModelIdFor(metadata({ 'workbench.base_model.name': 'random llama 2x64' }), null, undefined)).toEqual({ id: null, source: 'none' });
    expect(baseModelIdFor(new Map(), null, undefined)).toEqual({ id: null, source: 'none' });
  });
});
