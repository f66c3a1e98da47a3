import { describe, expect, it } from 'vitest';
import { modelChoiceLabel } from '../../../renderer/src/app/modelChoiceLabel.ts';

describe('model choice labels', () => {
  const q8 = { id: 'a', name: 'Qwen2.5 0.5B Instruct', kind: 'chat' as const, fileName: 'qwen2.5-0.5b-instruct-q8_0.gguf' };
  const f16 = { id: 'b', name: 'Qwen2.5 0.5B Instruct (2)', kind: 'chat' as const, fileName: 'qwen2.5-0.5b-instruct-f16.gguf' };
  const base = { id: 'c', name: 'Qwen2.5 0.5B', kind: 'base' as const, fileName: 'qwen2.5-0.5b-q8_0.gguf' };

  it('names the file when two models read the same', () => {
    const library = [q8, f16, base];
    expect(modelChoiceLabel(q8, library)).toBe('Qwen2.5 0.5B Instruct (chat) · qwen2.5-0.5b-instruct-q8_0.gguf');
    expect(modelChoiceLabel(f16, library)).toBe('Qwen2.5 0.5B Instruct (2) (chat) · qwen2.5-0.5b-instruct-f16.gguf');
  });

  it('keeps a unique name short', () => {
    expect(modelChoiceLabel(base, [q8, f16, base])).toBe('Qwen2.5 0.5B (base)');
  });
});
