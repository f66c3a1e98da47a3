import type { z } from 'zod';

/**
 * A method of the workbench API: a zod schema for its input (parsed at every boundary)
 * and one for its output (checked by the router in development and tests).
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

/** An event the engine pushes to every client (job progress, token streams, host status). */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> => ({
  input,
  output,
});

export const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ payload });
