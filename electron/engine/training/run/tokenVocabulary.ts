import type { TokenizeOptions, TrainingSession } from '../native/nativeTrainerApi.ts';

/**
 * The part of a tokenizer that rendering training rows needs. The trainer's session and a vocabulary-only
 * node-llama-cpp model (inference host) both provide it from the same llama.cpp tokenizer code (the addon is built
 * from the llama.cpp node-llama-cpp bundles), so rows can be counted before a run without loading the weights.
 */
export interface TokenVocabulary {
  tokenize(text: string, options?: TokenizeOptions): Int32Array;
  detokenize(tokens: Int32Array, options?: { special?: boolean }): string;
  readonly bosToken: number | null;
  readonly eosToken: number | null;
}

export function sessionVocabulary(session: TrainingSession): TokenVocabulary {
  return {
    tokenize: (text, options) => session.tokenize(text, options),
    detokenize: (tokens, options) => session.detokenize(tokens, options),
    bosToken: session.info.bosToken,
    eosToken: session.info.eosToken,
  };
}
