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

export function createSessionStore<T>(initial: T): SessionStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(update) {
      const next = typeof update === 'function' ? (update as (current: T) => T)(value) : update;
      if (Object.is(next, value)) return;
      value = next;
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
