import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

export const trainerStateFile = 'trainer_state.json';
const adapterConfigFile = 'adapter_config.json';

/** checkpoint-N subfolders, newest (highest N) first. */
function checkpoints(folder: string): string[] {
  return readdirSync(folder)
    .map((name) => ({ name, step: /^checkpoint-(\d+)$/.exec(name)?.[1] }))
    .filter((entry): entry is { name: string; step: string } => entry.step !== undefined && statSync(join(folder, entry.name)).isDirectory())
    .sort((a, b) => Number(b.step) - Number(a.step))
    .map((entry) => join(folder, entry.name));
}

/**
 * Where a Trainer left its adapter and its log: an output folder (save_model + save_state write both there) or
 * a checkpoint-N folder; from an output folder without them, its newest checkpoint that has them.
 */
export function findTrainerOutput(from: string): { adapterFolder: string; trainerState: string } {
  const folder = resolve(from);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new WorkbenchError('not_found', `No trainer output folder at ${folder}`, { field: 'from', file: folder }, reason('folder_not_found', { folder }));
  const candidates = [folder, ...checkpoints(folder)];
  const adapterFolder = candidates.find((candidate) => existsSync(join(candidate, adapterConfigFile)));
  const stateFolder = candidates.find((candidate) => existsSync(join(candidate, trainerStateFile)));
  if (!adapterFolder) throw new WorkbenchError('not_found', `${folder} has no ${adapterConfigFile} (nor any checkpoint-N in it): not a PEFT adapter output`, { field: 'from', file: folder }, reason('trainer_output_no_adapter', { folder, file: adapterConfigFile }));
  if (!stateFolder) {
    throw new WorkbenchError('not_found', `${folder} has no ${trainerStateFile} (nor any checkpoint-N in it): the loss curve comes from the Trainer's state (trainer.save_state())`, {
      field: 'from',
      file: folder,
    }, reason('trainer_output_no_state', { folder, file: trainerStateFile }));
  }
  return { adapterFolder, trainerState: join(stateFolder, trainerStateFile) };
}
