import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { modelsMigration } from '../../../electron/engine/store/migrations/008_models.ts';
import { RunHistory, type NewRun } from '../../../electron/engine/inference/runHistory.ts';
import { exportRuns } from '../../../electron/engine/inference/exportRuns.ts';

const run = (overrides: Partial<NewRun> = {}): NewRun => ({
  kind: 'generate',
  mode: 'raw',
  source: 'playground',
  modelId: 'm1',
  modelName: 'tiny base',
  modelPath: '/models/tiny.gguf',
  modelSha256: 'ab'.repeat(32),
  adapters: [{ path: '/adapters/sft.gguf', sha256: 'cd'.repeat(32), scale: 0.5 }],
  template: null,
  request: { model: 'm1', prompt: 'Once upon a time', sampling: { temperature: 0.8, seed: 5 } },
  seed: 5,
  engine: { nodeLlamaCpp: '3.22.1', llamaCpp: 'b1', sampler: 'llama.cpp' },
  promptText: 'Once upon a time',
  outputText: ' there was a cat',
  finishReason: 'length',
  result: { samples: [{ text: ' there was a cat', finishReason: 'length', seed: 5 }] },
  ...overrides,
});

describe('run history', () => {
  let history: RunHistory;
  beforeEach(() => {
    const db = new BetterSqlite3(':memory:');
    modelsMigration.up(db);
    history = new RunHistory(db);
  });

  it('keeps everything needed to reproduce a run', () => {
    const id = history.record(run());
    expect(history.get(id)).toMatchObject({
      id,
      kind: 'generate',
      modelPath: '/models/tiny.gguf',
      modelSha256: 'ab'.repeat(32),
      adapters: [{ path: '/adapters/sft.gguf', sha256: 'cd'.repeat(32), scale: 0.5 }],
      seed: 5,
      engine: { nodeLlamaCpp: '3.22.1' },
      request: { prompt: 'Once upon a time' },
    });
    expect(history.delete(id)).toBe(true);
    expect(() => history.get(id)).toThrow(/No run/);
  });

  it('searches prompt, output and model name; % and _ are literal', () => {
    history.record(run({ promptText: 'The capital of France is', outputText: ' Paris' }));
    history.record(run({ promptText: '100% sure', outputText: 'yes', modelName: 'chat_model' }));
    history.record(run({ promptText: 'hello', outputText: 'world' }));
    expect(history.list('paris', 10, 0).runs.map((r) => r.outputPreview)).toEqual([' Paris']);
    expect(history.list('100%', 10, 0).total).toBe(1);
    expect(history.list('_', 10, 0).runs.map((r) => r.modelName)).toEqual(['chat_model']);
    expect(history.list('', 2, 0)).toMatchObject({ total: 3 });
    expect(history.list('', 2, 0).runs).toHaveLength(2);
    expect(history.list('', 2, 2).runs).toHaveLength(1);
  });

  it('exports JSON that parses back and Markdown that keeps the prompt and output intact', () => {
    const id = history.record(run({ request: { prompt: 'code: ```js\nx\n```', sampling: {} }, result: { samples: [{ text: 'out ``` put', finishReason: 'eog', seed: 5 }] } }));
    const json = exportRuns([history.get(id)], 'json', new Date('2025-01-02T03:04:05Z'));
    expect(json.fileName).toBe('workbench-runs-2025-01-02-03-04-05.json');
    expect((JSON.parse(json.content) as { runs: { id: string }[] }).runs[0]!.id).toBe(id);
    const markdown = exportRuns([history.get(id)], 'markdown').content;
    expect(markdown).toContain('````\ncode: ```js\nx\n```\n````');
    expect(markdown).toContain('out ``` put');
    expect(markdown).toContain(`sha256 ${'cd'.repeat(32)}`);
  });
});
