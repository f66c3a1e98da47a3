import { z } from 'zod';
import type { HostHandlerMap } from '../hosts/hostProtocol.ts';
import { chooseTrainingDevice } from './native/chooseTrainingDevice.ts';
import { loadNativeTrainer } from './native/loadNativeTrainer.ts';
import type { TrainingDeviceChoice } from './native/nativeTrainerApi.ts';
import { calibrateTraining, type CalibrationRequest } from './run/calibrateTraining.ts';
import { exportCheckpoint, type ExportCheckpointRequest } from './run/exportCheckpoint.ts';
import { requestPause, runTraining } from './run/runTraining.ts';
import type { TrainingHostEvent, TrainingRunRequest } from './run/trainingHostProtocol.ts';

const pauseParams = z.object({ runId: z.string().min(1) });

/**
 * Trainer-host side of training runs: the native session lives here (never next to node-llama-cpp). 'training.run'
 * streams TrainingHostEvents; 'training.pause' arrives as a second request while a run is in flight.
 */
export const trainingHostHandlers: HostHandlerMap = {
  'training.run': async (params, context) => {
    const { request, totalSteps } = params as { request: TrainingRunRequest; totalSteps: number };
    return await runTraining(loadNativeTrainer(), request, totalSteps, (event: TrainingHostEvent) => context.emit(event), context.signal);
  },
  'training.pause': async (params) => ({ paused: requestPause(pauseParams.parse(params).runId) }),
  'training.calibrate': async (params) => await calibrateTraining(loadNativeTrainer(), params as CalibrationRequest),
  'training.exportCheckpoint': async (params) => await exportCheckpoint(loadNativeTrainer(), params as ExportCheckpointRequest),
  'training.inspect': async (params) => {
    const trainer = loadNativeTrainer();
    const { modelPath, device } = z.object({ modelPath: z.string(), device: z.string().optional() }).parse(params);
    const choice = (device ?? 'auto') as TrainingDeviceChoice;
    // inspectModel refuses a gpu:N that does not exist, naming the devices there are
    return { ...trainer.inspectModel(modelPath, choice), backends: [...trainer.backends], device: chooseTrainingDevice(trainer, choice) };
  },
};
