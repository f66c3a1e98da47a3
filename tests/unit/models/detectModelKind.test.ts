import { describe, expect, it } from 'vitest';
import { detectModelKind } from '../../../electron/engine/models/detectModelKind.ts';

describe('base or chat', () => {
  it('trusts the name over the template, because base GGUFs often ship a chat template', () => {
    expect(detectModelKind({ fileName: 'qwen2.5-0.5b-q8_0.gguf', names: ['Qwen2.5 0.5B', null], hasChatTemplate: true }).kind).toBe('chat');
    expect(detectModelKind({ fileName: 'Qwen2.5-0.5B-Base-Q8_0.gguf', names: [], hasChatTemplate: true })).toEqual({
      kind: 'base',
      hints: ['name-base:base', 'chat-template'],
    });
    expect(detectModelKind({ fileName: 'model.gguf', names: ['Qwen2.5 0.5B', 'Instruct'], hasChatTemplate: true })).toEqual({
      kind: 'chat',
      hints: ['name-chat:instruct', 'chat-template'],
    });
    expect(detectModelKind({ fileName: 'gemma-2-2b-it.gguf', names: [], hasChatTemplate: false }).kind).toBe('chat');
  });

  it('falls back to the template, and a word inside another word does not count', () => {
    expect(detectModelKind({ fileName: 'tiny.gguf', names: [], hasChatTemplate: false })).toEqual({ kind: 'base', hints: ['no-chat-template'] });
    expect(detectModelKind({ fileName: 'tiny.gguf', names: ['tiny'], hasChatTemplate: true }).kind).toBe('chat');
    expect(detectModelKind({ fileName: 'italian-poet.gguf', names: ['basement'], hasChatTemplate: false }).hints).toEqual(['no-chat-template']);
  });
});
