import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunImportResult } from '../../../electron/shared/contract/interop.ts';
import type { TrainingRunDetail } from '../../../electron/shared/contract/training.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { randomModule, writePeftFolder } from '../../helpers/foreignAdapters.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';

/**
 * A run trained elsewhere on data this workbench never saw has no data hash: the history must say "unknown" (null),
 * not '' — two such runs would otherwise look as if they trained on the same rows.
 */
describe('an external run whose data is unknown', () => {
  const engine = createTestEngine('external-run-data');
  const work = createTempHome('external-run-data-files');
  let base: string;
  beforeAll(async () => {
    base = await fixtureModel('tiny-base');
  });
  afterAll(async () => {
    await engine.dispose();
    work.cleanup();
  });

  it('records its data hash as null in the run and its adapter', async () => {
    const output = join(work.path, 'output');
    writePeftFolder(output, [randomModule('model.layers.0.self_attn.q_proj', 2, 64, 64)], { r: 2, lora_alpha: 4, target_modules: ['q_proj'] });
    writeFileSync(join(output, 'trainer_state.json'), JSON.stringify({ global_step: 2, max_steps: 2, log_history: [{ step: 1, loss: 2 }, { step: 2, loss: 1.5 }] }));
    const imported = (await engine.call('interop.importRun', { from: output, model: base })) as RunImportResult;
    const run = (await engine.call('training.run', { runId: imported.runId })) as TrainingRunDetail;
    expect(run.dataSha256).toBeNull();
    const row = engine.services.db.prepare('SELECT data_sha256 FROM training_runs WHERE id = ?').get(imported.runId) as { data_sha256: string | null };
    expect(row.data_sha256).toBeNull();
    const adapters = (await engine.call('training.adapters', {})) as { runId: string | null; dataSha256: string | null }[];
    expect(adapters.find((adapter) => adapter.runId === imported.runId)?.dataSha256).toBeNull();
  });
});
