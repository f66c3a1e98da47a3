import type { EvalItem } from '../../../shared/contract/evals.ts';
import { canonicalNumber, choiceIndex, finalNumber } from './answerParsing.ts';
import { taskFileError } from './taskFileError.ts';

/** An item and the line it starts on (for errors found after parsing: a repeated id). */
export interface PlacedItem {
  readonly item: EvalItem;
  readonly line: number;
}

/** Where an item is: its line, and (JSON files) the line of each of its fields. */
export interface ItemPlace {
  readonly file: string;
  readonly line: number;
  readonly lineOf?: (path: readonly (string | number)[]) => number;
}

/**
 * One item as JSON task files write it, into an EvalItem. With `choices` it is multiple choice (`answer`: index
 * or letter); without, a generation item whose `answer` is a number or a GSM8K solution ending in "#### 42".
 * `question` may also be spelled `query` or `input`; `answer` may be `label` or `gold`.
 */
export function rawItemToEvalItem(raw: unknown, where: ItemPlace, fallbackId: string): EvalItem {
  const spot = (field: string, path: (string | number)[] = [field]) => ({ file: where.file, line: where.lineOf?.(path) ?? where.line, field });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw taskFileError(spot('item'), 'expected an object like {"question": …, "choices": […], "answer": …}');
  const record = raw as Record<string, unknown>;
  const questionKey = ['question', 'query', 'input'].find((key) => key in record) ?? 'question';
  const question = record[questionKey];
  if (typeof question !== 'string' || question.trim() === '') throw taskFileError(spot(questionKey), 'missing or empty (a non-empty string)');
  const id = record.id === undefined ? fallbackId : record.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw taskFileError(spot('id'), `expected a string or number, got ${JSON.stringify(id)}`);
  const answerKey = ['answer', 'label', 'gold'].find((key) => key in record) ?? 'answer';
  const answer = record[answerKey];
  if (answer === undefined || answer === null) throw taskFileError(spot(answerKey), 'missing');
  if ('choices' in record) {
    const choices = record.choices;
    if (!Array.isArray(choices) || choices.length < 2) throw taskFileError(spot('choices'), 'expected an array of at least two strings');
    choices.forEach((choice, index) => {
      if (typeof choice !== 'string' || choice.trim() === '') throw taskFileError(spot(`choices[${index}]`, ['choices', index]), `expected a non-empty string, got ${JSON.stringify(choice)}`);
    });
    if (choices.length > 26) throw taskFileError(spot('choices'), `at most 26 choices, got ${choices.length}`);
    const parsed = choiceIndex(answer, choices.length);
    if ('problem' in parsed) throw taskFileError(spot(answerKey), parsed.problem);
    return { id: String(id), kind: 'choice', question, choices: choices as string[], answer: parsed.index };
  }
  if (typeof answer !== 'string' && typeof answer !== 'number') throw taskFileError(spot(answerKey), `expected a number or a solution ending in "#### <number>", got ${JSON.stringify(answer)}`);
  const text = String(answer);
  const number = text.includes('####') ? finalNumber(text) : canonicalNumber(text);
  if (number === null) throw taskFileError(spot(answerKey), `no final number in ${JSON.stringify(text.slice(0, 80))} (write 42 or "… #### 42"; an item with choices needs "choices")`);
  const solution = record.solution ?? (text.includes('####') ? text : null);
  if (solution !== null && typeof solution !== 'string') throw taskFileError(spot('solution'), 'expected a string');
  return { id: String(id), kind: 'number', question, answer: number, solution };
}
