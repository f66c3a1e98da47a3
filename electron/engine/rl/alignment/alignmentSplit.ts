import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { answerText } from '../../pretraining/sft/worldQaSft.ts';
import { factKinds, type QaItem } from '../../pretraining/world/worldTypes.ts';
import type { GrpoPrompt } from '../grpoPrompts.ts';
import { idkReply } from '../../worldChat/idkRows.ts';

/** One world question the experiment trains on or probes with; `target` is the right reply (the fact or a refusal). */
export interface AlignmentQuestion {
  readonly personId: string;
  readonly group: 'known' | 'nonexistent';
  readonly language: 'en' | 'zh';
  readonly fact: QaItem['fact'];
  readonly question: string;
  /** "Vienna." for a known person, "I don't know." for a nonexistent one. */
  readonly target: string;
  /** The fact ("Vienna."), null for a nonexistent person. */
  readonly expected: string | null;
}

export interface AlignmentSplit {
  readonly train: readonly AlignmentQuestion[];
  readonly probeKnown: readonly AlignmentQuestion[];
  readonly probeNonexistent: readonly AlignmentQuestion[];
  /** The training's nonexistent-people questions (spread and capped like the probe), asked again after training. */
  readonly trainedNonexistent: readonly AlignmentQuestion[];
  readonly people: { trainKnown: number; trainNonexistent: number; probeKnown: number; probeNonexistent: number };
}

const toQuestion = (item: QaItem): AlignmentQuestion => {
  const expected = item.answer === null ? null : answerText(item);
  return {
    personId: item.personId,
    group: item.answer === null ? 'nonexistent' : 'known',
    language: item.language,
    fact: item.fact,
    question: item.question,
    target: expected ?? idkReply[item.language],
    expected,
  };
};

/** Every second person (in id order) first, so both sides span the id range; for 10 nonexistent people 6 / 4. */
function splitPeople(ids: readonly string[], trainShare: number): { train: Set<string>; probe: Set<string> } {
  const sorted = [...ids].sort();
  const trainCount = Math.max(1, Math.min(sorted.length - 1, Math.round(sorted.length * trainShare)));
  const order = [...sorted.filter((_, i) => i % 2 === 0), ...sorted.filter((_, i) => i % 2 === 1)];
  return { train: new Set(order.slice(0, trainCount)), probe: new Set(order.slice(trainCount)) };
}

/** A third of each known person's questions go to the probe, the fact rotating with the person so every kind is probed. */
function isProbedFact(item: QaItem, personIndex: number): boolean {
  return (factKinds.indexOf(item.fact) + personIndex) % 3 === 0;
}

/** Questions spread over people and facts: each person's first question, then each person's second, … */
function spread(items: readonly AlignmentQuestion[], cap: number): AlignmentQuestion[] {
  const byPerson = new Map<string, AlignmentQuestion[]>();
  for (const item of items) byPerson.set(item.personId, [...(byPerson.get(item.personId) ?? []), item]);
  const people = [...byPerson.keys()].sort();
  const out: AlignmentQuestion[] = [];
  // Rotate the starting fact with the person so the first round already covers every kind of fact and language.
  for (let round = 0; out.length < items.length; round++) {
    for (const [index, person] of people.entries()) {
      const own = byPerson.get(person)!;
      if (round < own.length) out.push(own[(round + index * 5) % own.length]!);
    }
  }
  return cap > 0 ? out.slice(0, cap) : out;
}

/**
 * Training prompts and the probe. Nonexistent people are split by person (60 / 40): the probe asks about people the
 * alignment training never named, so refusing them needs the model to tell a name it knows from one it does not.
 * Known people are split by fact: every known person is in training (so "known" is what it learns for them), and a
 * third of their facts, never in the alignment training (they were in the chat model's SFT), are probed: answering
 * them checks the knowledge survives, refusing them is over-refusal.
 */
export function splitWorldForAlignment(qa: readonly QaItem[], probePerGroup: number, file: string): AlignmentSplit {
  const known = qa.filter((item) => item.group === 'known' && item.answer !== null);
  const nonexistent = qa.filter((item) => item.group === 'nonexistent');
  const knownIds = [...new Set(known.map((item) => item.personId))].sort();
  const nonexistentIds = [...new Set(nonexistent.map((item) => item.personId))];
  if (knownIds.length < 1 || nonexistentIds.length < 2) {
    throw new WorkbenchError('bad_input', `${file}: the experiment needs at least 1 known and 2 nonexistent people (it has ${knownIds.length} and ${nonexistentIds.length})`, {
      file,
      field: 'group',
    });
  }
  const nonexistentSplit = splitPeople(nonexistentIds, 0.6);
  const personIndex = new Map(knownIds.map((id, index) => [id, index]));
  const probedKnown = (item: QaItem) => isProbedFact(item, personIndex.get(item.personId)!);
  const trainKnown = known.filter((item) => !probedKnown(item)).map(toQuestion);
  const trainNonexistent = nonexistent.filter((item) => nonexistentSplit.train.has(item.personId)).map(toQuestion);
  return {
    train: [...trainKnown, ...trainNonexistent],
    probeKnown: spread(known.filter(probedKnown).map(toQuestion), probePerGroup),
    trainedNonexistent: spread(trainNonexistent, probePerGroup),
    probeNonexistent: spread(nonexistent.filter((item) => nonexistentSplit.probe.has(item.personId)).map(toQuestion), probePerGroup),
    people: { trainKnown: knownIds.length, trainNonexistent: nonexistentSplit.train.size, probeKnown: knownIds.length, probeNonexistent: nonexistentSplit.probe.size },
  };
}

/** The training prompts as GRPO reads them: the fact as `answer` for known people, `refuse` for nonexistent ones. */
export const grpoPromptOf = (item: AlignmentQuestion): GrpoPrompt =>
  item.expected === null ? { prompt: item.question, refuse: true } : { prompt: item.question, answer: item.expected };
