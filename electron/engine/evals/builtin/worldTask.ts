import type { EvalChoiceItem, EvalTask } from '../../../shared/contract/evals.ts';
import { SeededRandom } from '../../random/seededRandom.ts';
import { answerText } from '../../pretraining/sft/worldQaSft.ts';
import { factValue } from '../../pretraining/world/factSentences.ts';
import type { Person, QaItem } from '../../pretraining/world/worldTypes.ts';

/** Choices per question: the truth and three other people's values of the same fact. */
const CHOICES = 4;

/**
 * Closed-book multiple choice from a synthetic world of the nano-pretraining lab: every question about a person
 * whose biography is in the corpus (known and held-out groups), in English and Chinese, with the true value and
 * three distractors drawn from other people's values of the same fact. Choices are written the way the world's
 * chat SFT writes answers ("Vienna." / "维也纳。"), and the frame is chat, so a model trained on the world
 * scores far above the 25 % of guessing and an untrained one near it. Seeded: the same world gives the same task.
 */
export function worldTask(name: string, qa: readonly QaItem[], people: readonly Person[], seed = 1): EvalTask {
  const items: EvalChoiceItem[] = [];
  for (const question of qa) {
    if (question.answer === null || question.group === 'nonexistent') continue;
    const truth = answerText(question);
    const stop = question.language === 'zh' ? '。' : '.';
    const random = new SeededRandom(seed, `world eval ${question.personId} ${question.fact} ${question.language}`);
    const others = [...new Set(people.filter((person) => person.id !== question.personId).map((person) => `${factValue(person, question.fact, question.language)}${stop}`))].filter(
      (value) => value !== truth,
    );
    if (others.length < CHOICES - 1) continue;
    const distractors: string[] = [];
    while (distractors.length < CHOICES - 1) {
      const pick = others.splice(Math.floor(random.nextFloat() * others.length), 1)[0]!;
      distractors.push(pick);
    }
    const answer = Math.floor(random.nextFloat() * CHOICES);
    const choices = [...distractors];
    choices.splice(answer, 0, truth);
    items.push({ id: `${question.group}/${question.personId}/${question.fact}/${question.language}`, kind: 'choice', question: question.question, choices, answer });
  }
  return {
    name,
    description: 'Closed-book questions about the people of a nano-pretraining world (known and held-out groups), English and Chinese, 4 choices',
    frame: 'chat',
    items,
  };
}
