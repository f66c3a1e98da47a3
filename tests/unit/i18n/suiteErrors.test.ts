import { describe, expect, it } from 'vitest';
import { parseSuiteText } from '../../../electron/engine/hallucination/parseSuite.ts';
import { suiteErrorCodes, suiteValueProblems } from '../../../electron/shared/contract/hallucination.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';
import { suiteErrorText } from '../../../renderer/src/pages/hallucination/suiteErrorText.ts';
import { translator } from '../../helpers/translator.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] as string).sort();

describe('hallucination suite file problems in the interface language', () => {
  it('has a sentence for every problem code and value problem in both languages, with the same placeholders', () => {
    const lineCodes = suiteErrorCodes.filter((code) => code !== 'invalid_value');
    for (const [group, keys] of [['error', lineCodes], ['invalid', suiteValueProblems]] as const) {
      const en = (i18nResources.en.hallucination.suite as unknown as Record<string, Record<string, string>>)[group] ?? {};
      const zh = (i18nResources.zh.hallucination.suite as unknown as Record<string, Record<string, string>>)[group] ?? {};
      expect(Object.keys(en).sort()).toEqual([...keys].sort());
      expect(Object.keys(zh).sort()).toEqual([...keys].sort());
      for (const key of keys) expect({ key, zh: placeholders(zh[key] ?? '') }).toEqual({ key, zh: placeholders(en[key] ?? '') });
    }
  });

  it('words each problem of a real bad file in Chinese, naming the field, the bound and the first line of a duplicate', async () => {
    const good = (id: string) => JSON.stringify({ id, category: 'mine', lang: 'en', prompt: `Question ${id}?`, expected: 'answer', references: [{ answer: 'yes' }] });
    const text = [
      good('a'),
      '[1, 2]',
      JSON.stringify({ id: 'c', category: 'mine', lang: 'en', expected: 'refuse' }),
      JSON.stringify({ id: 'd', category: 'mine', lang: 'fr', prompt: 'Qui?', expected: 'refuse', colour: 'red' }),
      JSON.stringify({ id: 'e', category: 'mine', lang: 'en', prompt: 'Pick', expected: 'answer', references: [{ answer: '' }] }),
      JSON.stringify({ id: 'f', category: 'mine', lang: 'en', prompt: 'Pick', expected: 'refuse', choices: ['x', 'y'], correctChoice: 2 }),
      JSON.stringify({ id: 'g', category: 'mine', lang: 'en', prompt: 7, expected: 'refuse' }),
      good('a'),
    ].join('\n');
    const suite = parseSuiteText('mine.jsonl', text);
    const zh = await translator('zh');
    const byLine = suite.errors.map((error) => `${error.line} ${suiteErrorText(zh, error)}`).sort();
    expect(byLine).toEqual([
      '2 每一行必须是一个 JSON 对象（{"id": …, "prompt": …}）。',
      '3 缺少必填字段“prompt”。',
      '4 “lang”只能是以下之一：en, zh。',
      '4 未知字段“colour”。',
      '5 “references[0].answer”不能为空。',
      '6 “correctChoice”必须是选项的下标（0–1）。',
      '7 “prompt”的类型应为 string。',
      '8 id“a”已在第 1 行用过。',
    ]);
  });

  it('keeps the JSON parser’s pointer after the sentence, and the engine’s words for an unknown value problem', async () => {
    const zh = await translator('zh');
    const [badJson] = parseSuiteText('x.jsonl', '{"id": "b", "category": "mine"').errors;
    expect(badJson && suiteErrorText(zh, badJson)).toMatch(/^不是合法的 JSON。 \(.+\)$/u);
    expect(suiteErrorText(zh, { line: 1, path: 'x', code: 'invalid_value', message: 'from a newer engine' })).toBe('from a newer engine');
  });
});
