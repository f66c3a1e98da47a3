import type { HostHandlers } from '../hosts/hostContract.ts';
import type { TrainerHostContract } from './trainerHostContract.ts';

/** What every trainer host answers before any training code is loaded: a liveness check for supervision. */
export const trainerHostBaseHandlers: HostHandlers<Pick<TrainerHostContract, 'host.ping'>> = {
  'host.ping': async () => ({ pid: process.pid }),
};
