import type { ResolvedTrainingConfig, TrainingProgress } from '../../../shared/contract/training.ts';
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
  /** Only tokenize and report (training.estimate). */
  estimateOnly?: boolean;
}

/** What the host streams: the contract's progress items plus a setup item the engine stores on the run. */
export type TrainingHostEvent =
  | TrainingProgress
  | { type: 'setup'; runId: string; trainableParameters: number; backend: string; totalSteps: number; startStep: number; skipped: SkippedRow[] };

export interface TrainingRunResult {
  status: 'done' | 'paused' | 'estimated';
  step: number;
  totalSteps: number;
  trainableParameters: number;
  backend: string;
  /** The adapter the session trained (initAdapter's shape when one was continued); null in full mode. */
  lora: { rank: number; alpha: number; targets: string[] } | null;
  outputPath: string | null;
  finalLoss: number | null;
  finalValLoss: number | null;
  trainRows: number;
  validationRows: number;
  tokensPerEpoch: number;
  targetTokensPerEpoch: number;
  skipped: SkippedRow[];
}
