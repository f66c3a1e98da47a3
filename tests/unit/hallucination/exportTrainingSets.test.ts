import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetStore } from '../../../electron/engine/datasets/datasetStore.ts';
import { exportTrainingSets, type ExportTarget } from '../../../electron/engine/hallucination/exportTrainingSets.ts';
import { HallucinationRunStore } from '../../../electron/engine/hallucination/runStore.ts';
import { migrateDatabase } from '../../../electron/engine/store/database.ts';
import { migrations } from '../../../electron/engine/store/migrations/index.ts';
import { runSettingsSchema, type SuiteItem } from '../../../electron/shared/contract/hallucination.ts';
import { resultFor } from './results.ts';
import { civilCodeZh as civilItem, orsonKovacs as kovacsItem } from './suiteItems.ts';

// The shared fixtures have one id; a run stores one result per item id.
const civilCodeZh: SuiteItem = { ...civilItem, id: 'civil' };
const orsonKovacs: SuiteItem = { ...kovacsItem, id: 'kovacs' };

/** The export goes through the real Datasets importer: files in the datasets folder, rows in the datasets tables. */
describe('exportTrainingSets → Datasets', () => {
  let dir: string;
  let db: BetterSqlite3.Database;
  let runs: HallucinationRunStore;
  let target: ExportTarget;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-idk-export-'));
    mkdirSync(join(dir, 'tmp'));
    db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    // Every migration, as the engine opens its database: the datasets tables gain columns over time (019).
    migrateDatabase(db, migrations);
    runs = new HallucinationRunStore(db);
    target = { datasetsDir: join(dir, 'datasets'), tmpDir: join(dir, 'tmp'), datasets: new DatasetStore(db) };
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const saveRun = (id: string, results: readonly [SuiteItem, string[]][], finish = true): void => {
    runs.createRun({
      id,
      jobId: null,
      label: 'chat',
      model: '/m.gguf',
      modelPath: '/m.gguf',
      lora: null,
      loraScale: 1,
      mode: 'chat',
      suiteName: 'builtin',
      suiteSha256: 'abc',
      settings: runSettingsSchema.parse({ samples: 2 }),
      itemCount: results.length,
    });
    results.forEach(([item, replies], position) => runs.saveResult(id, position, item, resultFor(item, replies)));
    if (finish) runs.finishRun(id, 'done');
  };

  it('imports the SFT set as conversations and the DPO set as preference pairs, Chinese text intact', async () => {
    saveRun('run-1', [
      [civilCodeZh, ['2021年1月1日', '2021年1月1日起施行']],
      [orsonKovacs, ['He is a painter.', 'He is a poet.']],
    ]);
    const exported = await exportTrainingSets(target, runs, 'run-1', 0.5, 'mixed');
    expect(exported).toMatchObject({ known: 1, unknown: 1, sft: { rows: 2, problems: 0 }, dpo: { rows: 2, problems: 0, reversePairs: 1 } });
    const sft = target.datasets.get(exported.sft.datasetId!);
    const dpo = target.datasets.get(exported.dpo.datasetId!);
    expect(sft).toMatchObject({ name: 'mixed-sft', kind: 'sft', rows: 2, rejectedRows: 0 });
    expect(dpo).toMatchObject({ name: 'mixed-dpo', kind: 'preference', rows: 2, rejectedRows: 0 });
    const rows = [...target.datasets.okRows(sft.id)].flat().map((entry) => entry.row);
    expect(rows[0]).toEqual({ kind: 'conversation', messages: [{ role: 'user', content: civilCodeZh.prompt }, { role: 'assistant', content: civilCodeZh.response ?? civilCodeZh.references[0]!.answer }] });
    const pairs = [...target.datasets.okRows(dpo.id)].flat().map((entry) => entry.row);
    expect(pairs[1]).toMatchObject({ kind: 'preference', prompt: [{ role: 'user', content: orsonKovacs.prompt }], rejected: [{ role: 'assistant', content: 'He is a painter.' }] });
  });

  it('imports nothing for an empty set and refuses a run that is still going', async () => {
    // The model declined every time: an SFT row to teach, but no hallucination to reject.
    saveRun('declined', [[orsonKovacs, ["I don't know.", "I'm not sure."]]]);
    const exported = await exportTrainingSets(target, runs, 'declined', 0.5);
    expect(exported.sft).toMatchObject({ rows: 1, problems: 0, datasetId: expect.any(String) });
    expect(exported.dpo).toMatchObject({ rows: 0, datasetId: null });
    expect(readFileSync(exported.dpo.path, 'utf8')).toBe('');
    expect(target.datasets.list().map((set) => set.kind)).toEqual(['sft']);

    saveRun('going', [[orsonKovacs, ['He is a painter.']]], false);
    await expect(exportTrainingSets(target, runs, 'going', 0.5)).rejects.toMatchObject({ code: 'conflict', details: { field: 'runId' } });
  });
});
