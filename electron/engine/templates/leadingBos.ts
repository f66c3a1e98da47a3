/**
 * Whether a token sequence starts with BOS, decided one way for inference, training and the tokenizer lab. llama.cpp
 * puts BOS in front of a prompt when the GGUF asks for it (`tokenizer.ggml.add_bos_token`) unless the text already
 * produced it (a chat template writing `{{ bos_token }}`: Llama 3, Mistral, Gemma). Many templates write none
 * (ChatML, our nano world models), so a renderer that only tokenizes the template's text would train a model
 * without the BOS it is later prompted with.
 */
import type { TrainingRender } from './trainingRender.ts';

/** The part of a tokenizer the rule reads: llama.cpp's tokenize with BOS asked for, and the BOS id. */
export interface BosVocabulary {
  tokenize(text: string, options: { addBos: boolean }): ArrayLike<number>;
  readonly bosToken: number | null;
}

/**
 * The BOS id this vocabulary puts in front of a text, or null when it adds none: tokenizing '' with BOS asked for
 * gives exactly the model's own add_bos_token decision (llama.cpp adds BOS to an empty text too).
 */
export function leadingBosOf(vocabulary: BosVocabulary): number | null {
  const bos = vocabulary.bosToken;
  if (bos === null) return null;
  return vocabulary.tokenize('', { addBos: true })[0] === bos ? bos : null;
}

/** The same decision for a node-llama-cpp model (inference host, tokenizer lab): its add_bos_token flag as read there. */
export function leadingBosOfModel(model: { readonly tokens: { readonly bos: number | null; readonly shouldPrependBosToken: boolean } }): number | null {
  return model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
}

/** True when `tokens` need `bos` in front: the model wants one and the text did not already start with it. */
export function needsBos(tokens: ArrayLike<number>, bos: number | null): bos is number {
  return bos !== null && tokens[0] !== bos;
}

/** `tokens` with BOS in front when the rule asks for it (never twice). */
export function withLeadingBos(tokens: readonly number[], bos: number | null): number[] {
  return needsBos(tokens, bos) ? [bos, ...tokens] : [...tokens];
}

/**
 * A training render with BOS in front when the rule asks for it: the BOS is never trained (weight 0) and covers no
 * text (an empty segment at 0), so every later segment's token range moves by one.
 */
export function trainingRenderWithBos(render: TrainingRender, bos: number | null): TrainingRender {
  if (!needsBos(render.tokens, bos)) return render;
  return {
    ...render,
    tokens: [bos, ...render.tokens],
    mask: [0, ...render.mask],
    segments: [
      { start: 0, end: 0, weight: 0, messageIndex: null, tokenStart: 0, tokenEnd: 1 },
      ...render.segments.map((segment) => ({ ...segment, tokenStart: segment.tokenStart + 1, tokenEnd: segment.tokenEnd + 1 })),
    ],
  };
}
