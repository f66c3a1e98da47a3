import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import type { WorldProbeReport } from '../../../electron/shared/contract/worldChat.ts';
import { modelName, modelOptions } from '../../../renderer/src/pages/pretraining/modelChoices.ts';
import { beforeAfter, filterItems, formatShare, modelHeadline, reasonKey, verdictRows } from '../../../renderer/src/pages/pretraining/probeView.ts';
import { counts, report } from './fixtures.ts';

describe('probe report views', () => {
  it('turns a report into one bar per group and model, verdicts as shares that add up to one', () => {
    const rows = verdictRows(report());
    expect(rows.map((row) => row.key)).toEqual(['known|base', 'known|chat', 'heldOut|base', 'heldOut|chat', 'nonexistent|base', 'nonexistent|chat']);
    expect(rows[1]).toMatchObject({ group: 'known', label: 'chat', asked: 4, correct: 0.75, wrong: 0.25, refused: 0, hallucinated: 0 });
    for (const row of rows) expect(row.correct + row.wrong + row.refused + row.hallucinated).toBeCloseTo(1);
  });

  it('leaves out a group a model was not asked about, and never divides by zero', () => {
    const partial = report();
    // The contract says every group is there; an engine that skips one must not break the chart.
    partial.models[0]!.byGroup = { known: counts(0, 0, 0, 0, 0) } as WorldProbeReport['models'][number]['byGroup'];
    const rows = verdictRows(partial);
    expect(rows.filter((row) => row.label === 'base').map((row) => row.group)).toEqual(['known']);
    expect(rows[0]).toMatchObject({ correct: 0, wrong: 0 });
    expect(modelHeadline(partial, 'base')).toMatchObject({ knownAccuracy: null, nonexistentRefusal: null });
  });

  it('quotes the headline numbers before → after from the same report', () => {
    const three = report();
    three.models.push({
      label: 'chat+IDK',
      modelPath: '/m/idk.gguf',
      byGroup: { known: counts(4, 3, 0, 1, 0), heldOut: counts(4, 1, 0, 3, 0), nonexistent: counts(4, 0, 0, 4, 0) },
      completion: { asked: 10, correct: 6 },
    });
    const change = beforeAfter(three, 'chat', 'chat+IDK');
    expect(change?.before).toMatchObject({ knownAccuracy: 0.75, nonexistentRefusal: 0.25, heldOutHonest: 0.5, completionAccuracy: 0.6 });
    expect(change?.after).toMatchObject({ knownAccuracy: 0.75, nonexistentRefusal: 1, heldOutHonest: 1 });
    expect(beforeAfter(report(), 'chat', 'chat+IDK')).toBeNull();
    expect(formatShare(0.754)).toBe('75%');
    expect(formatShare(null)).toBe('–');
  });

  it('filters items by group and by the verdict of one model or any model', () => {
    const items = report().items;
    expect(filterItems(items, { group: 'known', verdict: null, label: null }).map((entry) => entry.personId)).toEqual(['p1']);
    expect(filterItems(items, { group: null, verdict: 'wrong', label: null }).map((entry) => entry.personId)).toEqual(['p1', 'p2']);
    expect(filterItems(items, { group: null, verdict: 'wrong', label: 'chat' })).toEqual([]);
    expect(filterItems(items, { group: null, verdict: 'hallucinated', label: 'chat' }).map((entry) => entry.personId)).toEqual(['p3']);
    expect(filterItems(items, { group: null, verdict: 'correct', label: 'chat+IDK' })).toEqual([]);
  });
});

describe('IDK data reasons', () => {
  it('gives the engine\'s known reasons a translatable key and leaves others as written', () => {
    expect(reasonKey('idk: nonexistent person')).toBe('idkNonexistent');
    expect(reasonKey('replay: known person')).toBe('replayKnown');
    expect(reasonKey('something new')).toBeNull();
  });
});

describe('model choices', () => {
  const entry = (path: string, name: string, exists = true) => ({ path, name, exists }) as ModelEntry;
  it('lists existing library models and keeps the current one even when the library lacks it', () => {
    const models = [entry('/m/a.gguf', 'A'), entry('/m/gone.gguf', 'Gone', false)];
    expect(modelOptions(models, null)).toEqual([{ value: '/m/a.gguf', label: 'A' }]);
    expect(modelOptions(models, { path: '/tmp/base.gguf', name: 'base.gguf' })[0]).toEqual({ value: '/tmp/base.gguf', label: 'base.gguf' });
    expect(modelOptions(models, { path: '/m/a.gguf', name: 'A' })).toHaveLength(1);
    expect(modelName(models, '/m/a.gguf')).toBe('A');
    expect(modelName(models, '/data/models/new chat.gguf')).toBe('new chat.gguf');
  });
});
