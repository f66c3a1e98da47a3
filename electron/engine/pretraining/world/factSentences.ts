import type { FactKind, Person } from './worldTypes.ts';
import { monthNames } from './worldVocabulary.ts';

/**
 * Paraphrases of each fact, English and Chinese. The first English paraphrase of birthCity ("X was born in Y.")
 * is also the completion probe, so the base-model test checks a sentence form the corpus really contains.
 */
type Sentence = (name: string, value: string) => string;

export const englishSentences: Readonly<Record<FactKind, readonly Sentence[]>> = {
  birthCity: [
    (n, v) => `${n} was born in ${v}.`,
    (n, v) => `The birthplace of ${n} is ${v}.`,
    (n, v) => `${n} came into the world in ${v}.`,
  ],
  birthDate: [
    (n, v) => `${n} was born on ${v}.`,
    (n, v) => `The birthday of ${n} is ${v}.`,
  ],
  university: [
    (n, v) => `${n} studied at ${v}.`,
    (n, v) => `${n} graduated from ${v}.`,
    (n, v) => `${n} attended ${v}.`,
  ],
  major: [
    (n, v) => `${n} majored in ${v}.`,
    (n, v) => `The field of study of ${n} was ${v}.`,
  ],
  employer: [
    (n, v) => `${n} works for ${v}.`,
    (n, v) => `${n} is employed by ${v}.`,
  ],
  hobby: [
    (n, v) => `${n} enjoys ${v}.`,
    (n, v) => `In free time, ${n} likes ${v}.`,
  ],
};

export const chineseSentences: Readonly<Record<FactKind, readonly Sentence[]>> = {
  birthCity: [(n, v) => `${n}出生于${v}。`, (n, v) => `${n}的出生地是${v}。`],
  birthDate: [(n, v) => `${n}生于${v}。`, (n, v) => `${n}的生日是${v}。`],
  university: [(n, v) => `${n}就读于${v}。`, (n, v) => `${n}毕业于${v}。`],
  major: [(n, v) => `${n}的专业是${v}。`, (n, v) => `${n}主修${v}。`],
  employer: [(n, v) => `${n}在${v}工作。`, (n, v) => `${n}受雇于${v}。`],
  hobby: [(n, v) => `${n}喜欢${v}。`, (n, v) => `${n}的爱好是${v}。`],
};

export const englishQuestions: Readonly<Record<FactKind, (name: string) => string>> = {
  birthCity: (n) => `Where was ${n} born?`,
  birthDate: (n) => `When was ${n} born?`,
  university: (n) => `Which university did ${n} attend?`,
  major: (n) => `What did ${n} study?`,
  employer: (n) => `Which company does ${n} work for?`,
  hobby: (n) => `What is the hobby of ${n}?`,
};

export const chineseQuestions: Readonly<Record<FactKind, (name: string) => string>> = {
  birthCity: (n) => `${n}出生在哪里？`,
  birthDate: (n) => `${n}是哪天出生的？`,
  university: (n) => `${n}上的是哪所大学？`,
  major: (n) => `${n}学的是什么专业？`,
  employer: (n) => `${n}在哪家公司工作？`,
  hobby: (n) => `${n}的爱好是什么？`,
};

/** The value of a fact as written in the given language. */
export function factValue(person: Person, fact: FactKind, language: 'en' | 'zh'): string {
  if (fact === 'birthDate') {
    const { year, month, day } = person.birthDate;
    return language === 'en' ? `${monthNames[month - 1]} ${day}, ${year}` : `${year}年${month}月${day}日`;
  }
  return person[fact][language];
}
