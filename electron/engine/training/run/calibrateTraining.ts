import type { ResolvedTrainingConfig } from '../../../shared/contract/training.ts';
import type { NativeTrainerBinding, TrainingDeviceChoice, TrainingSequence } from '../native/nativeTrainerApi.ts';
import { median } from '../../stats/median.ts';
import type { TrainingExample } from '../trainingExamples.ts';
import { ExampleTokenizer } from './tokenizeExamples.ts';
import { sessionVocabulary } from './tokenVocabulary.ts';
import { constantSchedule, sessionOptionsForRun } from './sessionOptionsForRun.ts';

/** engine → trainer host: measure real optimizer steps of this config on a few of its rows. */
export interface CalibrationRequest {
  config: ResolvedTrainingConfig;
  chatTemplate: string | null;
  rows: TrainingExample[];
}

export interface Calibration {
  /** Tokens per second of a warm optimizer step, as the run's own metric counts them. */
  tokensPerSecond: number;
  /** Resident memory of the trainer process after the steps (what the run's metric reports). */
  memoryBytes: number;
}

/** Most warm steps timed, and the timed total after which one more would add little but waiting. */
const calibrationSteps = 3;
const stableMilliseconds = 2000;

/**
 * A session of the run's exact shape takes optimizer steps on one step's worth of the run's own rows; the warm
 * ones after the first are timed. The estimate's time and memory come from this measurement instead of a formula.
 */
export async function calibrateTraining(trainer: NativeTrainerBinding, request: CalibrationRequest): Promise<Calibration> {
  const { config } = request;
  // lr 0: the timed steps leave the weights as they are.
  const session = await trainer.createSession(
    sessionOptionsForRun(config, { dropout: config.lora?.dropout ?? 0, device: config.device as TrainingDeviceChoice, lr: 0, schedule: constantSchedule }),
  );
  try {
    const tokenizer = new ExampleTokenizer(sessionVocabulary(session), request.chatTemplate, config.contextLength, config.longRows);
    const set = tokenizer.tokenizeAll(request.rows, 'Training data');
    const perStep = config.batchSize * config.gradAccum;
    const step = async (): Promise<{ tokens: number; milliseconds: number }> => {
      if (config.objective === 'dpo') {
        const pairs = Array.from({ length: perStep }, (_, i) => set.pairs[i % Math.max(1, set.pairs.length)]!).map((pair) => ({
          chosen: pair.chosen,
          rejected: pair.rejected,
          referenceChosenLogProb: 0,
          referenceRejectedLogProb: 0,
        }));
        const result = await session.dpoStep({ pairs }, { beta: config.dpo?.beta ?? 0.1, labelSmoothing: 0 });
        return { tokens: result.tokens, milliseconds: result.milliseconds };
      }
      const sequences: TrainingSequence[] = Array.from({ length: perStep }, (_, i) => set.sequences[i % Math.max(1, set.sequences.length)]!).map(({ tokens, trainMask }) => ({ tokens, trainMask }));
      const result = await session.trainStep({ sequences });
      return { tokens: result.tokens, milliseconds: result.milliseconds };
    };
    await step();
    // One short warm step is at the mercy of whatever else the machine does for those milliseconds (a tiny model's
    // step takes ~20 ms): time up to three and take the median, unless one step alone already took long enough to
    // be a stable measurement (a real model's step takes seconds, and each extra one delays the estimate).
    const speeds: number[] = [];
    let timedMilliseconds = 0;
    while (speeds.length < calibrationSteps && (speeds.length === 0 || timedMilliseconds < stableMilliseconds)) {
      const warm = await step();
      speeds.push((warm.tokens * 1000) / Math.max(1e-3, warm.milliseconds));
      timedMilliseconds += warm.milliseconds;
    }
    return { tokensPerSecond: median(speeds), memoryBytes: process.memoryUsage().rss };
  } finally {
    session.dispose();
  }
}
