import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrainerState } from '../../../electron/engine/training/external/readTrainerState.ts';

const folder = mkdtempSync(join(tmpdir(), 'wb-trainer-state-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const stateFile = (name: string, state: unknown): string => {
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify(state));
  return path;
};

describe('a transformers trainer_state.json as metric points', () => {
  it('reads loss, learning_rate, grad_norm and epoch per step; an evaluation logged between steps joins the step before it; the summary line is not a step', () => {
    const facts = readTrainerState(
      stateFile('plain.json', {
        global_step: 4,
        max_steps: 4,
        num_train_epochs: 1,
        train_batch_size: 8,
        log_history: [
          { step: 2, epoch: 0.5, loss: 1.25, learning_rate: 2e-4, grad_norm: 0.75 },
          { step: 3, eval_loss: 1.5, epoch: 0.75 },
          { step: 4, epoch: 1, loss: 1, learning_rate: 1e-4 },
          { step: 4, epoch: 1, train_loss: 1.1, train_runtime: 3 },
        ],
      }),
    );
    expect(facts).toMatchObject({ globalStep: 4, maxSteps: 4, numTrainEpochs: 1, trainBatchSize: 8, objective: 'sft' });
    expect(facts.points.map((point) => [point.step, point.epoch, point.loss, point.lr, point.gradNorm, point.valLoss])).toEqual([
      [2, 0.5, 1.25, 2e-4, 0.75, 1.5],
      [4, 1, 1, 1e-4, 0, null],
    ]);
  });

  it('names the file and the entry when the log is not a Trainer\'s', () => {
    expect(() => readTrainerState(stateFile('none.json', { steps: [] }))).toThrow(/none\.json has no log_history list/);
    expect(() => readTrainerState(stateFile('text.json', { log_history: [{ step: 1, loss: 'low' }] }))).toThrow(/text\.json: log_history\[0\]\.loss is not a number/);
    expect(() => readTrainerState(stateFile('eval-only.json', { log_history: [{ step: 1, eval_loss: 2 }] }))).toThrow(/has no training loss/);
    expect(() => readTrainerState(stateFile('half-dpo.json', { log_history: [{ step: 1, loss: 1, 'rewards/chosen': 0.1 }] }))).toThrow(/log_history\[0\] has DPO rewards but lacks rewards\/rejected/);
  });
});
