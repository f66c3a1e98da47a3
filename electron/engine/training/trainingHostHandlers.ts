import type { HostHandlers } from '../hosts/hostContract.ts';
import { chooseTrainingDevice } from './native/chooseTrainingDevice.ts';
import { loadNativeTrainer } from './native/loadNativeTrainer.ts';
import type { TrainingDeviceChoice } from './native/nativeTrainerApi.ts';
import { calibrateTraining } from './run/calibrateTraining.ts';
import { exportCheckpoint } from './run/exportCheckpoint.ts';
import { requestPause, runTraining } from './run/runTraining.ts';
import type { TrainerHostContract } from './trainerHostContract.ts';

/**
 * Trainer-host side of training runs: the native session lives here (never next to node-llama-cpp). 'training.run'
 * streams TrainingHostEvents; 'training.pause' arrives as a second request while a run is in flight.
 */
export const trainingHostHandlers: HostHandlers<
  Pick<TrainerHostContract, 'training.run' | 'training.pause' | 'training.calibrate' | 'training.exportCheckpoint' | 'training.inspect'>
> = {
  'training.run': async ({ request, totalSteps }, context) => await runTraining(loadNativeTrainer(), request, totalSteps, (event) => context.emit(event), context.signal),
  'training.pause': async ({ runId }) => ({ paused: requestPause(runId) }),
  'training.calibrate': async (request) => await calibrateTraining(loadNativeTrainer(), request),
  'training.exportCheckpoint': async (request) => await exportCheckpoint(loadNativeTrainer(), request),
  'training.inspect': async ({ modelPath, device }) => {
    const trainer = loadNativeTrainer();
    // inspectModel checks the spelling (cpu, auto, gpu:N) and names the devices there are
    const choice = (device ?? 'auto') as TrainingDeviceChoice;
    // inspectModel refuses a gpu:N that does not exist, naming the devices there are
    return { ...trainer.inspectModel(modelPath, choice), backends: [...trainer.backends], device: chooseTrainingDevice(trainer, choice) };
  },
};
