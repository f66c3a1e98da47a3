import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { modelFamily, pickBaseChatPair } from '../../../renderer/src/pages/compare/pickBaseChatPair.ts';

const model = (name: string, kind: 'base' | 'chat', fields: Partial<ModelEntry> = {}): ModelEntry =>
  ({ id: name, name, fileName: `${name}.gguf`, kind, exists: true, architecture: 'llama', parameterCount: 1000, ...fields }) as ModelEntry;

describe('base vs chat in one click', () => {
  it('reads the family from the name without tune words or quantization', () => {
    expect(modelFamily({ name: 'Qwen2.5-0.5B-Instruct', fileName: 'qwen2.5-0.5b-instruct-q4_k_m.gguf' })).toBe(modelFamily({ name: 'Qwen2.5-0.5B', fileName: 'qwen2.5-0.5b-q8_0.gguf' }));
    expect(modelFamily({ name: 'gemma-2-2b-it', fileName: 'gemma-2-2b-it-Q4_K_M.gguf' })).toBe(modelFamily({ name: 'gemma-2-2b', fileName: 'gemma-2-2b.gguf' }));
    expect(modelFamily({ name: 'Llama-3.2-1B', fileName: 'a.gguf' })).not.toBe(modelFamily({ name: 'Qwen2.5-0.5B', fileName: 'a.gguf' }));
  });

  it('pairs a base with the chat model of its own family', () => {
    const library = [
      model('Llama-3.2-1B', 'base'),
      model('Qwen2.5-0.5B', 'base', { architecture: 'qwen2' }),
      model('Llama-3.2-1B-Instruct', 'chat'),
      model('Qwen2.5-0.5B-Instruct', 'chat', { architecture: 'qwen2' }),
    ];
    const pair = pickBaseChatPair(library)!;
    expect([pair.base.name, pair.chat.name]).toEqual(['Llama-3.2-1B', 'Llama-3.2-1B-Instruct']);
    const qwen = pickBaseChatPair(library.filter((entry) => entry.name.startsWith('Qwen') || entry.name === 'Llama-3.2-1B-Instruct'))!;
    expect(qwen.chat.name).toBe('Qwen2.5-0.5B-Instruct');
  });

  it('falls back to any base and chat model, and needs both kinds and existing files', () => {
    expect(pickBaseChatPair([model('alpha', 'base'), model('omega-chat', 'chat', { architecture: 'gpt2' })])).not.toBeNull();
    expect(pickBaseChatPair([model('alpha', 'base'), model('beta', 'base')])).toBeNull();
    expect(pickBaseChatPair([model('alpha', 'base'), model('gone', 'chat', { exists: false })])).toBeNull();
  });
});
