import { readFileSync } from 'node:fs';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import type { TrainingSequence, TrainingSession } from '../../training/native/nativeTrainerApi.ts';
import type { BpeTokenizer } from '../tokenizer/bpeTokenizer.ts';
import type { QaItem } from '../world/worldTypes.ts';

/**
 * The world's questions as ChatML SFT data for a pretrained base, and exact-match scoring of the answers. The
 * answer is the ground truth plus a full stop ("Paris." / "巴黎。"), so an exact match means the fact and nothing
 * invented after it.
 */
export function answerText(item: QaItem): string {
  if (item.answer === null) throw new WorkbenchError('bad_input', `Question about ${item.personId} has no answer (a nonexistent person)`, { field: 'answer' });
  return `${item.answer}${item.language === 'zh' ? '。' : '.'}`;
}

/** Whether a reply (up to <|im_end|>) is exactly the ground truth; surrounding whitespace is not part of a reply. */
export function isExactAnswer(reply: string, item: QaItem): boolean {
  return item.answer !== null && reply.trim() === answerText(item);
}

/**
 * What the SFT helpers need of a tokenizer: our trained BPE (tests, bench) or the trainer session's llama.cpp
 * vocabulary (the app, which only has the GGUF), both parsing special-token spellings when asked.
 */
export interface ChatEncoder {
  encode(text: string, options: { special?: boolean; addBos?: boolean }): ArrayLike<number>;
}

/** The trainer session's own tokenizer as a ChatEncoder: exactly what llama.cpp does at inference. */
export const sessionEncoder = (session: TrainingSession): ChatEncoder => ({ encode: (text, options) => session.tokenize(text, options) });

/** The ChatML text in front of an answer; inference must send exactly this (plus BOS) to ask what SFT taught. */
export function chatPromptText(question: string): string {
  return `<|im_start|>user\n${question}<|im_end|>\n<|im_start|>assistant\n`;
}

export function chatPrompt(tokenizer: ChatEncoder, question: string): Int32Array {
  return Int32Array.from(tokenizer.encode(chatPromptText(question), { special: true, addBos: true }));
}

/** Prompt + reply + <|im_end|>, with the loss on the reply and <|im_end|> only. */
export function chatSequence(tokenizer: ChatEncoder, question: string, reply: string): TrainingSequence {
  const prompt = chatPrompt(tokenizer, question);
  const answer = Int32Array.from(tokenizer.encode(`${reply}<|im_end|>`, { special: true }));
  const tokens = new Int32Array(prompt.length + answer.length);
  tokens.set(prompt);
  tokens.set(answer, prompt.length);
  return { tokens, trainMask: new Uint8Array(tokens.length).fill(1, prompt.length) };
}

/** A question with its exact answer as one SFT sequence. */
export function qaSequence(tokenizer: ChatEncoder, item: QaItem): TrainingSequence {
  return chatSequence(tokenizer, item.question, answerText(item));
}

/** Share of questions whose greedy answer (up to <|im_end|>) is exactly the ground truth. */
export async function exactAnswerRate(session: TrainingSession, tokenizer: BpeTokenizer, items: readonly QaItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const imEnd = tokenizer.specialIds.get('<|im_end|>');
  let right = 0;
  for (const item of items) {
    const answer = await session.generate(chatPrompt(tokenizer, item.question), { maxTokens: 16, ...(imEnd === undefined ? {} : { stopTokens: [imEnd] }) });
    if (isExactAnswer(tokenizer.decode(answer, { special: false }), item)) right++;
  }
  return right / items.length;
}

export function readQaItems(path: string): QaItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as QaItem);
}
