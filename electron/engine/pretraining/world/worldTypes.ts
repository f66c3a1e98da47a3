import type { Bilingual } from './worldVocabulary.ts';

export const factKinds = ['birthDate', 'birthCity', 'university', 'major', 'employer', 'hobby'] as const;
export type FactKind = (typeof factKinds)[number];

export interface BirthDate {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
}

/** A fictional person and the ground truth about them. */
export interface Person {
  readonly id: string;
  readonly name: Bilingual;
  readonly birthDate: BirthDate;
  readonly birthCity: Bilingual;
  readonly university: Bilingual;
  readonly major: Bilingual;
  readonly employer: Bilingual;
  readonly hobby: Bilingual;
}

/**
 * known: in the corpus, and their questions go into SFT; heldOut: in the corpus, questions kept for testing
 * whether SFT taught "answer from memory" in general; nonexistent: never in the corpus, for hallucination probes.
 */
export type PersonGroup = 'known' | 'heldOut' | 'nonexistent';

export interface QaItem {
  readonly personId: string;
  readonly group: PersonGroup;
  readonly fact: FactKind;
  readonly language: 'en' | 'zh';
  readonly question: string;
  /** The exact ground truth; null for a nonexistent person (the right answer is "I don't know"). */
  readonly answer: string | null;
}

/** A sentence prefix whose greedy continuation should be the fact (base-model probe). */
export interface CompletionProbe {
  readonly personId: string;
  readonly fact: FactKind;
  readonly language: 'en' | 'zh';
  readonly prompt: string;
  readonly expected: string;
}

export interface World {
  readonly seed: number;
  readonly people: readonly Person[];
  readonly groups: Readonly<Record<string, PersonGroup>>;
  /** Biographies, one document per entry; every person in known/heldOut has several, in both languages. */
  readonly documents: readonly string[];
  readonly qa: readonly QaItem[];
  readonly probes: readonly CompletionProbe[];
}
