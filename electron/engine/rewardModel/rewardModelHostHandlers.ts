import type { HostHandlers } from '../hosts/hostContract.ts';
import { loadNativeTrainer } from '../training/native/loadNativeTrainer.ts';
import type { TrainerHostContract } from '../training/trainerHostContract.ts';
import { trainRewardModel } from './trainRewardModel.ts';

/** Trainer-host side of reward models: the Bradley–Terry LoRA run; steps and evaluations stream back as events. */
export const rewardModelHostHandlers: HostHandlers<Pick<TrainerHostContract, 'rewardModel.train'>> = {
  'rewardModel.train': async (params, context) => await trainRewardModel(loadNativeTrainer(), params, (event) => context.emit(event), context.signal),
};
