import { randomUUID } from 'node:crypto';
import type { EventName } from '../shared/contract/index.ts';
import type { SystemInfo } from '../shared/contract/system.ts';
import { EngineEvents } from './engineEvents.ts';
import type { EngineServices } from './engineServices.ts';
import { HandlerRegistry, type CallContext } from './handlerRegistry.ts';
import type { HostSpawner } from './hosts/hostProtocol.ts';
import { SupervisedHost } from './hosts/supervisedHost.ts';
import { JobRunner } from './jobs/jobRunner.ts';
import { openDatabase } from './store/database.ts';
import { openDataHome, resolveDataHomeRoot } from './store/dataHome.ts';
import { registerSystemHandlers } from './system/registerSystemHandlers.ts';
import { registerTokenizerHandlers } from './tokenizer/registerTokenizerHandlers.ts';
import { registerModelsHandlers } from './models/registerModelsHandlers.ts';
import { registerGenerateHandlers } from './inference/registerGenerateHandlers.ts';
import { registerCompareHandlers } from './compare/registerCompareHandlers.ts';
import { registerHallucinationHandlers } from './hallucination/registerHallucinationHandlers.ts';
import { registerDatasetsHandlers } from './datasets/registerDatasetsHandlers.ts';
import { registerTrainingHandlers } from './training/registerTrainingHandlers.ts';
import { registerPretrainingHandlers } from './pretraining/registerPretrainingHandlers.ts';
import { registerPretrainingWorldJobHandlers } from './pretraining/registerWorldJobHandlers.ts';
import { registerApiServerHandlers } from './openai/registerApiServerHandlers.ts';
import { registerWorldChatHandlers } from './worldChat/registerWorldChatHandlers.ts';
import { registerRewardModelHandlers } from './rewardModel/registerRewardModelHandlers.ts';
import { registerRlHandlers } from './rl/registerRlHandlers.ts';
import { registerAdaptersHandlers } from './adapters/registerAdaptersHandlers.ts';
import { registerCompressHandlers } from './compress/registerCompressHandlers.ts';
import { registerInteropHandlers } from './interop/registerInteropHandlers.ts';
import { registerRemoteHandlers } from './remote/registerRemoteHandlers.ts';
import { registerEvalsHandlers } from './evals/registerEvalsHandlers.ts';
import { registerDistillHandlers } from './distill/registerDistillHandlers.ts';

export interface EngineOptions {
  /** Electron passes app.getPath('userData'); WORKBENCH_HOME still wins (see resolveDataHomeRoot). */
  dataHome?: string;
  hostSpawner: HostSpawner;
  shell: SystemInfo['shell'];
  appVersion?: string;
}

export interface Engine {
  readonly services: EngineServices;
  call(method: string, input: unknown, context?: CallContext): Promise<unknown>;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  dispose(): Promise<void>;
}

/** Builds the engine every shell uses (Electron main, `workbench serve`, CLI commands, tests). */
export function createEngine(options: EngineOptions): Engine {
  const home = openDataHome(resolveDataHomeRoot(options.dataHome));
  const db = openDatabase(home.databaseFile);
  const events = new EngineEvents();
  const disposers: (() => Promise<void> | void)[] = [];
  const onHostStatus = (status: Parameters<typeof events.emit<'host.status'>>[1]): void => events.emit('host.status', status);
  const services: EngineServices = {
    home,
    db,
    jobs: new JobRunner(db, events.emit),
    hosts: {
      inference: new SupervisedHost('inference', options.hostSpawner, onHostStatus),
      trainer: new SupervisedHost('trainer', options.hostSpawner, onHostStatus),
    },
    emit: events.emit,
    shell: options.shell,
    appVersion: options.appVersion ?? '0.1.0',
    onDispose: (cleanup) => void disposers.push(cleanup),
  };

  const registry = new HandlerRegistry();
  registerSystemHandlers(registry, services);
  registerTokenizerHandlers(registry, services);
  registerModelsHandlers(registry, services);
  registerGenerateHandlers(registry, services);
  registerCompareHandlers(registry, services);
  registerHallucinationHandlers(registry, services);
  registerDatasetsHandlers(registry, services);
  registerPretrainingHandlers(registry, services);
  registerPretrainingWorldJobHandlers(registry, services);
  registerTrainingHandlers(registry, services);
  registerApiServerHandlers(registry, services);
  registerWorldChatHandlers(registry, services);
  registerRewardModelHandlers(registry, services);
  registerRlHandlers(registry, services);
  registerAdaptersHandlers(registry, services);
  registerCompressHandlers(registry, services);
  registerInteropHandlers(registry, services);
  registerRemoteHandlers(registry, services);
  registerEvalsHandlers(registry, services);
  registerDistillHandlers(registry, services);

  const defaultContext: CallContext = { clientId: `local-${randomUUID()}` };
  return {
    services,
    call: (method, input, context = defaultContext) => registry.dispatch(method, input, context),
    onEvent: (listener) => events.onAny(listener),
    async dispose() {
      services.jobs.cancelAll();
      await Promise.allSettled(disposers.map((cleanup) => cleanup()));
      services.hosts.inference.dispose();
      services.hosts.trainer.dispose();
      db.close();
    },
  };
}
