import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../electron/engine/pretraining/world/generateWorld.ts';
import { chooseCompletionProbes, chooseProbeQuestions } from '../../../electron/engine/worldChat/probeQuestions.ts';
import type { WorldFacts } from '../../../electron/engine/worldChat/worldFiles.ts';

const world = generateWorld({ people: 12, seed: 5, englishDocuments: 1, chineseDocuments: 1 });
const people = world.people.map((person) => ({ ...person, group: world.groups[person.id]! }));
const facts: WorldFacts = { people, byId: new Map(people.map((person) => [person.id, person])) };

describe('probe question choice', () => {
  it('takes perGroup questions per group and language, one per person before anyone gets a second, every fact kind in turn', () => {
    const questions = chooseProbeQuestions(facts, world.qa, 8, ['en', 'zh']);
    const nonexistent = people.filter((person) => person.group === 'nonexistent');
    expect(nonexistent).toHaveLength(3);
    for (const group of ['known', 'heldOut', 'nonexistent'] as const) {
      for (const language of ['en', 'zh'] as const) expect(questions.filter((q) => q.group === group && q.language === language)).toHaveLength(8);
    }
    const english = questions.filter((q) => q.group === 'nonexistent' && q.language === 'en');
    // 3 people: the first three questions are about three different people, then the second round begins with
    // the fact rotated, so 8 questions ask 4 kinds of fact.
    expect(new Set(english.slice(0, 3).map((q) => q.personId)).size).toBe(3);
    expect(new Set(english.map((q) => q.item.fact)).size).toBe(4);
    // The same choice every time (every model, every run).
    expect(chooseProbeQuestions(facts, world.qa, 8, ['en', 'zh'])).toEqual(questions);
  });

  it('takes the ground truth from the facts and asks the question as qa.jsonl wrote it', () => {
    const questions = chooseProbeQuestions(facts, world.qa, 6, ['zh']);
    for (const question of questions) {
      const asked = world.qa.find((item) => item.question === question.question)!;
      expect(asked.language).toBe('zh');
      expect(question.expected).toBe(asked.answer);
      expect(question.expected === null).toBe(question.group === 'nonexistent');
    }
  });

  it('completion probes cover known people only, up to the limit per language', () => {
    const probes = chooseCompletionProbes(facts, world.probes, 4, ['en', 'zh']);
    expect(probes).toHaveLength(8);
    expect(probes.every((probe) => facts.byId.get(probe.personId)!.group === 'known')).toBe(true);
  });
});
