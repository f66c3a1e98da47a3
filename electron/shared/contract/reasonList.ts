import { z } from 'zod';

/**
 * A list of reasons — why an error happened, why a dataset row was refused, how a format was detected — as
 * `{ key: z.object(params) }`: the engine sends a key and its numbers and names, never a sentence, and the UI owns
 * the sentence for each key in each language (the tests check every list against both languages).
 */
export type ReasonParamList = Record<string, z.ZodObject>;

/** One reason of a list: `{ key, params }`, the params typed by the key. */
export type ReasonOf<P extends ReasonParamList> = { [K in keyof P & string]: { key: K; params: z.infer<P[K]> } }[keyof P & string];

/**
 * The zod schema of one reason of `params`: a union on `key`. Params are not strict, so a newer engine's extra
 * param is dropped rather than the whole reason; a key this list does not know fails (callers `.catch(undefined)`).
 */
export function reasonSchemaOf<P extends ReasonParamList>(params: P): z.ZodType<ReasonOf<P>> {
  const options = Object.entries(params).map(([key, shape]) => z.object({ key: z.literal(key), params: shape }));
  return z.discriminatedUnion('key', options as [(typeof options)[number], ...(typeof options)[number][]]) as unknown as z.ZodType<ReasonOf<P>>;
}

/** Builds one reason of a list with its params checked by the compiler against the key. */
export type ReasonBuilder<P extends ReasonParamList> = <K extends keyof P & string>(key: K, params: z.infer<P[K]>) => ReasonOf<P>;

/** The builder for `params`' reasons: `const reason = reasonBuilderOf(errorReasonParams); reason('trainer_busy', { kind })`. */
export function reasonBuilderOf<P extends ReasonParamList>(params: P): ReasonBuilder<P> {
  void params; // only its type is needed: the list's keys and param shapes
  return (key, values) => ({ key, params: values }) as ReasonOf<P>;
}
