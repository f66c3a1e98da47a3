/**
 * The one API contract between the UI and the engine. Preload, the browser transport, the engine router and
 * the renderer all import this map; each feature area contributes its methods and events with one spread line.
 */
import type { z } from 'zod';
import { jobEvents, jobMethods } from './jobs.ts';
import { systemEvents, systemMethods } from './system.ts';
import { tokenizerMethods } from './tokenizer.ts';
import { modelsMethods } from './models.ts';
import { generateMethods } from './generate.ts';
import { hallucinationMethods } from './hallucination.ts';
import { compareMethods } from './compare.ts';
import { datasetsMethods } from './datasets.ts';
import { trainingMethods } from './training.ts';
import { pretrainingMethods } from './pretraining.ts';
import { pretrainingWorldJobMethods } from './pretrainingWorldJob.ts';
import { apiServerMethods } from './apiServer.ts';
import { worldChatMethods } from './worldChat.ts';
import { adaptersMethods } from './adapters.ts';
import { compressMethods } from './compress.ts';
import { rewardModelMethods } from './rewardModel.ts';
import { rlMethods } from './rl.ts';
import { interopMethods } from './interop.ts';
import { remoteMethods } from './remote.ts';
import { evalsMethods } from './evals.ts';
import { distillMethods } from './distill.ts';

export const methods = {
  ...systemMethods,
  ...jobMethods,
  ...tokenizerMethods,
  ...modelsMethods,
  ...generateMethods,
  ...hallucinationMethods,
  ...compareMethods,
  ...datasetsMethods,
  ...trainingMethods,
  ...pretrainingMethods,
  ...pretrainingWorldJobMethods,
  ...apiServerMethods,
  ...worldChatMethods,
  ...adaptersMethods,
  ...compressMethods,
  ...rewardModelMethods,
  ...rlMethods,
  ...interopMethods,
  ...remoteMethods,
  ...evalsMethods,
  ...distillMethods,
} as const;

export const events = {
  ...systemEvents,
  ...jobEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(methods, name);
export const isEventName = (name: string): name is EventName => Object.hasOwn(events, name);

/** What the renderer talks to; it cannot tell whether Electron IPC or a WebSocket is underneath. */
export interface WorkbenchClient {
  call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export { WorkbenchError, type ErrorCode, type WorkbenchErrorShape } from './errors.ts';
