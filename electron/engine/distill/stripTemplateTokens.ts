/**
 * Chat-template tokens a teacher may write as plain text: a GGUF whose end-of-generation token is not the one its
 * template ends a turn with (or a fine-tune that learned another family's markers) keeps talking past its answer,
 * "Paris.<|im_end|>\n<|im_start|>user…". Trained as written, the student would learn to say them.
 */
export const templateMarkers: readonly string[] = [
  '<|im_end|>',
  '<|eot_id|>',
  '<|im_start|>',
  '<|end_of_text|>',
  '<|endoftext|>',
  '<|start_header_id|>',
  '<|eom_id|>',
  '<|end|>',
  '<|user|>',
  '<|assistant|>',
  '<|system|>',
  '<end_of_turn>',
  '<start_of_turn>',
  '[INST]',
  '<｜end▁of▁sentence｜>',
];

/** A turn header the teacher may repeat before its answer (ChatML, Llama 3, Gemma, Phi). */
const leadingHeader = /^\s*(?:<\|im_start\|>assistant\n?|<\|start_header_id\|>assistant<\|end_header_id\|>\s*|<start_of_turn>model\n?|<\|assistant\|>\n?)/;

export interface StrippedAnswer {
  readonly text: string;
  /** True when a header or marker was removed. */
  readonly stripped: boolean;
}

/** Llama 2's and Mistral's end of sequence; only at the end, since `</s>` inside an answer may be HTML's strikethrough. */
const trailingEndOfSequence = /(?:\s*<\/s>)+\s*$/;

/** The answer up to the first template marker, without a repeated assistant header or a trailing `</s>`, trimmed. */
export function stripTemplateTokens(answer: string): StrippedAnswer {
  const header = leadingHeader.exec(answer);
  const body = header ? answer.slice(header[0].length) : answer;
  let cut = body.length;
  for (const marker of templateMarkers) {
    const at = body.indexOf(marker);
    if (at !== -1 && at < cut) cut = at;
  }
  const kept = body.slice(0, cut);
  const text = kept.replace(trailingEndOfSequence, '').trim();
  return { text, stripped: header !== null || cut < body.length || text !== kept.trim() };
}
