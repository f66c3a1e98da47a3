import type { ResolvedTrainingConfig, TrainingJobResult, TrainingProgress } from '../../../shared/contract/training.ts';
import type { TrainingExample } from '../trainingExamples.ts';
import type { SkippedRow } from './tokenizeExamples.ts';

/** engine → trainer host: everything one job of a run needs; the host owns the native session, the engine SQLite. */
export interface TrainingRunRequest {
  runId: string;
  config: ResolvedTrainingConfig;
  /** The model's tokenizer.chat_template (null: none; only plain text can train then). */
  chatTemplate: string | null;
  train: TrainingExample[];
  validation: TrainingExample[];
  /** Checkpoints live in runDir/checkpoints/step-NNNNNNN, the DPO reference cache in runDir. */
  runDir: string;
  /** Continue from the newest complete checkpoint in runDir. */
  resume: boolean;
}

/** What the host streams: the contract's progress items plus a setup item the engine stores on the run. */
export type TrainingHostEvent =
  | TrainingProgress
  | { type: 'setup'; runId: string; trainableParameters: number; backend: string; totalSteps: number; startStep: number; skipped: SkippedRow[] };

/** The job's result: declared in the contract, so the renderer parses what the host returns. */
export type TrainingRunResult = TrainingJobResult;

/** engine → inference host: count what would train, with a vocabulary-only model (no weights, no trainer). */
export interface TrainingCountRequest {
  modelPath: string;
  objective: 'sft' | 'dpo' | 'full';
  chatTemplate: string | null;
  contextLength: number;
  longRows: 'skip' | 'truncate';
  train: TrainingExample[];
  validation: TrainingExample[];
}

export interface TrainingCountResult {
  trainRows: number;
  validationRows: number;
  tokensPerEpoch: number;
  targetTokensPerEpoch: number;
  skipped: SkippedRow[];
  /** Training rows longer than the context (left out by 'skip', cut by 'truncate'). */
  longTrainRows: number;
  /** Training rows (units) each choice would train on. */
  keptBySkip: number;
  keptByTruncate: number;
}
