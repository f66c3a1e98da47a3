import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { worldSftProgressSchema } from '../../../electron/shared/contract/worldChat.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { collectJob } from '../inference/collectJob.ts';
import { worldModelFixture } from '../pretraining/worldModelFixture.ts';

process.env.WORKBENCH_THREADS = '1';
process.env.WORKBENCH_GPU = 'off';
const engine = createTestEngine('world-chat-engine');
afterAll(() => engine.dispose());

async function rejection(method: string, input: unknown): Promise<WorkbenchError> {
  try {
    await engine.call(method, input);
  } catch (error) {
    return error as WorkbenchError;
  }
  throw new Error(`${method} succeeded`);
}

describe('world chat lab in the engine', () => {
  it('refuses bad input before a job starts, naming the field or file', async () => {
    const models = await worldModelFixture();
    const worldDir = dirname(models.factsPath);
    const empty = join(engine.homePath, 'empty-world');
    mkdirSync(empty, { recursive: true });

    expect(await rejection('worldChat.sft', { worldDir, modelPath: models.chatPath, data: 'idk' })).toMatchObject({ code: 'bad_input', details: { field: 'idkDataPath' } });
    expect(await rejection('worldChat.sft', { worldDir: empty, modelPath: models.basePath })).toMatchObject({ code: 'not_found', details: { file: join(empty, 'qa.jsonl') } });
    expect(await rejection('worldChat.sft', { worldDir, modelPath: join(empty, 'nope.gguf') })).toMatchObject({ code: 'not_found', details: { field: 'model' } });
    expect(await rejection('worldChat.probe', { worldDir: empty, models: [{ label: 'chat', modelPath: models.chatPath }] })).toMatchObject({
      code: 'not_found',
      details: { file: join(empty, 'facts.json') },
    });
    expect(await rejection('worldChat.probe', { worldDir: join(empty, 'missing'), models: [{ label: 'chat', modelPath: models.chatPath }] })).toMatchObject({
      code: 'not_found',
      details: { field: 'worldDir' },
    });
    // A file that is not a model is refused by the model resolver before any job starts, the file named.
    expect(await rejection('worldChat.probe', { worldDir, models: [{ label: 'x', modelPath: models.factsPath }], perGroup: 1 })).toMatchObject({
      code: 'bad_input',
      details: { field: 'model', file: models.factsPath },
    });
  });

  it('cancels an SFT run within a step and writes no model', async () => {
    const models = await worldModelFixture();
    const outPath = join(engine.homePath, 'cancelled.gguf');
    let cancelled = false;
    const job = await collectJob(engine, 'worldChat.sft', { worldDir: dirname(models.factsPath), modelPath: models.basePath, steps: 5000, threads: 1, outPath }, (progress, jobId) => {
      if (!cancelled && Array.isArray(progress.data) && progress.data.length > 0) {
        cancelled = true;
        void engine.call('jobs.cancel', { jobId });
      }
    });
    expect(job.finished.state).toBe('cancelled');
    const steps = job.data.map((item) => worldSftProgressSchema.parse(item));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThan(50);
    expect(existsSync(outPath)).toBe(false);
  });
});
