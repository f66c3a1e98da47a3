import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ResolvedTrainingConfig } from '../../../shared/contract/training.ts';
import type { NativeTrainerBinding } from '../native/nativeTrainerApi.ts';
import { constantSchedule, sessionOptionsForRun } from './sessionOptionsForRun.ts';

/** engine → trainer host: write the adapter (or model) a run had at one of its checkpoints. */
export interface ExportCheckpointRequest {
  config: ResolvedTrainingConfig;
  checkpointDir: string;
  outputPath: string;
}

/**
 * A cancelled or paused run keeps its checkpoints; this turns one into the file a finished run would have written:
 * a session of the run's shape, the checkpoint's weights loaded into it, saved. Nothing is trained.
 */
export async function exportCheckpoint(trainer: NativeTrainerBinding, request: ExportCheckpointRequest): Promise<{ step: number; outputPath: string }> {
  const { config } = request;
  const session = await trainer.createSession(sessionOptionsForRun(config, { dropout: 0, lr: config.lr, schedule: constantSchedule }));
  try {
    const { step } = await session.loadCheckpoint(request.checkpointDir);
    mkdirSync(dirname(request.outputPath), { recursive: true });
    if (config.objective === 'full') await session.saveModel(request.outputPath);
    else await session.saveAdapter(request.outputPath);
    return { step, outputPath: request.outputPath };
  } finally {
    session.dispose();
  }
}
