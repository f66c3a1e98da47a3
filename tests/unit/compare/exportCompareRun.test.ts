import { describe, expect, it } from 'vitest';
import { csvField, exportCompareRun } from '../../../electron/engine/compare/exportCompareRun.ts';
import { compareRunRecordSchema, type CompareRunRecord } from '../../../electron/shared/contract/compare.ts';

const timings = (tokensPerSecond: number) => ({ loadMs: 0, promptTokens: 4, promptTokensEvaluated: 4, timeToFirstTokenMs: 12.345, generatedTokens: 7, tokensPerSecond, totalMs: 50 });
const contender = (label: string) => ({
  model: `/m/${label}.gguf`,
  adapters: [],
  mode: 'raw' as const,
  preset: 'balanced' as const,
  sampling: {},
  label,
  key: label,
  modelPath: `/m/${label}.gguf`,
  modelName: label,
  resolvedSampling: { temperature: 0.7, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: 1.1, presencePenalty: 0, frequencyPenalty: 0, penaltyLastN: 64 },
});

const run: CompareRunRecord = compareRunRecordSchema.parse({
  id: '0123456789abcdef',
  jobId: null,
  title: 'Two prompts',
  createdAt: '2025-01-02T03:04:05.678Z',
  finishedAt: null,
  state: 'done',
  plan: null,
  contenders: [contender('base'), contender('chat')],
  settings: { system: '', maxTokens: 16, seed: 9, fewShotLanguage: 'auto', placement: 'auto' },
  prompts: ['Say "hi", please', '你好'],
  cells: [
    { prompt: 0, column: 0, text: 'hi,\nthere', finishReason: 'eog', seed: 9, timings: timings(123.456), renderedPrompt: null, error: null },
    { prompt: 0, column: 1, text: '', finishReason: null, seed: 9, timings: null, renderedPrompt: null, error: { code: 'bad_input', message: 'no chat template' } },
    { prompt: 1, column: 0, text: '世界', finishReason: 'length', seed: 9, timings: timings(50), renderedPrompt: null, error: null },
  ],
  error: null,
});

/** A small RFC 4180 reader, enough to check what a spreadsheet would see. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  return rows;
}

describe('exporting a comparison', () => {
  it('writes CSV with one row per prompt and four fields per contender, quoting what needs it', () => {
    const file = exportCompareRun(run, 'csv');
    expect(file.fileName).toBe('compare-2025-01-02-03-04-05-01234567.csv');
    expect(file.content.startsWith('\uFEFF')).toBe(true);
    const rows = readCsv(file.content.slice(1));
    expect(rows[0]).toEqual(['prompt_index', 'prompt', 'base | output', 'base | tokens', 'base | tokens_per_second', 'base | ttft_ms', 'chat | output', 'chat | tokens', 'chat | tokens_per_second', 'chat | ttft_ms']);
    expect(rows[1]).toEqual(['1', 'Say "hi", please', 'hi,\nthere', '7', '123.46', '12.3', 'ERROR: no chat template', '', '', '']);
    expect(rows[2]).toEqual(['2', '你好', '世界', '7', '50', '12.3', '', '', '', '']);
    expect(rows).toHaveLength(3);
  });

  it('writes the whole record as JSON and a readable Markdown report', () => {
    expect(compareRunRecordSchema.parse(JSON.parse(exportCompareRun(run, 'json').content))).toEqual(run);
    const markdown = exportCompareRun(run, 'markdown').content;
    expect(markdown).toContain('# Two prompts');
    expect(markdown).toContain('### base · 123.5 tokens/s');
    expect(markdown).toContain('> Error: no chat template');
    expect(markdown).toContain('(not run)');
  });

  it('quotes CSV fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField(null)).toBe('');
    expect(csvField(3.5)).toBe('3.5');
  });
});
