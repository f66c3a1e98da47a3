import type { HostName } from '../../shared/contract/system.ts';
import type { WorkbenchErrorShape } from '../../shared/contract/errors.ts';

/** Messages between the engine and a supervised host process (structured-clone safe). */
export type EngineToHostMessage =
  | { type: 'request'; id: number; method: string; params: unknown }
  | { type: 'cancel'; id: number };

export type HostToEngineMessage =
  | { type: 'ready' }
  | { type: 'event'; id: number; event: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WorkbenchErrorShape };

/** A running child process as the supervisor sees it; Node's fork and Electron's utilityProcess both fit. */
export interface HostProcess {
  readonly pid: number | null;
  postMessage(message: EngineToHostMessage): void;
  onMessage(listener: (message: HostToEngineMessage) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type HostSpawner = (name: HostName) => HostProcess;
