import type { Tiktoken } from 'tiktoken';
import type { EncodeResult, SpecialTokenMode, TiktokenEncodingName, TokenView } from '../../shared/contract/tokenizer.ts';
import { specialTokensOf, tiktokenCatalog } from './tiktokenCatalog.ts';
import { withTiktoken } from './tiktokenEncoders.ts';
import { bytesToHex, completeUtf8Text } from './tokenBytes.ts';
import { computeTokenStats } from './tokenStats.ts';
import { assertNoSpecialSpellings, findSpecialSpellings } from './specialSpellings.ts';

export function tiktokenIds(encoder: Tiktoken, text: string, mode: SpecialTokenMode, spellings: readonly string[]): Uint32Array {
  if (mode === 'allow') return encoder.encode(text, 'all');
  if (mode === 'refuse') assertNoSpecialSpellings(text, spellings);
  return encoder.encode_ordinary(text);
}

interface CachedToken {
  readonly view: TokenView;
  readonly bytes: Uint8Array;
}

/** A token's bytes never change within an encoding, and real text repeats tokens constantly. */
const tokenCache = new Map<TiktokenEncodingName, Map<number, CachedToken>>();

export function tiktokenTokenViews(
  name: TiktokenEncodingName,
  encoder: Tiktoken,
  ids: ArrayLike<number>,
  specialIds: ReadonlySet<number>,
): { views: TokenView[]; bytes: Uint8Array[] } {
  let cache = tokenCache.get(name);
  if (!cache) {
    cache = new Map();
    tokenCache.set(name, cache);
  }
  const views: TokenView[] = new Array<TokenView>(ids.length);
  const bytes: Uint8Array[] = new Array<Uint8Array>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    let cached = cache.get(id);
    if (!cached) {
      const piece = encoder.decode_single_token_bytes(id);
      cached = { view: { id, bytes: bytesToHex(piece), text: completeUtf8Text(piece), special: specialIds.has(id) }, bytes: piece };
      cache.set(id, cached);
    }
    views[i] = cached.view;
    bytes[i] = cached.bytes;
  }
  return { views, bytes };
}

export function encodeWithTiktoken(name: TiktokenEncodingName, text: string, mode: SpecialTokenMode): EncodeResult {
  const specials = specialTokensOf(name);
  const spellings = specials.map((token) => token.text);
  const specialIds = new Set(specials.map((token) => token.id));
  return withTiktoken(name, (encoder) => {
    const ids = tiktokenIds(encoder, text, mode, spellings);
    const { views, bytes } = tiktokenTokenViews(name, encoder, ids, specialIds);
    return {
      tokenizer: { kind: 'tiktoken', name, modelPath: null, algorithm: 'tiktoken', vocabSize: tiktokenCatalog[name].vocabSize },
      count: views.length,
      tokens: views,
      stats: computeTokenStats(text, bytes),
      specialTextFound: mode === 'text' ? findSpecialSpellings(text, spellings) : [],
    };
  });
}
