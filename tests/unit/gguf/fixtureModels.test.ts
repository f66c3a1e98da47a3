import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { inspectGguf } from '../../../electron/engine/gguf/inspectGguf.ts';
import { fixtureCacheRoot, fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';

describe('fixtureModel', () => {
  it('writes a preset once and hands back the cached path', async () => {
    const first = await fixtureModel('tiny-chat');
    const modified = statSync(first).mtimeMs;
    const second = await fixtureModel('tiny-chat');
    expect(second).toBe(first);
    expect(statSync(second).mtimeMs).toBe(modified);
    expect(first.startsWith(fixtureCacheRoot)).toBe(true);
    expect(inspectGguf(first)).toMatchObject({ hasChatTemplate: true, vocabSize: 300, layers: 2 });
  });

  it('keys the cache by shape, and lets a preset be overridden', async () => {
    const base = await fixtureModel('tiny-base');
    const deeper = await fixtureModel('tiny-base', { layers: 3 });
    expect(deeper).not.toBe(base);
    expect(inspectGguf(deeper)).toMatchObject({ layers: 3, hasChatTemplate: false });
    await expect(fixtureModel('no-such-preset')).rejects.toThrow(/not a preset/);
  });

  it('makes adapters for a preset base', async () => {
    const adapter = await fixtureLoraAdapter('tiny-base', { rank: 2 });
    expect(inspectGguf(adapter)).toMatchObject({ kind: 'adapter', architecture: 'llama' });
  });
});
