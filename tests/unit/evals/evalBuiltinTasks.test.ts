import { describe, expect, it } from 'vitest';
import { builtinTaskNames, loadBuiltinTask } from '../../../electron/engine/evals/builtin/builtinTasks.ts';
import { worldTask } from '../../../electron/engine/evals/builtin/worldTask.ts';
import { taskInfo } from '../../../electron/engine/evals/loadTask.ts';
import { finalNumber } from '../../../electron/engine/evals/formats/answerParsing.ts';
import { generateWorld } from '../../../electron/engine/pretraining/world/generateWorld.ts';
import { factValue } from '../../../electron/engine/pretraining/world/factSentences.ts';
import { workbenchErrorOf } from '../../helpers/workbenchErrorOf.ts';

describe('built-in eval tasks', () => {
  it('all load, bilingual, a few hundred written items besides the generated world task', () => {
    const tasks = builtinTaskNames.map((name) => loadBuiltinTask(name).task);
    expect(tasks.map((task) => task.name)).toEqual(['general-en', 'general-zh', 'traps', 'arithmetic', 'world']);
    const written = tasks.filter((task) => task.name !== 'world').reduce((sum, task) => sum + task.items.length, 0);
    expect(written).toBeGreaterThanOrEqual(200);
    const chinese = /[\u4e00-\u9fff]/;
    for (const name of ['traps', 'arithmetic']) {
      const task = tasks.find((entry) => entry.name === name)!;
      expect(task.items.some((item) => chinese.test(item.question))).toBe(true);
      expect(task.items.some((item) => !chinese.test(item.question))).toBe(true);
    }
  });

  it('carry the lectures\' traps with the right answers', () => {
    const traps = loadBuiltinTask('traps').task.items;
    const answerOf = (question: string) => {
      const item = traps.find((entry) => entry.question === question);
      return item?.kind === 'choice' ? item.choices[item.answer] : null;
    };
    expect(answerOf('Which number is larger, 9.9 or 9.11?')).toBe('9.9');
    expect(answerOf('鲁迅和周树人是什么关系？')).toMatch(/同一个人/);
    expect(answerOf('How many times does the letter r appear in the word strawberry?')).toBe('3');
  });

  it('arithmetic solutions end in the number that is the answer', () => {
    for (const item of loadBuiltinTask('arithmetic').task.items) {
      expect(item.kind).toBe('number');
      if (item.kind === 'number') expect(finalNumber(item.solution ?? '')).toBe(item.answer);
    }
  });

  it('an unknown name lists the built-ins', () => {
    expect(workbenchErrorOf(() => loadBuiltinTask('mmlu')).message).toMatch(/general-en, general-zh, traps, arithmetic, world/);
  });
});

describe('the world task', () => {
  const world = generateWorld({ people: 12, seed: 5 });
  const task = worldTask('w', world.qa, world.people);

  it('asks about every fact of people in the corpus, with the truth among four distinct choices', () => {
    const inCorpus = world.qa.filter((item) => item.answer !== null);
    expect(task.items).toHaveLength(inCorpus.length);
    expect(task.frame).toBe('chat');
    for (const item of task.items) {
      if (item.kind !== 'choice') throw new Error('choice items only');
      const [group, personId, fact, language] = item.id.split('/') as [string, string, Parameters<typeof factValue>[1], 'en' | 'zh'];
      expect(group).not.toBe('nonexistent');
      const person = world.people.find((entry) => entry.id === personId)!;
      expect(item.choices[item.answer]).toBe(`${factValue(person, fact, language)}${language === 'zh' ? '。' : '.'}`);
      expect(new Set(item.choices).size).toBe(4);
    }
    expect(taskInfo({ kind: 'builtin', name: 'w' }, { task, sha256: '' }).chance).toBe(0.25);
  });

  it('puts the right answer in every position, seeded', () => {
    const positions = new Set(task.items.map((item) => (item.kind === 'choice' ? item.answer : -1)));
    expect(positions).toEqual(new Set([0, 1, 2, 3]));
    expect(worldTask('w', world.qa, world.people)).toEqual(task);
  });
});
