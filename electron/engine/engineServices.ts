import type { Database } from 'better-sqlite3';
import type { SystemInfo } from '../shared/contract/system.ts';
import type { EmitEvent } from './engineEvents.ts';
import type { SupervisedHost } from './hosts/supervisedHost.ts';
import type { InferenceHostContract } from './inference/inferenceHostContract.ts';
import type { TrainerHostContract } from './training/trainerHostContract.ts';
import type { JobRunner } from './jobs/jobRunner.ts';
import type { DataHome } from './store/dataHome.ts';

/** What every feature area's handlers get: the one database, data paths, jobs, hosts and the event bus. */
export interface EngineServices {
  readonly home: DataHome;
  readonly db: Database;
  readonly jobs: JobRunner;
  readonly hosts: { readonly inference: SupervisedHost<InferenceHostContract>; readonly trainer: SupervisedHost<TrainerHostContract> };
  readonly emit: EmitEvent;
  readonly shell: SystemInfo['shell'];
  readonly appVersion: string;
  /** Runs `cleanup` when the engine is disposed (listeners, timers an area started), before hosts and the database close. */
  onDispose(cleanup: () => Promise<void> | void): void;
}
