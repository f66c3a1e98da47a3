import { describe, expect, it } from 'vitest';
import { columnsGroupedByModel, runComparison } from '../../../electron/engine/compare/runComparison.ts';
import { resolveContenders } from '../../../electron/engine/compare/resolveContenders.ts';
import { contenderSchema, type CompareCell, type CompareProgressItem, type CompareRunRecord, type ContenderInput } from '../../../electron/shared/contract/compare.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { fakeCompareBackend } from './fakeCompareBackend.ts';

const settings: CompareRunRecord['settings'] = { system: '', maxTokens: 8, seed: 42, fewShotLanguage: 'auto', placement: 'auto' };

function setup(contenders: ContenderInput[], options: Parameters<typeof fakeCompareBackend>[0] = {}) {
  const fake = fakeCompareBackend(options);
  return { ...fake, contenders: resolveContenders(fake.backend, contenders.map((contender) => contenderSchema.parse(contender))) };
}

async function run(setupResult: ReturnType<typeof setup>, prompts: string[], overrides: Partial<typeof settings> = {}, signal = new AbortController().signal) {
  const items: CompareProgressItem[] = [];
  const fractions: number[] = [];
  const saved: CompareCell[] = [];
  const cells = await runComparison(
    setupResult.backend,
    { contenders: setupResult.contenders, prompts, settings: { ...settings, ...overrides } },
    { signal, emit: (item, fraction) => (items.push(item), fractions.push(fraction)), onCell: (cell) => saved.push(cell) },
  );
  return { cells, items, fractions, saved };
}

describe('running a comparison', () => {
  it('streams every column at once when the models fit, and each column gets its own tokens', async () => {
    const s = setup([{ model: 'base' }, { model: 'chat', mode: 'chat' }]);
    const { cells, items, fractions, saved } = await run(s, ['Hello']);
    expect(items[0]).toMatchObject({ type: 'plan', plan: { placement: 'together' } });
    // Together: the second column starts before the first one ends.
    const starts = s.calls.filter((call) => call.kind === 'generate-start').map((call) => call.model);
    expect(starts).toEqual(['/models/base.gguf', '/models/chat.gguf']);
    expect(s.calls[1]!.kind).toBe('generate-start');
    expect(cells.map((cell) => cell.text)).toEqual(['base.gguf says Hello', 'chat.gguf says Hello']);
    for (const column of [0, 1]) {
      const streamed = items.flatMap((item) => (item.type === 'token' && item.column === column ? [item.delta] : [])).join('');
      expect(streamed).toBe(cells[column]!.text);
    }
    expect(saved).toHaveLength(2);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((fraction, index) => index === 0 || fraction >= fractions[index - 1]! - 1e-12)).toBe(true);
    expect(cells[0]).toMatchObject({ seed: 42, finishReason: 'eog', error: null });
    expect(cells[0]!.timings?.tokensPerSecond).toBe(100);
  });

  it('runs one model after another when memory is short, unloading each before the next', async () => {
    const s = setup([{ model: 'big-a' }, { model: 'big-b' }, { model: 'big-a', mode: 'fewshot' }], { freeRamGb: 10, modelGb: 8 });
    const { items, cells } = await run(s, ['p1', 'p2']);
    expect(items[0]).toMatchObject({ type: 'plan', plan: { placement: 'sequential', forced: false } });
    // Both big-a columns run before big-b loads, each column through all prompts; nothing overlaps.
    expect(s.calls.map((call) => `${call.kind} ${call.model.replace('/models/', '')}`)).toEqual([
      'generate-start big-a.gguf',
      'generate-end big-a.gguf',
      'generate-start big-a.gguf',
      'generate-end big-a.gguf',
      'generate-start big-a.gguf',
      'generate-end big-a.gguf',
      'generate-start big-a.gguf',
      'generate-end big-a.gguf',
      'unload big-a.gguf',
      'generate-start big-b.gguf',
      'generate-end big-b.gguf',
      'generate-start big-b.gguf',
      'generate-end big-b.gguf',
      'unload big-b.gguf',
    ]);
    expect(cells.map((cell) => [cell.prompt, cell.column])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
  });

  it('leaves a model loaded when it was loaded before the run', async () => {
    const s = setup([{ model: 'a' }, { model: 'b' }], { loaded: ['/models/a.gguf'] });
    await run(s, ['x'], { placement: 'sequential' });
    expect(s.calls.filter((call) => call.kind === 'unload').map((call) => call.model)).toEqual(['/models/b.gguf']);
    expect(s.loaded.has('/models/a.gguf')).toBe(true);
  });

  it('records a failing column as an error cell and finishes the others', async () => {
    const s = setup([{ model: 'base', mode: 'chat' }, { model: 'chat', mode: 'chat' }], { failOn: (request) => request.model === '/models/base.gguf' });
    const { cells } = await run(s, ['hi']);
    expect(cells[0]!.error).toMatchObject({ code: 'bad_input', details: { field: 'template' } });
    expect(cells[0]!.text).toBe('');
    expect(cells[1]!.error).toBeNull();
    expect(cells[1]!.text).toBe('chat.gguf says hi');
  });

  it('stops every column on cancel', async () => {
    const s = setup([{ model: 'a' }, { model: 'b' }]);
    const controller = new AbortController();
    const pending = run(s, ['one', 'two', 'three'], {}, controller.signal);
    setTimeout(() => controller.abort(new WorkbenchError('cancelled', 'Cancelled by the user')), 3);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(s.calls.filter((call) => call.kind === 'generate-start').length).toBeLessThan(6);
  });

  it("builds each mode's request: raw prompt, chat messages with the system text, few-shot dialogue with stops", async () => {
    const s = setup([{ model: 'm' }, { model: 'm', mode: 'chat', preset: 'greedy' }, { model: 'm', mode: 'fewshot', sampling: { temperature: 0.3 } }]);
    await run(s, ['Why?'], { system: 'Be brief.' });
    const requests = s.calls.filter((call) => call.kind === 'generate-start').map((call) => call.request!);
    expect(requests[0]).toMatchObject({ mode: 'raw', prompt: 'Why?', maxTokens: 8, sampling: { seed: 42, temperature: 0.7 } });
    expect(requests[1]).toMatchObject({ mode: 'chat', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Why?' }], sampling: { temperature: 0 } });
    expect(requests[2]).toMatchObject({ mode: 'raw', sampling: { temperature: 0.3, topK: 40 } });
    expect(String(requests[2]!.prompt).startsWith('Be brief.\n\nUser:')).toBe(true);
    expect(requests[2]!.stop).toContain('\nUser:');
  });

  it('groups columns by model for sequential runs', () => {
    expect(columnsGroupedByModel([{ modelPath: 'a' }, { modelPath: 'b' }, { modelPath: 'a' }, { modelPath: 'c' }])).toEqual([0, 2, 1, 3]);
  });
});

describe('resolving contenders', () => {
  it('names the column and field of a missing model', () => {
    const { backend } = fakeCompareBackend();
    expect(() => resolveContenders(backend, [contenderSchema.parse({ model: 'ok' }), contenderSchema.parse({ model: 'missing-one' })])).toThrow(
      expect.objectContaining({ code: 'not_found', message: expect.stringMatching(/^Column 2: /), details: expect.objectContaining({ field: 'contenders.1.model' }) }),
    );
  });

  it('labels contenders and keys them by what changes their output', () => {
    const { backend } = fakeCompareBackend();
    const [plain, adapted, renamed, greedy] = resolveContenders(
      backend,
      [
        { model: 'base' },
        { model: 'base', adapters: [{ adapter: 'sft', scale: 0.5 }], mode: 'fewshot' },
        { model: 'base', label: 'My base' },
        { model: 'base', preset: 'greedy' },
      ].map((contender) => contenderSchema.parse(contender)),
    );
    expect(plain!.label).toBe('base · raw');
    expect(adapted!.label).toBe('base + sft ×0.5 · few-shot');
    expect(renamed!.label).toBe('My base');
    expect(greedy!.label).toBe('base · raw · greedy');
    expect(renamed!.key).toBe(plain!.key);
    expect(new Set([plain!.key, adapted!.key, greedy!.key]).size).toBe(3);
    expect(greedy!.resolvedSampling.temperature).toBe(0);
  });
});

describe('memory estimates that fail', () => {
  it('runs one after another and says why, instead of failing the comparison', async () => {
    const s = setup([{ model: 'a' }, { model: 'b' }]);
    s.backend.estimate = async () => {
      throw new WorkbenchError('bad_input', 'Could not read /models/a.gguf: truncated', { file: '/models/a.gguf' });
    };
    const { items, cells } = await run(s, ['x']);
    expect(items[0]).toMatchObject({ type: 'plan', plan: { placement: 'sequential', forced: false } });
    expect((items[0] as { plan: { reason: string } }).plan.reason).toMatch(/memory estimate failed \(Could not read \/models\/a\.gguf: truncated\)/);
    expect(cells).toHaveLength(2);
  });

  it('unloads the model it loaded when a one-by-one run is cancelled', async () => {
    const s = setup([{ model: 'a' }, { model: 'b' }]);
    const controller = new AbortController();
    const pending = run(s, ['one', 'two', 'three'], { placement: 'sequential' }, controller.signal);
    setTimeout(() => controller.abort(new WorkbenchError('cancelled', 'Cancelled by the user')), 3);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(s.calls.filter((call) => call.kind === 'unload').map((call) => call.model)).toEqual(['/models/a.gguf']);
    expect(s.loaded.size).toBe(0);
  });
});
