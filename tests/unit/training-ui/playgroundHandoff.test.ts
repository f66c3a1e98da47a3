import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearPlaygroundHandoff, openInPlayground, peekPlaygroundHandoff } from '../../../renderer/src/pages/playground/playgroundHandoff.ts';

/** A Map-backed sessionStorage and a bare location: the unit project runs without a DOM. */
function fakeBrowser() {
  const store = new Map<string, string>();
  vi.stubGlobal('sessionStorage', {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => void store.set(key, value),
    removeItem: (key: string) => void store.delete(key),
  });
  vi.stubGlobal('window', { location: { hash: '#/training' } });
  return store;
}

describe('opening the playground from another page', () => {
  let store: Map<string, string>;
  beforeEach(() => {
    store = fakeBrowser();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('leaves the model and adapter for the playground and switches to it', () => {
    openInPlayground({ modelId: 'm1', adapters: [{ adapter: '/runs/a.gguf', scale: 1 }] });
    expect((window as unknown as { location: { hash: string } }).location.hash).toBe('/playground');
    expect(peekPlaygroundHandoff()).toEqual({ modelId: 'm1', adapters: [{ adapter: '/runs/a.gguf', scale: 1 }] });
    // Reading twice (React's double render) gives the same setup until it is cleared.
    expect(peekPlaygroundHandoff()).not.toBeNull();
    clearPlaygroundHandoff();
    expect(peekPlaygroundHandoff()).toBeNull();
  });

  it('ignores a damaged or foreign value instead of breaking the playground', () => {
    store.set('workbench.playground.handoff', '{not json');
    expect(peekPlaygroundHandoff()).toBeNull();
    store.set('workbench.playground.handoff', JSON.stringify({ modelId: 3, adapters: [] }));
    expect(peekPlaygroundHandoff()).toBeNull();
    store.set('workbench.playground.handoff', JSON.stringify({ modelId: null, adapters: [{ adapter: '', scale: 1 }] }));
    expect(peekPlaygroundHandoff()).toBeNull();
  });
});
