import { useCallback, useSyncExternalStore } from 'react';

export type StoreUpdate<T> = T | ((current: T) => T);

/**
 * A value that lives as long as the window, not as long as a page's components: leaving a page unmounts them,
 * and what the user set up (a model, a conversation, a running job's output) must be there on the way back.
 * Module-level, like chatStageStore; components read it with useSessionState.
 */
export interface SessionStore<T> {
  get(): T;
  set(update: StoreUpdate<T>): void;
  subscribe(listener: () => void): () => void;
}

export interface SessionStoreOptions {
  /**
   * Also keep the value in the window's sessionStorage under this key, so a reload (Ctrl+R, or the window coming
   * back after a renderer crash) finds what the user set up. Only for small JSON values: a setup, a draft, a
   * conversation — not streamed outputs. A stored value from another app version is read field by field against
   * the initial value (see restoreLike), so a renamed or retyped field falls back to its default.
   */
  readonly persistAs?: string;
}

export function createSessionStore<T>(initial: T, options: SessionStoreOptions = {}): SessionStore<T> {
  const storageKey = options.persistAs === undefined ? null : `workbench-session:${options.persistAs}`;
  let value = storageKey === null ? initial : readStored(storageKey, initial);
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(update) {
      const next = typeof update === 'function' ? (update as (current: T) => T)(value) : update;
      if (Object.is(next, value)) return;
      value = next;
      if (storageKey !== null) writeStored(storageKey, next);
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** useState, but the value is the store's: it outlives the component and every reader sees the same value. */
export function useSessionState<T>(store: SessionStore<T>): [T, (update: StoreUpdate<T>) => void] {
  const value = useSyncExternalStore(store.subscribe, store.get);
  const set = useCallback((update: StoreUpdate<T>) => store.set(update), [store]);
  return [value, set];
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // A sandboxed page may refuse storage access: the store then lives in memory only.
  }
}

function readStored<T>(key: string, initial: T): T {
  const raw = storage()?.getItem(key);
  if (raw === null || raw === undefined) return initial;
  try {
    return restoreLike(initial, JSON.parse(raw) as unknown);
  } catch {
    return initial;
  }
}

function writeStored(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Over the storage quota: the value still lives in memory; only a reload would lose it.
  }
}

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';
const kindOf = (value: unknown): Kind => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'object' || type === 'string' || type === 'number' || type === 'boolean' ? type : 'other';
};

/**
 * A stored value, trusted only as far as it looks like the initial one: the same kind at the top, and for an
 * object each of the initial's fields taken from storage when it has the same kind there (or the initial field is
 * null, meaning "none chosen yet"). Fields the initial value does not have are dropped.
 */
export function restoreLike<T>(initial: T, stored: unknown): T {
  const initialKind = kindOf(initial);
  if (initialKind !== 'object') return kindOf(stored) === initialKind ? (stored as T) : initial;
  if (kindOf(stored) !== 'object') return initial;
  const from = stored as Record<string, unknown>;
  const result: Record<string, unknown> = { ...(initial as Record<string, unknown>) };
  for (const [field, fallback] of Object.entries(initial as Record<string, unknown>)) {
    if (!(field in from)) continue;
    const kind = kindOf(from[field]);
    if (kind === kindOf(fallback) || (fallback === null && kind !== 'other')) result[field] = from[field];
  }
  return result as T;
}
