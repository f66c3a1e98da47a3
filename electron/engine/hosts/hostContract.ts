import type { z } from 'zod';

/**
 * One method a supervised host serves, declared like the app's contract (`method()` in shared/contract/define.ts):
 * a zod schema for its params, parsed by the host runtime because they cross a process boundary, and the types of
 * its result and streamed events. Result and event are type-only: the host is our own code, so they are not parsed
 * twice; an engine caller that wants a check parses the reply itself.
 */
export interface HostMethodSpec<P extends z.ZodType = z.ZodType, R = unknown, E = unknown> {
  readonly params: P;
  /** Never set: carries the result type for `HostResult`. */
  readonly result?: R;
  /** Never set: carries the event type for `HostEvent`. */
  readonly event?: E;
}

/** A host's methods by name; `SupervisedHost<C>` and `runHost(contract, handlers)` are generic over it. */
export type HostContract = Readonly<Record<string, HostMethodSpec>>;

/** `hostMethod<Result, Event>()(paramsSchema)`: two calls so the schema's type is inferred and the result named. */
export const hostMethod =
  <R, E = never>() =>
  <P extends z.ZodType>(params: P): HostMethodSpec<P, R, E> => ({ params });

/** What the engine sends (the schema's input: defaults may be left out). */
export type HostParams<S> = S extends HostMethodSpec<infer P, unknown, unknown> ? z.input<P> : never;
/** What the handler receives (the schema's output, defaults filled in). */
export type HostParsedParams<S> = S extends HostMethodSpec<infer P, unknown, unknown> ? z.output<P> : never;
export type HostResult<S> = S extends HostMethodSpec<z.ZodType, infer R, unknown> ? R : never;
export type HostEvent<S> = S extends HostMethodSpec<z.ZodType, unknown, infer E> ? E : never;

export interface HostHandlerContext<E = unknown> {
  readonly signal: AbortSignal;
  /** Streams an event back to the caller's `onEvent` (tokens, training steps). */
  emit(event: E): void;
}

/** One handler per method of the contract, each typed by its spec: a missing or misspelt method fails to compile. */
export type HostHandlers<C extends HostContract> = {
  readonly [M in keyof C]: (params: HostParsedParams<C[M]>, context: HostHandlerContext<HostEvent<C[M]>>) => Promise<HostResult<C[M]>>;
};
