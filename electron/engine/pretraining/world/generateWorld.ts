import { z } from 'zod';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { fieldIssueReason } from '../../fieldIssueReason.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { SeededRandom } from '../../random/seededRandom.ts';
import { chineseQuestions, chineseSentences, englishQuestions, englishSentences, factValue } from './factSentences.ts';
import { factKinds, type CompletionProbe, type Person, type PersonGroup, type QaItem, type World } from './worldTypes.ts';
import { cities, employers, familyNames, givenNames, hobbies, majors, universities, type Bilingual } from './worldVocabulary.ts';

export const maxPeople = givenNames.length * familyNames.length;

export const worldOptionsSchema = z
  .object({
    people: z.number().int().min(2).max(maxPeople),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    /** Share of people whose questions go into SFT; the rest are held out. */
    knownFraction: z.number().min(0).max(1).default(0.5),
    /** People who never appear in the corpus (hallucination probes); default a quarter of `people`, at least 2 (names permitting). */
    nonexistent: z.number().int().min(0).optional(),
    /**
     * Biographies per person in each language; each draws its own sentence order and paraphrases. Varied
     * retellings beat repeated epochs: on the tiny preset, 12 + 4 per person reached 85% right English fact
     * completions where 6 + 2 reached 62% for the same training compute.
     */
    englishDocuments: z.number().int().min(0).max(64).default(12),
    chineseDocuments: z.number().int().min(0).max(64).default(4),
  })
  .strict()
  .refine((o) => o.englishDocuments + o.chineseDocuments > 0, { message: 'at least one document per person', path: ['englishDocuments'] });

export type WorldOptions = z.input<typeof worldOptionsSchema>;

/** Name as written in each language: "Alice Anders" / "爱丽丝·安德斯". */
function fullName(given: Bilingual, family: Bilingual): Bilingual {
  return { en: `${given.en} ${family.en}`, zh: `${given.zh}·${family.zh}` };
}

function pick<T>(random: SeededRandom, items: readonly T[]): T {
  return items[Math.floor(random.nextFloat() * items.length)]!;
}

function shuffle<T>(random: SeededRandom, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function makePerson(random: SeededRandom, index: number, name: Bilingual): Person {
  return {
    id: `p${String(index).padStart(4, '0')}`,
    name,
    birthDate: { year: 1950 + Math.floor(random.nextFloat() * 50), month: 1 + Math.floor(random.nextFloat() * 12), day: 1 + Math.floor(random.nextFloat() * 28) },
    birthCity: pick(random, cities),
    university: pick(random, universities),
    major: pick(random, majors),
    employer: pick(random, employers),
    hobby: pick(random, hobbies),
  };
}

/** One biography; the first of each person per language uses every fact's first paraphrase, which the probes use. */
function biography(random: SeededRandom, person: Person, language: 'en' | 'zh', canonical: boolean): string {
  const sentences = language === 'en' ? englishSentences : chineseSentences;
  const order = shuffle(random, [...factKinds]);
  const parts = order.map((fact) => {
    const sentence = canonical ? sentences[fact][0]! : pick(random, sentences[fact]);
    return sentence(person.name[language], factValue(person, fact, language));
  });
  return parts.join(language === 'en' ? ' ' : '');
}

/**
 * A deterministic fictional world: the same options give byte-identical output. People get distinct names drawn
 * from a shuffled name grid; facts are drawn independently, so nothing about a name predicts a fact and the model
 * can only answer from memory.
 */
export function generateWorld(input: WorldOptions): World {
  const parsed = worldOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'options';
    throw new WorkbenchError('bad_input', `World: ${field}: ${issue?.message ?? 'invalid'}`, { field }, fieldIssueReason(issue, field));
  }
  const options = parsed.data;
  const nonexistentCount = options.nonexistent ?? Math.min(maxPeople - options.people, Math.max(2, Math.floor(options.people / 4)));
  if (options.people + nonexistentCount > maxPeople) {
    throw new WorkbenchError('bad_input', `World: people + nonexistent must be at most ${maxPeople} (distinct names)`, { field: 'people' }, reason('world_too_many_people', { maximum: maxPeople }));
  }

  const random = new SeededRandom(options.seed, 'world');
  const names = shuffle(
    random,
    givenNames.flatMap((given) => familyNames.map((family) => fullName(given, family))),
  );
  const everyone = names.slice(0, options.people + nonexistentCount).map((name, index) => makePerson(random, index, name));
  const people = everyone.slice(0, options.people);
  const knownCount = Math.round(options.people * options.knownFraction);
  const groups: Record<string, PersonGroup> = {};
  people.forEach((person, index) => (groups[person.id] = index < knownCount ? 'known' : 'heldOut'));
  everyone.slice(options.people).forEach((person) => (groups[person.id] = 'nonexistent'));

  const documents: string[] = [];
  for (const person of people) {
    for (let i = 0; i < options.englishDocuments; i++) documents.push(biography(random, person, 'en', i === 0));
    for (let i = 0; i < options.chineseDocuments; i++) documents.push(biography(random, person, 'zh', i === 0));
  }
  shuffle(random, documents);

  const qa: QaItem[] = [];
  const probes: CompletionProbe[] = [];
  for (const person of everyone) {
    const group = groups[person.id]!;
    for (const language of ['en', 'zh'] as const) {
      const questions = language === 'en' ? englishQuestions : chineseQuestions;
      for (const fact of factKinds) {
        const answer = group === 'nonexistent' ? null : factValue(person, fact, language);
        qa.push({ personId: person.id, group, fact, language, question: questions[fact](person.name[language]), answer });
      }
    }
    if (group === 'nonexistent') continue;
    if (options.englishDocuments > 0) {
      probes.push({ personId: person.id, fact: 'birthCity', language: 'en', prompt: `${person.name.en} was born in`, expected: ` ${person.birthCity.en}` });
    }
    if (options.chineseDocuments > 0) {
      probes.push({ personId: person.id, fact: 'birthCity', language: 'zh', prompt: `${person.name.zh}出生于`, expected: person.birthCity.zh });
    }
  }
  return { seed: options.seed, people: everyone, groups, documents, qa, probes };
}
