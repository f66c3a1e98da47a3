import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { refusalPhrases } from '../../../electron/engine/hallucination/behaviourPhrases.ts';
import { findPhrases } from '../../../electron/engine/hallucination/phraseMatching.ts';
import { normalizeForMatching } from '../../../electron/engine/hallucination/textNormalization.ts';
import { answerText, readQaItems } from '../../../electron/engine/pretraining/sft/worldQaSft.ts';
import type { FactKind, PersonGroup, QaItem } from '../../../electron/engine/pretraining/world/worldTypes.ts';
import type { SuiteItemInput } from '../../../electron/shared/contract/hallucination.ts';
import type { WorldModels } from './worldModelFixture.ts';

/**
 * The world fixture's ground truth turned into what the compare, hallucination and DPO tests need: questions by
 * group, exact-answer checks, a hallucination-lab suite and "I don't know" preference rows. facts.json says who is
 * known / heldOut / nonexistent; qa.jsonl has the questions exactly as the chat model was SFT'd on them.
 */

const bilingual = z.object({ en: z.string().min(1), zh: z.string().min(1) });
const factsFileSchema = z.object({
  seed: z.number().int(),
  people: z.array(
    z.object({
      id: z.string().min(1),
      name: bilingual,
      group: z.enum(['known', 'heldOut', 'nonexistent']),
      birthCity: bilingual,
      university: bilingual,
      major: bilingual,
      employer: bilingual,
      hobby: bilingual,
    }),
  ),
});

export interface WorldTruth {
  readonly groups: ReadonlyMap<string, PersonGroup>;
  readonly qa: readonly QaItem[];
  /** Every value a non-date fact takes in the world (nonexistent people included), per fact and language. */
  readonly values: ReadonlyMap<string, ReadonlySet<string>>;
}

const valueKey = (fact: FactKind, language: 'en' | 'zh') => `${fact}/${language}`;

export function readWorldTruth(models: WorldModels): WorldTruth {
  const facts = factsFileSchema.parse(JSON.parse(readFileSync(models.factsPath, 'utf8')));
  const groups = new Map(facts.people.map((person) => [person.id, person.group]));
  const values = new Map<string, Set<string>>();
  for (const person of facts.people) {
    for (const fact of ['birthCity', 'university', 'major', 'employer', 'hobby'] as const) {
      for (const language of ['en', 'zh'] as const) {
        const key = valueKey(fact, language);
        if (!values.has(key)) values.set(key, new Set());
        values.get(key)!.add(person[fact][language]);
      }
    }
  }
  const qa = readQaItems(models.qaPath);
  // qa.jsonl and facts.json come from one generated world; a mismatch means the fixture is stale or broken.
  for (const item of qa) {
    if (groups.get(item.personId) !== item.group) throw new Error(`qa.jsonl says ${item.personId} is ${item.group}, facts.json says ${groups.get(item.personId)}`);
    if ((item.answer === null) !== (item.group === 'nonexistent')) throw new Error(`qa.jsonl: ${item.personId} ${item.fact} has the wrong kind of answer`);
  }
  return { groups, qa, values };
}

export function questionsOf(truth: WorldTruth, group: PersonGroup, language?: 'en' | 'zh'): QaItem[] {
  return truth.qa.filter((item) => item.group === group && (language === undefined || item.language === language));
}

/** The reply is the ground truth and nothing else ("Vienna." / "维也纳。"), as the chat model was trained to say it. */
export function isExactAnswer(item: QaItem, reply: string): boolean {
  return item.answer !== null && reply.trim() === answerText(item);
}

/** The reply declines in words the hallucination lab recognises ("I don't know", "我不知道" ...). */
export function isRefusal(reply: string): boolean {
  return findPhrases(normalizeForMatching(reply), refusalPhrases).length > 0;
}

const datePatterns = { en: /^[A-Z][a-z]+ \d{1,2}, \d{4}$/u, zh: /^\d{4}年\d{1,2}月\d{1,2}日$/u };

/**
 * A confident in-world answer: a date in the trained spelling for birth dates, otherwise a value this fact takes
 * for someone in the world. What a model that learnt "always answer" says about a person it never saw.
 */
export function isConfidentWorldAnswer(truth: WorldTruth, item: QaItem, reply: string): boolean {
  const value = reply.trim().replace(/[.。]$/u, '');
  if (item.fact === 'birthDate') return datePatterns[item.language].test(value);
  return truth.values.get(valueKey(item.fact, item.language))?.has(value) ?? false;
}

export const refusalText = { en: "I don't know.", zh: '我不知道。' } as const;

/** A suite item id that says where it came from: known-p0003-birthCity-en. */
export const suiteItemId = (item: QaItem): string => `${item.group}-${item.personId}-${item.fact}-${item.language}`;

/**
 * One suite line per question: a real person's question expects the exact fact (and lists the other values of
 * that fact as known wrong answers, so naming someone else's city is graded incorrect even if it also names the
 * right one); a nonexistent person's question expects a refusal.
 */
export function worldSuiteItems(truth: WorldTruth, items: readonly QaItem[]): SuiteItemInput[] {
  return items.map((item): SuiteItemInput => {
    const base = { id: suiteItemId(item), lang: item.language, prompt: item.question };
    if (item.answer === null) return { ...base, category: 'nonexistent_entity', expected: 'refuse', response: refusalText[item.language] };
    const others = item.fact === 'birthDate' ? [] : [...(truth.values.get(valueKey(item.fact, item.language)) ?? [])].filter((value) => value !== item.answer);
    return { ...base, category: `world_${item.group.toLowerCase()}`, expected: 'answer', references: [{ answer: item.answer }], incorrect: others, response: answerText(item) };
  });
}

export const suiteJsonl = (items: readonly SuiteItemInput[]): string => items.map((item) => JSON.stringify(item)).join('\n');

/** TRL conversational preference rows, the shape datasets.import reads as a preference set. */
export function preferenceJsonl(rows: readonly { prompt: string; chosen: string; rejected: string }[]): string {
  return rows
    .map((row) =>
      JSON.stringify({ prompt: [{ role: 'user', content: row.prompt }], chosen: [{ role: 'assistant', content: row.chosen }], rejected: [{ role: 'assistant', content: row.rejected }] }),
    )
    .join('\n');
}

export const share = (flags: readonly boolean[]): number => (flags.length === 0 ? 0 : flags.filter(Boolean).length / flags.length);
export const percent = (value: number): string => `${(100 * value).toFixed(1)}%`;
