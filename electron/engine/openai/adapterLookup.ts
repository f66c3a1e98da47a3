import { resolve } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';

/** An adapter a model id may name after a `+`. */
export interface ApiAdapter {
  readonly id: string | null;
  readonly name: string;
  readonly path: string;
  /** The base model file it was trained on, when known; it is listed (and only usable) with that model. */
  readonly baseModelPath: string | null;
}

/** Where adapter names come from. Both the training library and adapters registered at start-up implement it. */
export type AdapterLookup = () => Promise<ApiAdapter[]>;

export type MethodCaller = (method: string, input: unknown) => Promise<unknown>;

/**
 * The training area's adapter library (`training.adapters`), read through the engine's own method so this area
 * needs no knowledge of its tables. An engine without that handler yet simply contributes no adapters.
 */
export function libraryAdapterLookup(call: MethodCaller): AdapterLookup {
  return async () => {
    let entries: unknown;
    try {
      entries = await call('training.adapters', {});
    } catch (error) {
      if (WorkbenchError.from(error).code === 'unsupported') return [];
      throw error;
    }
    if (!Array.isArray(entries)) return [];
    return entries.flatMap((entry: { id?: unknown; name?: unknown; path?: unknown; baseModelPath?: unknown; exists?: unknown }) =>
      typeof entry.name === 'string' && typeof entry.path === 'string' && entry.exists !== false
        ? [
            {
              id: typeof entry.id === 'string' ? entry.id : null,
              name: entry.name,
              path: entry.path,
              baseModelPath: typeof entry.baseModelPath === 'string' && entry.baseModelPath !== '' ? resolve(entry.baseModelPath) : null,
            },
          ]
        : [],
    );
  };
}

export interface RegisteredAdapter {
  readonly name: string;
  readonly path: string;
  readonly baseModelPath?: string | null;
}

/** Adapter files named by whoever starts the server (`serve --adapter name=path`, tests). */
export function registeredAdapterLookup(adapters: readonly RegisteredAdapter[]): AdapterLookup {
  const fixed = adapters.map((adapter) => ({
    id: null,
    name: adapter.name,
    path: resolve(adapter.path),
    baseModelPath: adapter.baseModelPath ? resolve(adapter.baseModelPath) : null,
  }));
  return () => Promise.resolve(fixed);
}

/** Earlier lookups win when two know the same name. */
export function combineAdapterLookups(...lookups: AdapterLookup[]): AdapterLookup {
  return async () => {
    const all = (await Promise.all(lookups.map((lookup) => lookup()))).flat();
    const seen = new Set<string>();
    return all.filter((adapter) => {
      const key = adapter.name.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
}
