import { describe, expect, it } from 'vitest';
import { recordReader } from '../../../electron/engine/datasets/recordToRow.ts';
import { rowToRecord } from '../../../electron/engine/datasets/rowToRecord.ts';
import { rowMeasure } from '../../../electron/engine/datasets/tokenCounters.ts';
import { validateSource } from '../../../electron/engine/datasets/validateSource.ts';
import type { EngineServices } from '../../../electron/engine/engineServices.ts';
import type { CanonicalRow } from '../../../electron/shared/contract/datasets.ts';
import { fixturePath, readAll } from './readFixture.ts';

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
};

describe('tool calls (function_call / observation turns and a tools schema) stay structured', () => {
  it('reads function calls as calls and the tools column as schemas, not as assistant text', async () => {
    const read = await readAll(fixturePath('toolcall.json'));
    expect([read.format, read.kind, read.totals.validRows]).toEqual(['sharegpt', 'sft', 3]);
    expect(read.rows[0]).toEqual({
      kind: 'conversation',
      messages: [
        { role: 'user', content: "What's the weather in Oslo?" },
        { role: 'assistant', content: '', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', content: '{"temp_c": -3}' },
        { role: 'assistant', content: 'It is -3 °C in Oslo.' },
      ],
      tools: [weatherTool],
    });
    // "[]" means no tools; two calls in one turn stay two calls.
    expect(read.rows[1]).toEqual({ kind: 'conversation', messages: expect.any(Array) });
    const second = read.rows[2] as Extract<CanonicalRow, { kind: 'conversation' }>;
    expect(second.messages[1]?.toolCalls?.map((call) => call.arguments)).toEqual([{ city: 'Rome' }, { city: 'Lima' }]);
  });

  it('reads them through dataset_info.json, whose columns name the tools', async () => {
    const path = fixturePath('llamafactory/dataset_info.json');
    const report = await validateSource(path, path, { placeholders: { name: 'N', author: 'A' } }, { maxErrors: 100 });
    expect(report.entries?.find((entry) => entry.name === 'glaive_toolcall_demo')).toMatchObject({ format: 'sharegpt', kind: 'sft', validRows: 3 });
  });

  it('reports a function call or a tools column that is not JSON, at its field', () => {
    const reader = recordReader({ format: 'sharegpt', kind: 'sft', columns: {}, tags: {}, roles: {} });
    const badCall = reader({ conversations: [{ from: 'human', value: 'q' }, { from: 'function_call', value: '{name: oops' }, { from: 'observation', value: '{}' }, { from: 'gpt', value: 'a' }] }, '$[3]');
    expect([badCall.row, badCall.problems.map((problem) => [problem.path, problem.code])]).toEqual([null, [['$[3].conversations[1].value', 'bad_tool_call']]]);
    const badTools = reader({ conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }], tools: '{"name": "x"}' }, '$[4]');
    expect(badTools.problems.map((problem) => [problem.path, problem.code])).toEqual([['$[4].tools', 'bad_tools']]);
  });

  it('reads OpenAI tool_calls and tools, and writes calls back in ShareGPT and OpenAI form; Alpaca refuses them', async () => {
    const read = await readAll(fixturePath('toolcall.json'));
    const row = read.rows[0] as CanonicalRow;
    for (const format of ['sharegpt', 'openai'] as const) {
      const exported = rowToRecord(row, format);
      if (!exported.ok) throw new Error(exported.reason);
      const back = recordReader({ format, kind: 'sft', columns: {}, tags: {}, roles: {} })(exported.record, '$');
      expect([format, back.problems, back.row]).toEqual([format, [], row]);
    }
    const openai = rowToRecord(row, 'openai');
    expect(openai.ok && (openai.record.messages as { tool_calls?: unknown }[])[1]?.tool_calls).toEqual([{ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }]);
    expect(rowToRecord(row, 'alpaca')).toEqual({ ok: false, reason: 'Alpaca cannot hold tool calls', note: 'alpaca_no_tool_calls' });
  });

  it('count their calls and tool schemas as tokens (they take room in the context)', async () => {
    const measure = await rowMeasure({} as EngineServices, { kind: 'tiktoken', encoding: 'cl100k_base' });
    const row = (await readAll(fixturePath('toolcall.json'))).rows[0] as Extract<CanonicalRow, { kind: 'conversation' }>;
    const bare: CanonicalRow = { kind: 'conversation', messages: row.messages.map(({ toolCalls: _calls, ...message }) => message) };
    const [withCalls, without] = await measure.counter.count([row, bare]);
    // The schema alone is dozens of tokens; the call about ten.
    expect((withCalls as number) - (without as number)).toBeGreaterThan(40);
  });

  it('reads and writes an Alpaca row with tools (LLaMA-Factory names a tools column for Alpaca too)', () => {
    const reader = recordReader({ format: 'alpaca', kind: 'sft', columns: {}, tags: {}, roles: {} });
    const read = reader({ instruction: 'Weather in Oslo?', input: '', output: 'Let me look that up.', tools: JSON.stringify([weatherTool]) }, '$');
    expect(read.row).toEqual({ kind: 'conversation', messages: [{ role: 'user', content: 'Weather in Oslo?' }, { role: 'assistant', content: 'Let me look that up.' }], tools: [weatherTool] });
    const exported = rowToRecord(read.row as CanonicalRow, 'alpaca');
    expect(exported.ok && reader(exported.record, '$').row).toEqual(read.row);
  });
});
