import type { LlamaModel, Token } from 'node-llama-cpp';

const bytePiece = /^<0x[0-9A-F]{2}>$/;

/**
 * A token's text as it reads in place: tokenizers drop a word-start space from a token decoded on its own, so the
 * token before it is passed as context. Special tokens are spelled out (<|im_end|>). A byte-fallback token that
 * is only part of a character shows as its vocabulary piece (<0xE9>) instead of a replacement character.
 */
export function tokenText(model: LlamaModel, id: number, previous: number | undefined): string {
  const text = model.detokenize([id as Token], true, previous === undefined ? undefined : [previous as Token]);
  if (!text.includes('\uFFFD')) return text;
  const piece: unknown = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.[id];
  return typeof piece === 'string' && bytePiece.test(piece) ? piece : text;
}
