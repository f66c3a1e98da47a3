import type { SpecialToken, TiktokenEncodingName } from '../../shared/contract/tokenizer.ts';

interface EncodingEntry {
  readonly usedBy: string;
  /** Ids below this are ordinary tokens; tiktoken's published n_vocab including its own special tokens. */
  readonly vocabSize: number;
  readonly specialTokens: Readonly<Record<string, number>>;
  /** Chat-format tokens OpenAI's models use but the published encoding leaves out. */
  readonly extension: { readonly label: string; readonly tokens: Readonly<Record<string, number>> } | null;
}

/**
 * The encodings and their special tokens as tiktoken publishes them (registry.json in the tiktoken package).
 * cl100k_base gets the ChatML tokens GPT-3.5/GPT-4 chat used, added the way OpenAI's cookbook extends an
 * encoding; o200k_base gets the harmony tokens of gpt-oss (tiktoken's o200k_harmony). Both are labelled as
 * extensions wherever they are shown.
 */
export const tiktokenCatalog: Readonly<Record<TiktokenEncodingName, EncodingEntry>> = {
  cl100k_base: {
    usedBy: 'GPT-4, GPT-3.5-turbo, text-embedding-3',
    vocabSize: 100277,
    specialTokens: {
      '<|endoftext|>': 100257,
      '<|fim_prefix|>': 100258,
      '<|fim_middle|>': 100259,
      '<|fim_suffix|>': 100260,
      '<|endofprompt|>': 100276,
    },
    extension: {
      label: 'ChatML (GPT-3.5/GPT-4 chat format, as in the OpenAI cookbook)',
      tokens: { '<|im_start|>': 100264, '<|im_end|>': 100265, '<|im_sep|>': 100266 },
    },
  },
  o200k_base: {
    usedBy: 'GPT-4o, GPT-4.1, o1/o3/o4, GPT-5',
    vocabSize: 200019,
    specialTokens: { '<|endoftext|>': 199999, '<|endofprompt|>': 200018 },
    extension: {
      label: 'harmony chat format (gpt-oss, tiktoken o200k_harmony)',
      tokens: {
        '<|startoftext|>': 199998,
        '<|return|>': 200002,
        '<|constrain|>': 200003,
        '<|channel|>': 200005,
        '<|start|>': 200006,
        '<|end|>': 200007,
        '<|message|>': 200008,
        '<|call|>': 200012,
      },
    },
  },
  p50k_base: {
    usedBy: 'Codex, text-davinci-002/003',
    vocabSize: 50281,
    specialTokens: { '<|endoftext|>': 50256 },
    extension: null,
  },
  r50k_base: {
    usedBy: 'GPT-2, GPT-3 (davinci); also called gpt2',
    vocabSize: 50257,
    specialTokens: { '<|endoftext|>': 50256 },
    extension: null,
  },
};

export function specialTokensOf(name: TiktokenEncodingName): SpecialToken[] {
  const entry = tiktokenCatalog[name];
  const published = Object.entries(entry.specialTokens).map(([text, id]) => ({ text, id, extension: null }));
  const extended = Object.entries(entry.extension?.tokens ?? {}).map(([text, id]) => ({ text, id, extension: entry.extension?.label ?? null }));
  return [...published, ...extended].sort((a, b) => a.id - b.id);
}
