import type { TokenizeAtMergeResult } from '../../../shared/contract/pretrainingWorldJob.ts';
import { BpeTokenizer } from './bpeTokenizer.ts';
import { loadTokenizer } from './tokenizerFile.ts';

/**
 * The text as the tokenizer would have split it after its first `merges` merges. Merge ids are given in rank
 * order, so a cut tokenizer numbers its tokens like the full one (special tokens aside, which plain text never
 * produces here).
 */
export function tokenizeAtMerge(tokenizerPath: string, text: string, merges: number): TokenizeAtMergeResult {
  const full = loadTokenizer(tokenizerPath);
  const mergesUsed = Math.min(merges, full.spec.merges.length);
  const cut = new BpeTokenizer({ ...full.spec, merges: full.spec.merges.slice(0, mergesUsed) });
  return { tokens: cut.encode(text).map((id) => ({ id, text: cut.tokenText(id) })), mergesUsed };
}
