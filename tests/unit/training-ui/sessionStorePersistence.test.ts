import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionStore, restoreLike } from '../../../renderer/src/app/sessionStore.ts';
import { defaultSettings, type PlaygroundSettings } from '../../../renderer/src/pages/playground/playgroundSettings.ts';

/** A Map-backed sessionStorage: the unit project runs without a DOM. A "reload" is a new store on the same storage. */
function fakeSessionStorage(options: { full?: boolean } = {}) {
  const store = new Map<string, string>();
  vi.stubGlobal('sessionStorage', {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (options.full) throw new DOMException('quota', 'QuotaExceededError');
      store.set(key, value);
    },
    removeItem: (key: string) => void store.delete(key),
  });
  return store;
}

describe('session stores that survive a reload of the window', () => {
  let storage: Map<string, string>;
  beforeEach(() => {
    storage = fakeSessionStorage();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('finds the playground setup and conversation again after a reload', () => {
    const before = createSessionStore<PlaygroundSettings>(defaultSettings, { persistAs: 'playground.settings' });
    before.set((current) => ({ ...current, modelId: 'qwen', mode: 'chat', messages: [{ role: 'user', content: '锄禾日当午' }], maxTokens: 40 }));
    const afterReload = createSessionStore<PlaygroundSettings>(defaultSettings, { persistAs: 'playground.settings' });
    expect(afterReload.get()).toEqual({ ...defaultSettings, modelId: 'qwen', mode: 'chat', messages: [{ role: 'user', content: '锄禾日当午' }], maxTokens: 40 });
    // A store without persistAs starts afresh, as before.
    const plain = createSessionStore('draft');
    plain.set('typed');
    expect(createSessionStore('draft').get()).toBe('draft');
  });

  it('reads a value stored by another app version field by field, and ignores one that is not JSON', () => {
    storage.set('workbench-session:playground.settings', JSON.stringify({ modelId: 'old', maxTokens: 'forty', removedField: 1 }));
    const restored = createSessionStore<PlaygroundSettings>(defaultSettings, { persistAs: 'playground.settings' }).get();
    expect(restored).toEqual({ ...defaultSettings, modelId: 'old' });
    expect('removedField' in restored).toBe(false);
    storage.set('workbench-session:playground.draft', '{not json');
    expect(createSessionStore('', { persistAs: 'playground.draft' }).get()).toBe('');
    expect(restoreLike('', 42)).toBe('');
    expect(restoreLike({ a: [1] }, { a: 'x' })).toEqual({ a: [1] });
  });

  it('keeps working in memory when the storage is full', () => {
    vi.unstubAllGlobals();
    fakeSessionStorage({ full: true });
    const store = createSessionStore('', { persistAs: 'playground.draft' });
    store.set('a long draft');
    expect(store.get()).toBe('a long draft');
  });
});
