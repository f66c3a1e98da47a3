import type { z } from 'zod';
import type { WorldGroup, worldLanguageSchema } from '../../shared/contract/worldChat.ts';
import { factValue } from '../pretraining/world/factSentences.ts';
import { factKinds, type CompletionProbe, type QaItem } from '../pretraining/world/worldTypes.ts';
import type { WorldFacts } from './worldFiles.ts';

export type WorldLanguage = z.infer<typeof worldLanguageSchema>;

/** One chat question of the probe, with its ground truth from facts.json (null: the person does not exist). */
export interface ProbeQuestion {
  readonly personId: string;
  readonly group: WorldGroup;
  readonly language: WorldLanguage;
  readonly question: string;
  readonly expected: string | null;
  /** The question as a QaItem with the facts.json answer, for exact matching. */
  readonly item: QaItem;
}

const groups: readonly WorldGroup[] = ['known', 'heldOut', 'nonexistent'];

/**
 * `perGroup` questions per group and language, the same for every model and every run: people in id order, one
 * question each before anyone gets a second, the fact rotating with the person so every kind of fact is asked.
 * The text comes from qa.jsonl (what SFT trained on), the answer from facts.json (the ground truth).
 */
export function chooseProbeQuestions(facts: WorldFacts, qa: readonly QaItem[], perGroup: number, languages: readonly WorldLanguage[]): ProbeQuestion[] {
  const questionOf = new Map(qa.map((item) => [`${item.personId}|${item.fact}|${item.language}`, item]));
  const chosen: ProbeQuestion[] = [];
  for (const group of groups) {
    const people = facts.people.filter((person) => person.group === group).sort((a, b) => a.id.localeCompare(b.id));
    for (const language of languages) {
      let taken = 0;
      for (let round = 0; round < factKinds.length && taken < perGroup; round++) {
        for (const [index, person] of people.entries()) {
          if (taken >= perGroup) break;
          const fact = factKinds[(index + round) % factKinds.length]!;
          const asked = questionOf.get(`${person.id}|${fact}|${language}`);
          if (!asked) continue;
          const expected = group === 'nonexistent' ? null : factValue(person, fact, language);
          chosen.push({ personId: person.id, group, language, question: asked.question, expected, item: { ...asked, group, answer: expected } });
          taken++;
        }
      }
    }
  }
  return chosen;
}

/** Completion probes ("<Name> was born in" → " Vienna") of known people: up to `perLanguage` per language, in person order. */
export function chooseCompletionProbes(facts: WorldFacts, probes: readonly CompletionProbe[], perLanguage: number, languages: readonly WorldLanguage[]): CompletionProbe[] {
  const known = (probe: CompletionProbe) => facts.byId.get(probe.personId)?.group === 'known';
  return languages.flatMap((language) =>
    probes
      .filter((probe) => probe.language === language && known(probe))
      .sort((a, b) => a.personId.localeCompare(b.personId))
      .slice(0, perLanguage),
  );
}
