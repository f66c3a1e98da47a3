/**
 * Everything the trainer host (electron/workers/trainerHost.ts) serves, typed for both sides like the inference
 * host's contract. The run requests are built by the engine from already-parsed app input, so their params are
 * declared with `z.custom` (typed, not re-checked); only small requests get a real schema. Only zod and types here.
 */
import { z } from 'zod';
import type { PretrainingProgress, PretrainingResult, PretrainingRunInput } from '../../shared/contract/pretraining.ts';
import { hostMethod } from '../hosts/hostContract.ts';
import { compressHostContract } from '../compress/compressHostContract.ts';
import { rlHostContract } from '../rl/rlHostContract.ts';
import type { WorldSftRun, WorldSftRunResult, WorldSftStep } from '../worldChat/runWorldSft.ts';
import type { RewardTrainingRun, RewardTrainingRunResult } from '../rewardModel/trainRewardModel.ts';
import type { RewardModelProgress } from '../../shared/contract/rewardModel.ts';
import type { ModelSupport, TrainingDevice } from './native/nativeTrainerApi.ts';
import type { Calibration, CalibrationRequest } from './run/calibrateTraining.ts';
import type { ExportCheckpointRequest } from './run/exportCheckpoint.ts';
import type { TrainingHostEvent, TrainingRunRequest, TrainingRunResult } from './run/trainingHostProtocol.ts';

export interface TrainerInspection extends ModelSupport {
  readonly backends: string[];
  readonly device: TrainingDevice | null;
}

export const trainerHostContract = {
  /** A liveness check for supervision, answered before any training code is loaded. */
  'host.ping': hostMethod<{ pid: number }>()(z.object({})),

  'training.run': hostMethod<TrainingRunResult, TrainingHostEvent>()(z.object({ request: z.custom<TrainingRunRequest>(), totalSteps: z.number() })),
  /** Arrives as a second request while a run is in flight. */
  'training.pause': hostMethod<{ paused: boolean }>()(z.object({ runId: z.string().min(1) })),
  'training.calibrate': hostMethod<Calibration>()(z.custom<CalibrationRequest>()),
  'training.exportCheckpoint': hostMethod<{ step: number; outputPath: string }>()(z.custom<ExportCheckpointRequest>()),
  'training.inspect': hostMethod<TrainerInspection>()(z.object({ modelPath: z.string(), device: z.string().optional() })),

  'pretraining.run': hostMethod<PretrainingResult, PretrainingProgress>()(z.custom<PretrainingRunInput>()),
  'worldChat.sft': hostMethod<WorldSftRunResult, WorldSftStep>()(z.custom<WorldSftRun>()),
  ...compressHostContract,
  ...rlHostContract,
  'rewardModel.train': hostMethod<RewardTrainingRunResult, RewardModelProgress>()(z.custom<RewardTrainingRun>()),
} as const;

export type TrainerHostContract = typeof trainerHostContract;
