import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingEstimate } from '../../../electron/shared/contract/training.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { conversationsJsonl, importJsonl, qaPairs, tinySftConfig } from './trainingHelpers.ts';

/** The silent failure other tools have: a row whose train mask covers nothing. We refuse and name the row. */
describe('training: refusals', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  beforeAll(async () => {
    engine = createTestEngine('training-refusals');
    modelPath = await fixtureModel('tiny-chat');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('a row whose assistant turn has weight 0 is refused by estimate and start, naming the row', async () => {
    const good = conversationsJsonl(qaPairs.slice(0, 2));
    const silent = conversationsJsonl([['Ignore me.', 'Nothing to learn here.']], 0);
    const dataset = await importJsonl(engine, 'masked.jsonl', `${good}\n${silent}`);
    expect(dataset.rows).toBe(3);
    const rows = (await engine.call('datasets.rows', { datasetId: dataset.id, status: 'ok', offset: 0, limit: 10 })) as { rows: { id: number }[] };
    const silentRowId = rows.rows[2]!.id;
    const config = tinySftConfig(modelPath, dataset.id, { validation: null, epochs: 1 });

    await expect(engine.call('training.estimate', { config })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining(`row ${silentRowId}: the train mask covers zero tokens`),
    });
    // start counts the rows before it creates a run: the refusal comes back from the call, and no run is left behind
    const runsBefore = ((await engine.call('training.runs', {})) as unknown[]).length;
    await expect(engine.call('training.start', { config })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining(`row ${silentRowId}: the train mask covers zero tokens`),
    });
    expect(((await engine.call('training.runs', {})) as unknown[]).length).toBe(runsBefore);
  });

  it('rows longer than the context are skipped and reported', async () => {
    const long = conversationsJsonl([['Tell me a long story.', 'once upon a time '.repeat(60)]]);
    const dataset = await importJsonl(engine, 'long.jsonl', `${conversationsJsonl(qaPairs)}\n${long}`);
    const estimate = (await engine.call('training.estimate', {
      config: tinySftConfig(modelPath, dataset.id, { validation: null, contextLength: 64 }),
    })) as TrainingEstimate;
    expect(estimate.trainRows).toBe(4);
    expect(estimate.skipped).toHaveLength(1);
    expect(estimate.skipped[0]!.reason).toContain('longer than the context length 64');
  });

  it('SFT refuses a plain text file and full training refuses an adapter', async () => {
    const text = join(engine.homePath, 'notes.txt');
    writeFileSync(text, 'some text');
    await expect(
      engine.call('training.start', { config: { objective: 'sft', model: modelPath, data: { kind: 'textFile', path: text } } }),
    ).rejects.toMatchObject({ code: 'bad_input' });
    await expect(
      engine.call('training.start', { config: { objective: 'full', model: modelPath, initAdapter: modelPath, data: { kind: 'textFile', path: text } } }),
    ).rejects.toMatchObject({ code: 'bad_input' });
  });
});
