import type { HostHandlerMap } from '../hosts/hostProtocol.ts';

/** What every trainer host answers before any training code is loaded: a liveness check for supervision. */
export const trainerHostBaseHandlers: HostHandlerMap = {
  'host.ping': async () => ({ pid: process.pid }),
};
