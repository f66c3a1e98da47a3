import { get_encoding, type Tiktoken } from 'tiktoken';
import type { TiktokenEncodingName } from '../../shared/contract/tokenizer.ts';
import { tiktokenCatalog } from './tiktokenCatalog.ts';

/**
 * tiktoken encoders live in WASM memory that the garbage collector never sees, and building one takes
 * 0.1–0.3 s. We keep each one while it is in use and free it after a quiet minute (or on dispose).
 */
const idleFreeMs = 60_000;

interface CachedEncoder {
  readonly encoder: Tiktoken;
  timer: NodeJS.Timeout | null;
}

const cache = new Map<TiktokenEncodingName, CachedEncoder>();

export function withTiktoken<T>(name: TiktokenEncodingName, use: (encoder: Tiktoken) => T): T {
  let cached = cache.get(name);
  if (!cached) {
    cached = { encoder: get_encoding(name, { ...tiktokenCatalog[name].extension?.tokens }), timer: null };
    cache.set(name, cached);
  }
  if (cached.timer) clearTimeout(cached.timer);
  try {
    return use(cached.encoder);
  } finally {
    const entry = cached;
    entry.timer = setTimeout(() => freeTiktoken(name), idleFreeMs);
    entry.timer.unref();
  }
}

export function freeTiktoken(name: TiktokenEncodingName): void {
  const cached = cache.get(name);
  if (!cached) return;
  if (cached.timer) clearTimeout(cached.timer);
  cache.delete(name);
  cached.encoder.free();
}

export function freeAllTiktoken(): void {
  for (const name of [...cache.keys()]) freeTiktoken(name);
}

export const loadedTiktokenEncodings = (): TiktokenEncodingName[] => [...cache.keys()];
