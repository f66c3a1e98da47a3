import { describe, expect, it } from 'vitest';
import type { StepResult, TrainingSession } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { runStepLoop, withTrainingSession } from '../../../electron/engine/training/run/trainingLoop.ts';

const stepResult = (step: number, loss: number): StepResult => ({
  step,
  loss,
  learningRate: 1e-3,
  gradNorm: 1,
  clipped: false,
  tokens: 100,
  targetTokens: 50,
  milliseconds: 20,
});

/** The parts of a session the skeleton touches: abort and dispose, counted. */
function fakeSession() {
  const calls = { aborted: 0, disposed: 0 };
  const session = { abort: () => void calls.aborted++, dispose: () => void calls.disposed++ } as unknown as TrainingSession;
  return { session, calls };
}

describe('training loop skeleton', () => {
  it('runs the steps in order and keeps throughput, first, last and recent loss', async () => {
    const seen: number[] = [];
    const losses = [5, 4, 3, 2, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8];
    const totals = await runStepLoop({
      what: 'Training',
      first: 3,
      last: 14,
      learningRateField: 'lr',
      step: async (step) => stepResult(step, losses[step - 3]!),
      afterStep: (step, result, running) => {
        seen.push(step);
        expect(running.lastLoss).toBe(result.loss);
      },
    });
    expect(seen).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(totals).toMatchObject({ steps: 12, tokensSeen: 1200, trainMs: 240, tokensPerSecond: 5000, initialLoss: 5, lastLoss: 0.8, stoppedAt: null });
    // the last 10 steps: 3 … 0.8
    expect(totals.recentLoss).toBeCloseTo((3 + 2 + 1.5 + 1.4 + 1.3 + 1.2 + 1.1 + 1.0 + 0.9 + 0.8) / 10);
  });

  it('stops early when the hook says so (a pause) and reports the step', async () => {
    const totals = await runStepLoop({ what: 'Training', first: 1, last: 10, learningRateField: 'lr', step: async (step) => stepResult(step, 1), afterStep: (step) => (step === 4 ? 'stop' : undefined) });
    expect(totals).toMatchObject({ steps: 4, stoppedAt: 4 });
  });

  it('refuses a diverged loss naming the step and the field to change', async () => {
    const loop = runStepLoop({ what: 'Pretraining', first: 1, last: 5, learningRateField: 'learningRate', step: async (step) => stepResult(step, step === 3 ? Number.NaN : 1) });
    await expect(loop).rejects.toMatchObject({ code: 'internal', message: 'The loss became NaN at step 3: lower the learning rate', details: { field: 'learningRate' } });
  });

  it('catches a cancel between steps, before the next one starts', async () => {
    const controller = new AbortController();
    const ran: number[] = [];
    const loop = runStepLoop({
      what: 'World SFT',
      signal: controller.signal,
      first: 1,
      last: 10,
      learningRateField: 'learningRate',
      step: async (step) => {
        ran.push(step);
        if (step === 2) controller.abort();
        return stepResult(step, 1);
      },
    });
    await expect(loop).rejects.toMatchObject({ code: 'cancelled', message: 'World SFT was cancelled' });
    expect(ran).toEqual([1, 2]);
  });

  it('aborts the session call in flight on cancel and disposes the session however the body ends', async () => {
    const { session, calls } = fakeSession();
    const controller = new AbortController();
    const job = { what: 'Training', signal: controller.signal };
    await expect(
      withTrainingSession(job, async () => session, async () => {
        controller.abort();
        throw new Error('the step failed');
      }),
    ).rejects.toThrow('the step failed');
    expect(calls).toEqual({ aborted: 1, disposed: 1 });

    // after the body: no abort reaches a disposed session
    const second = fakeSession();
    const later = new AbortController();
    expect(await withTrainingSession({ what: 'Training', signal: later.signal }, async () => second.session, async () => 'done')).toBe('done');
    later.abort();
    expect(second.calls).toEqual({ aborted: 0, disposed: 1 });
  });

  it('refuses to start after a cancel, and catches a cancel that landed during the load', async () => {
    const cancelled = AbortSignal.abort();
    let opened = 0;
    await expect(withTrainingSession({ what: 'Training', signal: cancelled }, async () => (opened++, fakeSession().session), async () => 'ran')).rejects.toMatchObject({ code: 'cancelled' });
    expect(opened).toBe(0);

    const controller = new AbortController();
    const { session, calls } = fakeSession();
    const body = withTrainingSession(
      { what: 'Pretraining', signal: controller.signal },
      async () => {
        controller.abort();
        return session;
      },
      async () => 'ran',
    );
    await expect(body).rejects.toMatchObject({ code: 'cancelled', message: 'Pretraining was cancelled' });
    expect(calls.disposed).toBe(1);
  });
});
