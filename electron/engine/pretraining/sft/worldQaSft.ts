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

export function chatPrompt(tokenizer: BpeTokenizer, question: string): Int32Array {
  return Int32Array.from(tokenizer.encode(`<|im_start|>user\n${question}<|im_end|>\n<|im_start|>assistant\n`, { special: true, addBos: true }));
}

/** Prompt + answer + <|im_end|>, with the loss on the answer and <|im_end|> only. */
export function qaSequence(tokenizer: BpeTokenizer, item: QaItem): TrainingSequence {
  const prompt = chatPrompt(tokenizer, item.question);
  const answer = tokenizer.encode(`${answerText(item)}<|im_end|>`, { special: true });
  return { tokens: Int32Array.from([...prompt, ...answer]), trainMask: new Uint8Array(prompt.length + answer.length).fill(1, prompt.length) };
}

/** Share of questions whose greedy answer (up to <|im_end|>) is exactly the ground truth. */
export async function exactAnswerRate(session: TrainingSession, tokenizer: BpeTokenizer, items: readonly QaItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const imEnd = tokenizer.specialIds.get('<|im_end|>');
  let right = 0;
  for (const item of items) {
    const answer = await session.generate(chatPrompt(tokenizer, item.question), { maxTokens: 16, ...(imEnd === undefined ? {} : { stopTokens: [imEnd] }) });
    if (tokenizer.decode(answer, { special: false }) === answerText(item)) right++;
  }
  return right / items.length;
}

export function readQaItems(path: string): QaItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as QaItem);
}
