import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { readJsonFile } from '../../adapters/interop/readJsonFile.ts';
import type { DpoMetrics, TrainingMetricPoint } from '../../../shared/contract/training.ts';

/** The DPO numbers TRL logs, under the names our runs use too (contract/training.ts dpoMetricsSchema). */
const dpoKeys = ['rewards/chosen', 'rewards/rejected', 'rewards/margins', 'rewards/accuracies', 'logps/chosen', 'logps/rejected'] as const;

/** What a transformers Trainer's trainer_state.json tells about the run besides its log. */
export interface TrainerStateFacts {
  readonly globalStep: number;
  readonly maxSteps: number | null;
  readonly numTrainEpochs: number | null;
  readonly trainBatchSize: number | null;
  /** DPO when the log has TRL's rewards/* keys. */
  readonly objective: 'sft' | 'dpo';
  readonly points: TrainingMetricPoint[];
}

type LogEntry = Record<string, unknown>;

function numberAt(entry: LogEntry, key: string, where: string, file: string): number | null {
  const value = entry[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new WorkbenchError('bad_input', `${file}: ${where}.${key} is not a number (${JSON.stringify(value)})`, { file, field: `${where}.${key}` }, reason('file_field_invalid', { file, field: `${where}.${key}` }));
  return value;
}

function dpoOf(entry: LogEntry, prefix: '' | 'eval_', where: string, file: string): DpoMetrics | null {
  const values = dpoKeys.map((key) => numberAt(entry, `${prefix}${key}`, where, file));
  if (values.every((value) => value === null)) return null;
  const missing = dpoKeys.filter((_, index) => values[index] === null);
  if (missing.length > 0) throw new WorkbenchError('bad_input', `${file}: ${where} has DPO rewards but lacks ${missing.map((key) => prefix + key).join(', ')}`, { file, field: where }, reason('file_field_invalid', { file, field: where }));
  return Object.fromEntries(dpoKeys.map((key, index) => [key, values[index]!])) as DpoMetrics;
}

/**
 * A trainer's log as our metric points: each entry with a training `loss` is a step (learning_rate, grad_norm,
 * epoch and TRL's DPO rewards beside it); an `eval_loss` entry joins the step it was logged at, or the last step
 * before it. The summary entry (train_loss, train_runtime) is not a step.
 */
export function readTrainerState(file: string): TrainerStateFacts {
  const state = readJsonFile(file);
  if (typeof state !== 'object' || state === null || !Array.isArray((state as LogEntry).log_history)) {
    throw new WorkbenchError('bad_input', `${file} has no log_history list (is it a transformers trainer_state.json?)`, { file, field: 'log_history' }, reason('file_field_invalid', { file, field: 'log_history' }));
  }
  const top = state as LogEntry;
  const history = top.log_history as unknown[];
  const at = new Date().toISOString();
  const points: TrainingMetricPoint[] = [];
  const evals: { step: number; valLoss: number; valDpo: DpoMetrics | null }[] = [];
  history.forEach((raw, index) => {
    const where = `log_history[${index}]`;
    if (typeof raw !== 'object' || raw === null) throw new WorkbenchError('bad_input', `${file}: ${where} is not an object`, { file, field: where }, reason('file_field_invalid', { file, field: where }));
    const entry = raw as LogEntry;
    const step = numberAt(entry, 'step', where, file);
    if (step === null) throw new WorkbenchError('bad_input', `${file}: ${where} has no step`, { file, field: `${where}.step` }, reason('file_field_invalid', { file, field: `${where}.step` }));
    const loss = numberAt(entry, 'loss', where, file);
    const evalLoss = numberAt(entry, 'eval_loss', where, file);
    if (loss !== null) {
      points.push({
        step,
        epoch: numberAt(entry, 'epoch', where, file) ?? 0,
        loss,
        lr: numberAt(entry, 'learning_rate', where, file) ?? 0,
        gradNorm: numberAt(entry, 'grad_norm', where, file) ?? 0,
        // The Trainer logs neither throughput per step nor target tokens nor memory.
        tokensPerSecond: 0,
        targetTokens: 0,
        valLoss: null,
        dpo: dpoOf(entry, '', where, file),
        valDpo: null,
        memoryBytes: null,
        at,
      });
    }
    if (evalLoss !== null) evals.push({ step, valLoss: evalLoss, valDpo: dpoOf(entry, 'eval_', where, file) });
  });
  if (points.length === 0) throw new WorkbenchError('bad_input', `${file}: log_history has no training loss (was logging on?)`, { file, field: 'log_history' }, reason('trainer_state_no_loss', { file }));
  points.sort((a, b) => a.step - b.step);
  const byStep = new Map(points.map((point, index) => [point.step, index]));
  for (const evaluation of evals) {
    let index = byStep.get(evaluation.step);
    if (index === undefined) index = points.findLastIndex((point) => point.step <= evaluation.step);
    if (index < 0) continue;
    points[index] = { ...points[index]!, valLoss: evaluation.valLoss, valDpo: evaluation.valDpo };
  }
  const integer = (key: string): number | null => {
    const value = numberAt(top, key, 'trainer_state', file);
    return value === null ? null : Math.round(value);
  };
  return {
    globalStep: integer('global_step') ?? points.at(-1)!.step,
    maxSteps: integer('max_steps'),
    numTrainEpochs: numberAt(top, 'num_train_epochs', 'trainer_state', file),
    trainBatchSize: integer('train_batch_size'),
    objective: points.some((point) => point.dpo !== null) ? 'dpo' : 'sft',
    points,
  };
}
