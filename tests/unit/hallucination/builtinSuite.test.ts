import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../../electron/engine/hallucination/loadSuite.ts';
import { scoreOutput } from '../../../electron/engine/hallucination/scoreOutput.ts';
import { builtinCategories } from '../../../electron/shared/contract/hallucination.ts';

describe('built-in suite (resources/hallucination/builtin-suite.jsonl)', () => {
  const suite = loadSuite({ kind: 'builtin' });

  it('parses without errors: about a hundred items, every category, both languages in each', () => {
    expect(suite.errors).toEqual([]);
    expect(suite.items.length).toBeGreaterThanOrEqual(95);
    for (const category of builtinCategories) {
      const inCategory = suite.items.filter((item) => item.category === category);
      expect(inCategory.length, category).toBeGreaterThanOrEqual(8);
      expect(new Set(inCategory.map((item) => item.lang)), category).toEqual(new Set(['en', 'zh']));
    }
    expect(new Set(suite.items.map((item) => item.expected))).toEqual(new Set(['answer', 'refuse', 'correct_premise', 'clarify']));
  });

  it('holds the lecture notes\' examples', () => {
    const prompts = suite.items.map((item) => item.prompt);
    for (const example of ['9.9和9.11哪个大？', '鲁迅和周树人是什么关系？', '为何贾宝玉要三顾茅庐请孙悟空出山？', '蓝牙耳机坏了应该去看牙科医生还是耳科医生？', '我站在90度的墙角，为什么没有被烫伤？', '我妈妈叫什么名字？', 'Who is Orson Kovacs?']) {
      expect(prompts).toContain(example);
    }
    const civilCode = suite.items.find((item) => item.id === 'dated-zh-civil-code');
    expect(scoreOutput(civilCode!, '2021-01-01').verdict).toBe('correct');
  });

  it("every item's ideal response is graded correct by the offline scorer", () => {
    const failures = suite.items
      .filter((item) => item.response !== undefined)
      .map((item) => ({ id: item.id, scored: scoreOutput(item, item.response!) }))
      .filter(({ scored }) => scored.verdict !== 'correct')
      .map(({ id, scored }) => `${id}: ${scored.why}`);
    expect(failures).toEqual([]);
    expect(suite.items.filter((item) => item.response !== undefined).length).toBe(suite.items.length);
  });

  it('no prompt answers itself: the question alone (even without echo removal) is never graded correct', () => {
    const answeredByPrompt = suite.items.filter((item) => scoreOutput(item, item.prompt, { echoes: [] }).verdict === 'correct').map((item) => item.id);
    expect(answeredByPrompt).toEqual([]);
  });

  it('multiple-choice items point at a real option, and passages exist for the context re-run', () => {
    const withChoices = suite.items.filter((item) => item.choices);
    expect(withChoices.length).toBeGreaterThanOrEqual(30);
    for (const item of withChoices) expect(item.choices![item.correctChoice!]).toBeDefined();
    expect(suite.items.filter((item) => item.passage).length).toBeGreaterThanOrEqual(40);
  });
});
