import { describe, expect, it } from 'vitest';
import { combineAdapterLookups, libraryAdapterLookup, registeredAdapterLookup } from '../../../electron/engine/openai/adapterLookup.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';

describe('adapter lookups', () => {
  it('reads the training library through training.adapters, skipping missing files', async () => {
    const calls: unknown[] = [];
    const lookup = libraryAdapterLookup(async (method, input) => {
      calls.push([method, input]);
      return [
        { id: 'a1', name: 'my-sft', path: '/lib/my-sft.gguf', baseModelPath: '/models/base.gguf', exists: true },
        { id: 'a2', name: 'gone', path: '/lib/gone.gguf', baseModelPath: '/models/base.gguf', exists: false },
      ];
    });
    expect(await lookup()).toEqual([{ id: 'a1', name: 'my-sft', path: '/lib/my-sft.gguf', baseModelPath: '/models/base.gguf' }]);
    expect(calls).toEqual([['training.adapters', {}]]);
  });

  it('an engine without training.adapters contributes nothing; other failures surface', async () => {
    const missing = libraryAdapterLookup(() => Promise.reject(new WorkbenchError('unsupported', 'Method "training.adapters" is not available')));
    expect(await missing()).toEqual([]);
    const broken = libraryAdapterLookup(() => Promise.reject(new WorkbenchError('internal', 'db locked')));
    await expect(broken()).rejects.toThrow('db locked');
  });

  it('combines lookups with the earlier one winning on a shared name (any case)', async () => {
    const library = registeredAdapterLookup([{ name: 'Style', path: '/lib/style.gguf' }]);
    const registered = registeredAdapterLookup([
      { name: 'style', path: '/cli/style.gguf' },
      { name: 'extra', path: '/cli/extra.gguf', baseModelPath: '/models/base.gguf' },
    ]);
    const combined = await combineAdapterLookups(library, registered)();
    expect(combined.map((adapter) => adapter.path)).toEqual(['/lib/style.gguf', '/cli/extra.gguf']);
  });
});
