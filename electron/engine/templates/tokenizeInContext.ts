/** How much preceding text is enough context: a special token or a line is far shorter. */
export const contextChars = 64;

/**
 * Tokenizes `text` as it would come out of tokenizing it together with the text before it. SentencePiece
 * tokenizers put a leading "▁" on every text they start (and after special tokens), so tokenizing a segment
 * alone would invent a space the whole rendering never had. We tokenize context + text and drop the context's
 * tokens; when a token merges across the boundary, no exact split exists and the text is tokenized alone.
 */
export function tokenizeInContext(tokenize: (text: string) => readonly number[], text: string, preceding: string): number[] {
  if (text === '') return [];
  const context = preceding.slice(-contextChars);
  if (context === '') return [...tokenize(text)];
  const contextIds = tokenize(context);
  const joined = tokenize(context + text);
  const isPrefix = contextIds.length <= joined.length && contextIds.every((id, index) => joined[index] === id);
  return isPrefix ? joined.slice(contextIds.length) : [...tokenize(text)];
}
