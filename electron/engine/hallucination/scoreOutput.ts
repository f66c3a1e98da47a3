import type { ScoredOutput, ScoreSignals, SuiteItem, Verdict, VerdictReason } from '../../shared/contract/hallucination.ts';
import { clarifyPhrases, premisePhrases, refusalPhrases } from './behaviourPhrases.ts';
import { contains, findPhrases, phraseSet, type PhraseMatch, type PhraseSet } from './phraseMatching.ts';
import { normalizeForMatching } from './textNormalization.ts';

/**
 * The offline grader: SimpleQA's correct / incorrect / not attempted, decided by matching the reply against the
 * item's reference answers (with aliases) and known wrong answers, plus bilingual phrase lists for declining,
 * correcting a premise and asking for clarification. No judge model, so every verdict can say exactly why.
 */

interface ItemPhrases {
  readonly references: PhraseSet;
  readonly incorrect: PhraseSet;
}

const itemPhraseCache = new WeakMap<SuiteItem, ItemPhrases>();

function phrasesOf(item: SuiteItem): ItemPhrases {
  let cached = itemPhraseCache.get(item);
  if (!cached) {
    cached = {
      references: phraseSet(item.references.flatMap((reference) => [reference.answer, ...reference.aliases])),
      incorrect: phraseSet(item.incorrect),
    };
    itemPhraseCache.set(item, cached);
  }
  return cached;
}

const spanLength = (match: PhraseMatch): number => match.end - match.start;

/** Keeps the matches of `kept` that are not a strictly shorter part of a match in `other` ("是兄弟" in "不是兄弟"). */
const notInside = (kept: PhraseMatch[], other: PhraseMatch[]): PhraseMatch[] =>
  kept.filter((match) => !other.some((outer) => contains(outer, match) && spanLength(outer) > spanLength(match)));

const unique = (matches: PhraseMatch[]): string[] => [...new Set(matches.map((match) => match.phrase))];
const quoted = (phrases: string[]): string => phrases.map((phrase) => `"${phrase}"`).join(', ');

export interface ScoreOptions {
  /** Texts the reply may repeat before answering (the prompt; for a context re-run, the prompt with the passage). */
  readonly echoes?: readonly string[];
}

export function scoreOutput(item: SuiteItem, output: string, options: ScoreOptions = {}): ScoredOutput {
  let text = normalizeForMatching(output);
  let echoRemoved = false;
  for (const echo of options.echoes ?? [item.prompt]) {
    const normalizedEcho = normalizeForMatching(echo);
    if (normalizedEcho !== '' && text.includes(normalizedEcho)) {
      text = text.split(normalizedEcho).join(' ');
      echoRemoved = true;
    }
  }
  const phrases = phrasesOf(item);
  const referenceMatches = findPhrases(text, phrases.references);
  const incorrectMatches = findPhrases(text, phrases.incorrect);
  const references = unique(notInside(referenceMatches, incorrectMatches));
  const incorrect = unique(notInside(incorrectMatches, referenceMatches));
  const signals: ScoreSignals = {
    matchedReferences: references,
    matchedIncorrect: incorrect,
    echoRemoved,
    refusalPhrases: unique(findPhrases(text, refusalPhrases)),
    premisePhrases: unique(findPhrases(text, premisePhrases)),
    clarifyPhrases: unique(findPhrases(text, clarifyPhrases)),
  };
  const decided = decide(item, text, signals);
  const echoNote = echoRemoved ? ' (The reply repeated the prompt; the repeat was ignored.)' : '';
  return { output, verdict: decided.verdict, reason: decided.reason, why: decided.why + echoNote, signals };
}

interface Decision {
  verdict: Verdict;
  reason: VerdictReason;
  why: string;
}

function decide(item: SuiteItem, text: string, signals: ScoreSignals): Decision {
  const { matchedReferences: references, matchedIncorrect: incorrect, refusalPhrases: refusals, premisePhrases: premises, clarifyPhrases: clarifies } = signals;
  if (text.trim() === '') return { verdict: 'not_attempted', reason: 'empty', why: 'Not attempted: the reply is empty (nothing left after normalization).' };
  if (references.length > 0 && incorrect.length > 0) {
    return {
      verdict: 'incorrect',
      reason: 'contradiction',
      why: `Incorrect: the reply states a reference answer (${quoted(references)}) but also a known wrong answer (${quoted(incorrect)}); hedging between answers counts as wrong, as in SimpleQA.`,
    };
  }
  if (incorrect.length > 0) return { verdict: 'incorrect', reason: 'known_wrong', why: `Incorrect: the reply states a known wrong answer (${quoted(incorrect)}).` };

  switch (item.expected) {
    case 'answer':
      if (references.length > 0) return { verdict: 'correct', reason: 'reference', why: `Correct: the reply contains the reference answer (${quoted(references)}).` };
      if (refusals.length > 0) return { verdict: 'not_attempted', reason: 'declined', why: `Not attempted: the reply declines (${quoted(refusals)}) and gives no answer.` };
      return { verdict: 'incorrect', reason: 'no_match', why: `Incorrect: the reply answers, but matches none of the reference answers (${quoted(allReferenceNames(item))}).` };
    case 'refuse':
      if (references.length > 0) return { verdict: 'correct', reason: 'declined_as_expected', why: `Correct: the item cannot be answered and the reply says so (${quoted(references)}).` };
      if (refusals.length > 0) return { verdict: 'correct', reason: 'declined_as_expected', why: `Correct: the item cannot be answered and the reply declines (${quoted(refusals)}).` };
      if (premises.length > 0) return { verdict: 'correct', reason: 'premise_corrected', why: `Correct: the reply points out that the question cannot be answered as asked (${quoted(premises)}).` };
      return { verdict: 'incorrect', reason: 'answered_instead_of_declining', why: 'Incorrect: the item cannot be answered, but the reply answers anyway (no refusal or correction found): a hallucination.' };
    case 'correct_premise':
      if (references.length > 0) return { verdict: 'correct', reason: 'premise_corrected', why: `Correct: the reply corrects the false premise (${quoted(references)}).` };
      if (premises.length > 0) return { verdict: 'correct', reason: 'premise_corrected', why: `Correct: the reply challenges the premise (${quoted(premises)}).` };
      if (refusals.length > 0) return { verdict: 'not_attempted', reason: 'declined', why: `Not attempted: the reply declines (${quoted(refusals)}) without pointing out the false premise.` };
      return { verdict: 'incorrect', reason: 'accepted_premise', why: 'Incorrect: the question rests on a false premise and the reply goes along with it (no correction found).' };
    case 'clarify':
      if (references.length > 0 || clarifies.length > 0) {
        return { verdict: 'correct', reason: 'clarified', why: `Correct: the question is ambiguous and the reply asks which one is meant (${quoted([...references, ...clarifies])}).` };
      }
      if (refusals.length > 0) return { verdict: 'not_attempted', reason: 'declined', why: `Not attempted: the reply declines (${quoted(refusals)}) instead of asking what is meant.` };
      return { verdict: 'incorrect', reason: 'answered_without_clarifying', why: 'Incorrect: the question is ambiguous and the reply answers without asking which one is meant.' };
  }
}

function allReferenceNames(item: SuiteItem): string[] {
  return item.references.map((reference) => reference.answer);
}
