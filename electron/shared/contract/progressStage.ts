import { z } from 'zod';

/**
 * What a job is doing now, as a code and the numbers it needs — never a sentence (the errors' reasons do the same).
 * An area lists its stages as `{ code: z.object(params) }` in its own contract; the UI owns the sentence for each
 * code in each language, using exactly those params as {{placeholders}} (tests/unit/i18n/progressStages.test.ts
 * checks every area's list against both languages).
 */
export type StageParamList = Record<string, z.ZodObject>;

/** One stage of a list: `{ code, params }`, the params typed by the code. */
export type StageOf<P extends StageParamList> = { [K in keyof P & string]: { code: K; params: z.infer<P[K]> } }[keyof P & string];

/** The zod schema of one stage of `params`: a union on `code`, each with its own params object. */
export function stageSchema<P extends StageParamList>(params: P): z.ZodType<StageOf<P>> {
  const options = Object.entries(params).map(([code, shape]) => z.object({ code: z.literal(code), params: shape.strict() }));
  return z.discriminatedUnion('code', options as [(typeof options)[number], ...(typeof options)[number][]]) as unknown as z.ZodType<StageOf<P>>;
}
