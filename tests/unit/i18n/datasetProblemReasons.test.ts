import { describe, expect, it } from 'vitest';
import { expectedValues, mediaKinds, problemReason, problemReasonKeys, problemReasonParams, valueTypes } from '../../../electron/shared/contract/datasetProblemReasons.ts';
import { datasetProblemSchema, detectionSchema } from '../../../electron/shared/contract/datasets.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';
import { problemText } from '../../../renderer/src/pages/datasets/problemText.ts';
import { translator } from '../../helpers/translator.ts';

/** The distinct {{placeholders}} of a sentence (one may be used twice). */
const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] as string))].sort();

describe('dataset problems: the engine says what is wrong with a key and params, the UI says it in each language', () => {
  it('has a sentence for every reason in both languages, using exactly that reason’s params', () => {
    for (const language of ['en', 'zh'] as const) {
      const sentences = i18nResources[language].datasets.problemReason as Record<string, string>;
      expect(Object.keys(sentences).sort()).toEqual([...problemReasonKeys].sort());
      for (const key of problemReasonKeys) {
        const params = Object.keys(problemReasonParams[key].shape).sort();
        expect({ language, key, placeholders: placeholders(sentences[key] as string) }).toEqual({ language, key, placeholders: params });
      }
    }
  });

  it('has a word in both languages for every kind of value, role, side and media a reason names', () => {
    for (const language of ['en', 'zh'] as const) {
      const strings = i18nResources[language].datasets;
      expect(Object.keys(strings.problemValue).sort()).toEqual([...new Set([...valueTypes, ...expectedValues])].sort());
      expect(Object.keys(strings.problemRole).sort()).toEqual(['assistant', 'system', 'tool', 'user']);
      expect(Object.keys(strings.problemSide).sort()).toEqual(['chosen', 'rejected']);
      expect(Object.keys(strings.problemMedia).sort()).toEqual([...mediaKinds].sort());
    }
  });

  it('carries the reason across the wire, and drops one with the wrong params or an unknown key', () => {
    const problem = { row: 3, line: 3, index: null, path: '$.messages[1].content', code: 'empty_content', message: 'The assistant turn is empty', reason: { key: 'turn_empty', params: { role: 'assistant' } } };
    expect(datasetProblemSchema.parse(JSON.parse(JSON.stringify(problem)))).toEqual(problem);
    // A newer engine's reason, or one with other params, is dropped: the problem still arrives with its message.
    expect(datasetProblemSchema.parse({ ...problem, reason: { key: 'from_a_newer_engine', params: {} } }).reason).toBeUndefined();
    expect(datasetProblemSchema.parse({ ...problem, reason: { key: 'turn_empty', params: { role: 'robot' } } }).reason).toBeUndefined();
    const entry = { name: 'demo', file: null, format: null, kind: null, problem: '"demo" has no file_name', problemReason: { key: 'info_no_file_name', params: { name: 'demo' } } };
    const detection = detectionSchema.parse({ fileType: 'json', candidates: [], ambiguous: false, keys: [], sample: [], placeholders: [], datasetInfo: [entry] });
    expect(detection.datasetInfo?.[0]?.problemReason).toEqual({ key: 'info_no_file_name', params: { name: 'demo' } });
  });

  it('says a problem in the interface language, and falls back to the engine’s message without a reason', async () => {
    const zh = await translator('zh');
    const outOfOrder = {
      message: 'Turn 3 (tool) follows a assistant turn; expected user or tool',
      reason: problemReason('turn_out_of_order', { turn: 3, role: 'tool', previous: 'assistant', allowed: ['user', 'tool'] }),
    };
    expect(problemText(zh, outOfOrder)).toBe('第 3 轮（tool（工具））跟在 assistant（助手） 轮次之后；这里应为 user（用户）或tool（工具）');
    expect(problemText(zh, { message: 'x', reason: { key: 'field_wrong_type', params: { field: 'content', expected: 'text', found: 'list' } } })).toBe('“content”应为文本，实际是列表');
    expect(problemText(zh, { message: 'The assistant turn is empty' })).toBe('The assistant turn is empty');
    const en = await translator('en');
    expect(problemText(en, outOfOrder)).toBe('Turn 3 (tool) comes after the assistant turn; expected user or tool');
  });
});
