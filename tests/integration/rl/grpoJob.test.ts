import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJobProgress } from '../../../electron/shared/contract/jobPayloads.ts';
import type { GrpoInput, GrpoProgress, GrpoResult } from '../../../electron/shared/contract/rl.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { collectJob } from '../inference/collectJob.ts';

/**
 * The GRPO job through the engine and the trainer host: kill -9 of the host mid-run, then the same request again
 * resumes from the last checkpoint and redoes the next step exactly (sampling is seeded by run, step, prompt and
 * sample); pause checkpoints and stops, the history survives for a reloaded dashboard; cancel ends the job.
 */
describe('GRPO job: crash, resume, pause, cancel', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let dir: string;
  let config: (runDir: string, steps?: number) => GrpoInput;
  beforeAll(async () => {
    engine = createTestEngine('grpo-job');
    dir = mkdtempSync(join(tmpdir(), 'wb-grpo-job-'));
    const modelPath = await fixtureModel('tiny-chat');
    const promptsPath = join(dir, 'prompts.jsonl');
    writeFileSync(promptsPath, ['Say hello.|Hello!', 'What is 2+2?|Four.'].map((l) => JSON.stringify({ prompt: l.split('|')[0], answer: l.split('|')[1] })).join('\n'));
    config = (runDir, steps = 6) => ({
      modelPath,
      promptsPath,
      rewards: [
        { kind: 'exact', weight: 1 },
        { kind: 'regex', weight: 0.5, pattern: '^[A-Z]' },
      ],
      generations: 4,
      promptsPerStep: 1,
      steps,
      maxCompletionTokens: 6,
      learningRate: 1e-3,
      contextLength: 128,
      threads: 1,
      checkpointEvery: 2,
      evalEvery: 100,
      outPath: join(runDir, 'out.gguf'),
      runDir,
    });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  const itemsOf = (data: unknown[]): GrpoProgress[] => parseJobProgress('train-grpo', data);
  const stepsOf = (items: GrpoProgress[]) => items.flatMap((i) => (i.type === 'step' ? [i] : []));

  it('kill -9 of the trainer host mid-run, then the same run folder resumes and redoes the next step exactly', async () => {
    const runDir = join(dir, 'crash');
    let killed = false;
    const crashed = await collectJob<GrpoResult>(engine, 'rl.grpoStart', config(runDir), (progress) => {
      const items = itemsOf(Array.isArray(progress.data) ? progress.data : [progress.data]);
      if (!killed && items.some((i) => i.type === 'checkpoint')) {
        killed = true;
        process.kill(engine.services.hosts.trainer.status().pid!, 'SIGKILL');
      }
    });
    expect(crashed.finished.state).toBe('failed');
    expect(crashed.finished.error?.code).toBe('host_crashed');
    const before = stepsOf(itemsOf(crashed.data));
    expect(before.length).toBeGreaterThanOrEqual(2);

    const resumed = await collectJob<GrpoResult>(engine, 'rl.grpoStart', config(runDir));
    expect(resumed.finished.state, resumed.finished.error?.message).toBe('done');
    const result = resumed.finished.result!;
    expect(result.resumedFrom).toBe(2);
    expect(result.step).toBe(6);
    const after = stepsOf(itemsOf(resumed.data));
    expect(after[0]!.step).toBe(3);
    // the resume is said with a stage code and the step (the UI words it), not an English sentence
    expect(itemsOf(resumed.data).filter((i) => i.type === 'status')).toEqual([{ type: 'status', stage: { code: 'resumed', params: { step: 2 } } }]);
    const redone = before.find((s) => s.step === 3);
    if (redone) {
      expect(after[0]!.reward).toBeCloseTo(redone.reward, 9);
      expect(after[0]!.kl).toBeCloseTo(redone.kl, 4);
    }
    expect(existsSync(join(runDir, 'out.gguf'))).toBe(true);
    // the history holds each step once, the crashed run's steps after the checkpoint replaced by the resumed ones
    const history = (await engine.call('rl.grpoHistory', { runDir })) as { items: GrpoProgress[] };
    expect(stepsOf(history.items).map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history.items.some((i) => i.type === 'samples' && i.samples.length === 4)).toBe(true);
  });

  it('pause checkpoints and stops, the same folder finishes; cancel ends a job', async () => {
    const runDir = join(dir, 'pause');
    let asked = false;
    const paused = await collectJob<GrpoResult>(engine, 'rl.grpoStart', config(runDir), (progress) => {
      if (!asked && itemsOf(Array.isArray(progress.data) ? progress.data : [progress.data]).some((i) => i.type === 'step')) {
        asked = true;
        void engine.call('rl.grpoPause', { runDir });
      }
    });
    expect(paused.finished.state, paused.finished.error?.message).toBe('done');
    expect(paused.finished.result).toMatchObject({ status: 'paused', outPath: null });
    const at = paused.finished.result!.step;
    expect(at).toBeLessThan(6);
    const finished = await collectJob<GrpoResult>(engine, 'rl.grpoStart', config(runDir));
    expect(finished.finished.result).toMatchObject({ status: 'done', resumedFrom: at, step: 6 });

    let cancelled = false;
    const cancel = await collectJob<GrpoResult>(engine, 'rl.grpoStart', config(join(dir, 'cancel'), 50), (progress, jobId) => {
      if (!cancelled && itemsOf(Array.isArray(progress.data) ? progress.data : [progress.data]).some((i) => i.type === 'step')) {
        cancelled = true;
        void engine.call('jobs.cancel', { jobId });
      }
    });
    expect(cancel.finished.state).toBe('cancelled');
    await expect(engine.call('rl.grpoStart', { ...config(join(dir, 'crash')), generations: 3 })).rejects.toMatchObject({ code: 'conflict' });
  });
});
