import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRow } from '../../../electron/shared/contract/datasets.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { canonicalRows, importFailure, importSource } from './datasetJobs.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/datasets/${name}`, import.meta.url));
const answers = (rows: CanonicalRow[]): (string | undefined)[] => rows.map((row) => (row.kind === 'conversation' ? row.messages.at(-1)?.content : undefined));

describe('LLaMA-Factory demo shapes import as what they are, or are refused with the reason', () => {
  let engine: ReturnType<typeof createTestEngine>;
  beforeAll(() => {
    engine = createTestEngine('datasets-llamafactory');
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('refuses placeholders without values, naming them and their rows; stores nothing', async () => {
    const finished = await importFailure(engine, { kind: 'file', path: fixture('identity.json') });
    expect(finished.state).toBe('failed');
    expect(finished.error?.message).toContain('{{name}} (2 rows, first row 1), {{author}} (2 rows, first row 1)');
    expect(await engine.call('datasets.list', {})).toEqual([]);
  });

  it('imports them filled with the values given, or literally when the user says so', async () => {
    const filled = await importSource(engine, { kind: 'file', path: fixture('identity.json') }, { placeholders: { name: 'Nova', author: 'Acme' } });
    const filledRows = await canonicalRows(engine, filled.datasets[0]?.dataset.id as string);
    expect(answers(filledRows)[1]).toBe('I am Nova, built by Acme.');
    const literal = await importSource(engine, { kind: 'file', path: fixture('identity.json') }, { keepPlaceholders: true });
    expect(answers(await canonicalRows(engine, literal.datasets[0]?.dataset.id as string))[1]).toBe('I am {{ name }}, built by {{author}}.');
  });

  it('imports KTO as its own kind through dataset_info.json, with images refused', async () => {
    const result = await importSource(engine, { kind: 'file', path: fixture('llamafactory/dataset_info.json') }, { placeholders: { name: 'Nova', author: 'Acme' } });
    const byName = Object.fromEntries(result.datasets.map(({ dataset }) => [dataset.name, [dataset.kind, dataset.rows, dataset.rejectedRows]]));
    expect(byName).toMatchObject({ kto_demo: ['kto', 3, 0], mllm_demo: ['sft', 0, 2], identity: ['sft', 3, 0] });
  });

  it('previews a tool-call row through a template that supports tools, and refuses one that does not', async () => {
    const result = await importSource(engine, { kind: 'file', path: fixture('toolcall.json') });
    const datasetId = result.datasets[0]?.dataset.id as string;
    const rows = (await engine.call('datasets.rows', { datasetId })) as { rows: { id: number }[] };
    const rowId = rows.rows[0]?.id as number;
    const tokenizer = { kind: 'tiktoken', encoding: 'cl100k_base' };
    const plain = "{%- for message in messages %}{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}{%- endfor %}";
    await expect(engine.call('datasets.preview', { datasetId, rowId, tokenizer, template: { kind: 'custom', text: plain, name: 'plain' } })).rejects.toThrow(
      /plain does not render function calls: message 2 calls "get_weather"/,
    );
    const withTools = [
      "{%- if tools %}{{- '<|im_start|>system\\n' }}{%- for tool in tools %}{{- tool | tojson }}{%- endfor %}{{- '<|im_end|>\\n' }}{%- endif %}",
      "{%- for message in messages %}{{- '<|im_start|>' + message.role + '\\n' + message.content }}",
      "{%- if message.tool_calls %}{%- for call in message.tool_calls %}{{- '<tool_call>' + call.function.name + (call.function.arguments | tojson) + '</tool_call>' }}{%- endfor %}{%- endif %}",
      "{{- '<|im_end|>\\n' }}{%- endfor %}",
    ].join('');
    const preview = (await engine.call('datasets.preview', { datasetId, rowId, tokenizer, template: { kind: 'custom', text: withTools, name: 'tools' } })) as {
      kind: string;
      render: { text: string };
    };
    expect(preview.render.text).toContain('"name": "get_weather"');
    expect(preview.render.text).toContain('<tool_call>get_weather{"city": "Oslo"}</tool_call>');
  });
});
