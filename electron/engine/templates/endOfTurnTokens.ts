/**
 * Spellings that close an assistant turn in common chat formats. The model has to learn to produce them, or a
 * fine-tuned model never stops, so they are trained together with the assistant's content.
 */
export const commonEndOfTurnTokens: readonly string[] = [
  '<|im_end|>', // ChatML (Qwen, Yi, many fine-tunes)
  '<|eot_id|>', // Llama 3
  '<|end|>', // Phi-3, gpt-oss
  '<|return|>', // gpt-oss final message
  '<end_of_turn>', // Gemma
  '<|endoftext|>',
  '<|end_of_text|>',
  '<｜end▁of▁sentence｜>', // DeepSeek
  '<|END_OF_TURN_TOKEN|>', // Command R
  '</s>', // Llama 2, Mistral
];

/** The model's own tokens first, then the common ones; longest first so `<|end|>` never cuts `<|endoftext|>`. */
export function endOfTurnCandidates(extra: readonly (string | null | undefined)[]): string[] {
  const unique = new Set<string>();
  for (const token of [...extra, ...commonEndOfTurnTokens]) if (token) unique.add(token);
  return [...unique].sort((a, b) => b.length - a.length);
}
