import { z } from 'zod';
import { method } from './define.ts';
import { prepareWorldInputSchema, preparedWorldSchema } from './pretraining.ts';

/**
 * World + tokenizer as a job (kind 'prepare-world'), so the page can show BPE learning live: "the moment a
 * frequent word becomes one token". Same inputs and result as `pretraining.prepareWorld`; the job.progress
 * `data` items are `worldJobProgressSchema`: one 'world' item once the corpus is written, then 'merges' batches
 * that together hold every merge, in rank order. The job.finished result is a `PreparedWorld`.
 */

export const prepareWorldJobInputSchema = prepareWorldInputSchema
  .extend({
    /** Slow motion for watching: at most this many merges a second (default: as fast as the machine goes). */
    mergesPerSecond: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type PrepareWorldJobInput = z.input<typeof prepareWorldJobInputSchema>;

export const learnedMergeSchema = z.object({
  /** 0-based merge rank (the order BPE learned it). */
  rank: z.number().int(),
  /** The two tokens joined and the new token, as UTF-8 text (a cut multi-byte character shows as U+FFFD). */
  left: z.string(),
  right: z.string(),
  token: z.string(),
  /** How often the pair occurred in the corpus when it was merged. */
  count: z.number().int(),
  /** True when some word of the corpus (with its leading space) became this single token with this merge. */
  wholeWord: z.boolean(),
});
export type LearnedMerge = z.infer<typeof learnedMergeSchema>;

export const worldJobProgressSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('world'), people: z.number().int(), documents: z.number().int(), corpusBytes: z.number().int() }),
  z.object({
    type: z.literal('merges'),
    merges: z.array(learnedMergeSchema),
    /** Tokenizer vocabulary after the last merge of the batch (bytes + merges + special tokens). */
    vocabSize: z.number().int(),
    /** The vocabulary size asked for; training may stop below it when no pair repeats any more. */
    target: z.number().int(),
  }),
]);
export type WorldJobProgress = z.infer<typeof worldJobProgressSchema>;

export const tokenizeAtMergeInputSchema = z
  .object({
    tokenizerPath: z.string().min(1),
    text: z.string().max(4000),
    /** Use only the first `merges` merges of the tokenizer (0 = bytes only). */
    merges: z.number().int().min(0),
  })
  .strict();

export const tokenizeAtMergeResultSchema = z.object({
  /** Each token's text (UTF-8; a cut character shows as U+FFFD) and id in the full tokenizer's numbering. */
  tokens: z.array(z.object({ id: z.number().int(), text: z.string() })),
  /** Merges actually used (the request capped at the tokenizer's merge count). */
  mergesUsed: z.number().int(),
});
export type TokenizeAtMergeResult = z.infer<typeof tokenizeAtMergeResultSchema>;

export const pretrainingWorldJobMethods = {
  /** Starts world generation + tokenizer training as a job of kind 'prepare-world'; its result is a PreparedWorld. */
  'pretraining.prepareWorldJob': method(prepareWorldJobInputSchema, z.object({ jobId: z.string() })),
  /** Tokenizes text with a trained tokenizer cut to its first K merges: how the vocabulary read text at merge K. */
  'pretraining.tokenizeAtMerge': method(tokenizeAtMergeInputSchema, tokenizeAtMergeResultSchema),
} as const;

/** The job's result, for callers that read job.finished. */
export const prepareWorldJobResultSchema = preparedWorldSchema;
