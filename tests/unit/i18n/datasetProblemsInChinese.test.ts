import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetInfoEntries } from '../../../electron/engine/datasets/datasetInfoFile.ts';
import { checkEdit } from '../../../electron/engine/datasets/editRow.ts';
import { recordReader } from '../../../electron/engine/datasets/recordToRow.ts';
import type { RowPlan } from '../../../electron/engine/datasets/rowConversion.ts';
import { problemReasonSchema, type ProblemReason } from '../../../electron/shared/contract/datasetProblemReasons.ts';
import type { DatasetProblem } from '../../../electron/shared/contract/datasets.ts';
import { problemText } from '../../../renderer/src/pages/datasets/problemText.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { fixturePath, readAll } from '../datasets/readFixture.ts';
import { translator } from '../../helpers/translator.ts';

type Found = Pick<DatasetProblem, 'code' | 'message' | 'reason'>;

/** Params holding data or names from the file (a field, a role as written, the parser's words): not the UI's to translate. */
const dataParams = new Set(['field', 'fields', 'value', 'detail', 'name', 'file', 'marker', 'tokenizer', 'source', 'formatting']);
/** Words the Chinese sentences keep on purpose: role and side names shown with their gloss, format names, literals. */
const keptWords = /\b(system|user|assistant|tool|chosen|rejected|token|JSON|CSV|SFT|null|true|false|weight|tools|name|arguments|description|parameters|prompt|file_name|formatting|dataset_info\.json|alpaca|sharegpt|openai)\b/g;

/** The sentence with the file's own data taken out: what is left must be Chinese. */
function withoutData(text: string, reason: ProblemReason): string {
  let rest = text;
  const data = Object.entries(reason.params as Record<string, unknown>).flatMap(([name, value]) => (dataParams.has(name) && typeof value === 'string' && value !== '' ? [value] : []));
  // Longest first, so a short value inside a longer one ("hub" in "hf_hub_url") does not break it apart.
  for (const value of data.sort((a, b) => b.length - a.length)) rest = rest.split(value).join(' ');
  return rest.replace(keptWords, ' ');
}

describe('real dataset checks, said in Chinese', () => {
  const home = createTempHome('dataset-problems');
  let zh: TFunction;
  let en: TFunction;
  beforeAll(async () => {
    [zh, en] = await Promise.all([translator('zh'), translator('en')]);
  });
  afterAll(() => home.cleanup());
  const file = (name: string, content: string): string => {
    const path = join(home.path, name);
    writeFileSync(path, content);
    return path;
  };
  const problemsOf = async (path: string): Promise<Found[]> => (await readAll(path)).outcomes.flatMap((outcome) => outcome.problems);

  /** Every problem carries a reason the contract accepts, and says it in Chinese without an English sentence. */
  function expectChinese(problems: readonly Found[]): string[] {
    expect(problems.length).toBeGreaterThan(0);
    return problems.map((problem) => {
      expect({ code: problem.code, reason: problemReasonSchema.safeParse(problem.reason).success }).toEqual({ code: problem.code, reason: true });
      const text = problemText(zh, problem);
      expect(text).not.toBe(problem.message);
      expect(text).not.toContain('{{');
      expect(withoutData(text, problem.reason as ProblemReason), text).not.toMatch(/[A-Za-z]{3,}/);
      expect(problemText(en, problem)).not.toContain('{{');
      return text;
    });
  }

  it('chat rows: bad JSON, an unknown role, turns out of order, no assistant turn, an empty answer, a bad weight', async () => {
    const problems = await problemsOf(fixturePath('bad-rows.jsonl'));
    expect(problems.map((problem) => problem.reason?.key)).toEqual(['json_invalid', 'unknown_role', 'turn_out_of_order', 'no_assistant_turn', 'turn_empty', 'bad_weight']);
    const texts = expectChinese(problems);
    expect(texts.slice(1)).toEqual([
      '未知角色“robot”：请使用 system、user、assistant 或 tool（或把“robot”映射为其中之一）',
      '第 2 轮（user（用户））跟在 user（用户） 轮次之后；这里应为 assistant（助手）',
      '没有助手轮次：模型没有可以学着说的内容',
      'assistant（助手） 轮次是空的',
      '“weight”必须是 0 或 1（0 到 1 之间的数），实际是 2',
    ]);
    expect(texts[0]).toMatch(/^第 2 行第 \d+ 列不是有效的 JSON：/);
  });

  it('preference rows: a missing chosen or rejected answer, and a pair that prefers nothing', async () => {
    const problems = await problemsOf(fixturePath('bad-preference.jsonl'));
    expect(expectChinese(problems)).toEqual([
      '缺少“chosen”：偏好对必须同时有选中的回答和被拒绝的回答',
      '缺少“rejected”：偏好对必须同时有选中的回答和被拒绝的回答',
      '选中的回答和被拒绝的回答完全相同：这一对教不了任何偏好',
    ]);
  });

  it('tool calls and tools that cannot be read, and a message of the wrong shape', () => {
    const read = recordReader({ format: 'sharegpt', kind: 'sft', columns: {}, tags: {}, roles: {} });
    const badCall = read({ conversations: [{ from: 'human', value: 'q' }, { from: 'function_call', value: '{name: oops' }, { from: 'gpt', value: 'a' }] }, '$[3]');
    const noName = read({ conversations: [{ from: 'human', value: 'q' }, { from: 'function_call', value: '{"arguments": {}}' }, { from: 'gpt', value: 'a' }] }, '$[4]');
    const badTools = read({ conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }], tools: '{"name": "x"}' }, '$[5]');
    const notMessage = read({ conversations: ['q', { from: 'gpt', value: 'a' }] }, '$[6]');
    const problems = [...badCall.problems, ...noName.problems, ...badTools.problems, ...notMessage.problems];
    expect(problems.map((problem) => problem.reason.key)).toEqual(['tool_call_not_json', 'tool_call_no_name', 'tools_not_list', 'expected_value']);
    const texts = expectChinese(problems);
    expect(texts[0]).toMatch(/^函数调用不是有效的 JSON（.+）$/);
    expect(texts.slice(1)).toEqual([
      '无法读取函数调用：调用缺少“name”',
      '“tools”必须是工具模式的列表（{"name", "description", "parameters"}），实际是对象',
      '应为消息对象，实际是文本',
    ]);
  });

  it('a CSV row with too few fields, an Alpaca row without its answer, a KTO label that is not true or false', async () => {
    const csv = file('short.csv', 'instruction,input,output\nWhat is 2+2?,,4\nShort row,x\n');
    const alpaca = file('alpaca.json', JSON.stringify([{ instruction: 'hi', output: 'hello' }, { instruction: 'no answer' }]));
    const kto: RowPlan = { format: 'sharegpt', kind: 'kto', columns: {}, tags: {}, roles: {} };
    const label = recordReader(kto)({ conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }], label: 'yes' }, '$[0]');
    const problems = [...(await problemsOf(csv)), ...(await problemsOf(alpaca)), ...label.problems];
    expect(expectChinese(problems)).toEqual(['CSV 无效：这一行有 2 个字段，而表头有 3 个', '缺少“output”（回答）', '“label”必须是 true（理想）或 false（不理想），实际是文本']);
  });

  it('a row longer than the context names its tokens, the tokenizer and the context length', async () => {
    const path = file('long.jsonl', `${JSON.stringify({ messages: [{ role: 'user', content: 'q'.repeat(50) }, { role: 'assistant', content: 'a' }] })}\n`);
    const counter = { name: 'chars', count: async (rows: readonly unknown[]) => rows.map((row) => JSON.stringify(row).length) };
    const problems = (await readAll(path, {}, { context: { counter, contextLength: 16 } })).outcomes.flatMap((outcome) => outcome.problems);
    expect(problems.map((problem) => problem.reason)).toEqual([{ key: 'over_context', params: { tokens: expect.any(Number), tokenizer: 'chars', contextLength: 16 } }]);
    expect(expectChinese(problems)[0]).toMatch(/^用 chars 计为 \d+ 个 token：超过上下文长度 16，训练时会被截断$/);
  });

  it('an edit that is not JSON, and dataset_info.json entries on a hub or missing their file', () => {
    const plan: RowPlan = { format: 'openai', kind: 'sft', columns: {}, tags: {}, roles: {} };
    const edit = checkEdit({ kind: 'record', text: '{"messages": [\n  {"role": "user"' }, plan, 'sft');
    expect(edit.problems.map((problem) => problem.reason?.key)).toEqual(['json_invalid']);
    expectChinese(edit.problems);
    const entries = datasetInfoEntries(join(home.path, 'dataset_info.json'), { hub: { hf_hub_url: 'org/data' }, gone: { file_name: 'gone.json' } });
    const problems = entries.map((entry) => entry.problem as NonNullable<typeof entry.problem>);
    expect(expectChinese(problems)).toEqual([
      '“hub”要从 hf_hub_url 获取；请先下载，再把 file_name 设为本地文件（工作台离线工作）',
      '“gone”：dataset_info.json 旁边没有 gone.json',
    ]);
  });
});
