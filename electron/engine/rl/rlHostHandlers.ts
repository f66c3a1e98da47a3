import type { HostHandlers } from '../hosts/hostContract.ts';
import { loadNativeTrainer } from '../training/native/loadNativeTrainer.ts';
import { requestGrpoPause } from './grpoPause.ts';
import type { rlHostContract } from './rlHostContract.ts';
import { runGrpo } from './runGrpo.ts';
import { compareAlignment } from './alignment/compareAlignment.ts';

/** Trainer-host side of GRPO: the policy session (and any reward-model session) lives here, beside SFT's. */
export const rlHostHandlers: HostHandlers<typeof rlHostContract> = {
  'rl.grpo': async (input, context) => await runGrpo(loadNativeTrainer(), input, (item) => context.emit(item), context.signal),
  'rl.grpoPause': async ({ runDir }) => ({ paused: requestGrpoPause(runDir) }),
  'rl.compareAlignment': async (input, context) => await compareAlignment(loadNativeTrainer(), input, (item) => context.emit(item), context.signal),
};
