import type { DatasetKind, DatasetSummary } from '../../../../electron/shared/contract/datasets.ts';
import {
  loraTargetNames,
  trainingConfigSchema,
  type TrainingConfigInput,
  type TrainingData,
  type TrainingObjective,
  type TrainingPreset,
} from '../../../../electron/shared/contract/training.ts';

/** Numeric fields of the Advanced panel; an empty field means "the preset's value". */
export const advancedNumberFields = [
  'epochs',
  'maxSteps',
  'batchSize',
  'gradAccum',
  'contextLength',
  'lr',
  'weightDecay',
  'warmupRatio',
  'gradClip',
  'seed',
  'evalEvery',
  'checkpointEvery',
] as const;
export type AdvancedNumberField = (typeof advancedNumberFields)[number];

type LoraTarget = (typeof loraTargetNames)[number];

/**
 * A number field as typed: the text is kept as the user wrote it (so "abc" or "0" stays visible with an error
 * beside it instead of being replaced), numbers set by code are fine too. '' / null: the preset's value.
 */
export type DraftNumber = number | string;

/** Everything the New run form holds; `buildConfig` turns it into what training.estimate / start take. */
export interface TrainingDraft {
  objective: TrainingObjective;
  modelId: string | null;
  /** Adapter id or path to continue from; null = start from the base model. */
  initAdapter: string | null;
  datasetId: string | null;
  /** 'auto': the dataset's validation split if it has one; 'none'; or another dataset's id (all of its rows). */
  validation: string;
  preset: TrainingPreset;
  numbers: Partial<Record<AdvancedNumberField, DraftNumber>>;
  schedule: 'constant' | 'cosine' | 'linear' | null;
  lora: { rank: DraftNumber | null; alpha: DraftNumber | null; dropout: DraftNumber | null; targets: LoraTarget[] };
  dpo: { beta: DraftNumber | null; labelSmoothing: DraftNumber | null };
  /** One prompt per line. */
  samplePrompts: string;
  outputPath: string;
  name: string;
  /** Rows longer than the context: left out (the engine's default) or cut to fit. */
  longRows: 'skip' | 'truncate';
}

export const emptyDraft: TrainingDraft = {
  objective: 'sft',
  modelId: null,
  initAdapter: null,
  datasetId: null,
  validation: 'auto',
  preset: 'quick',
  numbers: {},
  schedule: null,
  lora: { rank: null, alpha: null, dropout: null, targets: [...loraTargetNames] },
  dpo: { beta: null, labelSmoothing: null },
  samplePrompts: '',
  outputPath: '',
  name: '',
  longRows: 'skip',
};

/** Which dataset kind each objective trains on. */
export const datasetKindFor: Record<TrainingObjective, DatasetKind> = { sft: 'sft', dpo: 'preference', full: 'pretrain' };

/** Why the form cannot be estimated yet (i18n key), or null when it can. */
export function draftProblem(draft: TrainingDraft): 'needModel' | 'needDataset' | 'needTargets' | null {
  if (!draft.modelId) return 'needModel';
  if (!draft.datasetId) return 'needDataset';
  if (draft.objective !== 'full' && draft.lora.targets.length === 0) return 'needTargets';
  return null;
}

/**
 * The training config for the draft. Only what the user set is sent: the engine fills the rest from the preset,
 * so the estimate always shows the values the run would really use.
 */
export function buildConfig(draft: TrainingDraft, datasets: readonly DatasetSummary[]): TrainingConfigInput | null {
  if (draftProblem(draft) !== null || !draft.modelId || !draft.datasetId) return null;
  const dataset = datasets.find((entry) => entry.id === draft.datasetId);
  // A dataset without a validation split trains on all of its rows; with one, the validation rows stay out.
  const trainSplit = dataset && dataset.validationRows > 0 && draft.validation === 'auto' ? 'train' : 'all';
  const data: TrainingData = { kind: 'dataset', datasetId: draft.datasetId, split: trainSplit };
  const config: TrainingConfigInput = { objective: draft.objective, model: draft.modelId, data, preset: draft.preset };
  if (draft.validation === 'none') config.validation = null;
  else if (draft.validation !== 'auto') config.validation = { kind: 'dataset', datasetId: draft.validation, split: 'all' };
  if (draft.initAdapter && draft.objective !== 'full') config.initAdapter = draft.initAdapter;
  // Every typed value is sent as typed (NaN for text that is no number): the contract refuses it by field name
  // (draftFieldErrors) instead of the form quietly falling back to the preset.
  for (const field of advancedNumberFields) {
    const value = typedNumber(draft.numbers[field]);
    if (value !== undefined) config[field] = value;
  }
  if (draft.schedule) config.schedule = draft.schedule;
  if (draft.objective !== 'full') {
    const [rank, alpha, dropout] = [draft.lora.rank, draft.lora.alpha, draft.lora.dropout].map(typedNumber);
    config.lora = { targets: draft.lora.targets, ...(rank === undefined ? {} : { rank }), ...(alpha === undefined ? {} : { alpha }), ...(dropout === undefined ? {} : { dropout }) };
  }
  if (draft.objective === 'dpo') {
    const [beta, labelSmoothing] = [draft.dpo.beta, draft.dpo.labelSmoothing].map(typedNumber);
    config.dpo = { ...(beta === undefined ? {} : { beta }), ...(labelSmoothing === undefined ? {} : { labelSmoothing }) };
  }
  const prompts = draft.samplePrompts
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (prompts.length > 0) config.samplePrompts = prompts.slice(0, 8);
  if (draft.outputPath.trim() !== '') config.outputPath = draft.outputPath.trim();
  if (draft.name.trim() !== '') config.name = draft.name.trim();
  if (draft.longRows === 'truncate') config.longRows = 'truncate';
  return config;
}

/** Datasets that fit the objective, newest first is how datasets.list already orders them. */
export const datasetsFor = (objective: TrainingObjective, datasets: readonly DatasetSummary[]): DatasetSummary[] =>
  datasets.filter((dataset) => dataset.kind === datasetKindFor[objective]);

/** undefined: left empty (the preset's value); NaN: typed, but not a number. */
function typedNumber(value: DraftNumber | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const text = value.trim();
  return text === '' ? undefined : Number(text);
}

/** Why one field is refused, as an i18n key of `fieldError.*` and the limit it broke. */
export interface FieldError {
  code: 'notNumber' | 'notInteger' | 'tooSmall' | 'atLeastAbove' | 'tooBig' | 'invalid';
  limit?: number;
}

/**
 * The config's fields the contract refuses, keyed by their path in the config ('lr', 'lora.rank', 'dpo.beta'):
 * the same zod schema training.start checks, so the form never starts what the engine would refuse, and never
 * starts something else in its place.
 */
export function draftFieldErrors(config: TrainingConfigInput | null): Record<string, FieldError> {
  if (!config) return {};
  const parsed = trainingConfigSchema.safeParse(config);
  if (parsed.success) return {};
  const errors: Record<string, FieldError> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.join('.');
    if (field in errors) continue;
    if (issue.code === 'invalid_type') errors[field] = { code: issue.expected === 'int' ? 'notInteger' : 'notNumber' };
    else if (issue.code === 'too_small') errors[field] = { code: issue.inclusive === false ? 'atLeastAbove' : 'tooSmall', limit: Number(issue.minimum) };
    else if (issue.code === 'too_big') errors[field] = { code: 'tooBig', limit: Number(issue.maximum) };
    else errors[field] = { code: 'invalid' };
  }
  return errors;
}
