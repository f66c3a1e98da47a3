import { reason } from '../../../shared/contract/errorReasons.ts';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import type { TrainingSample } from '../../../shared/contract/training.ts';
import type { TrainingSession } from '../native/nativeTrainerApi.ts';
import type { TrainingExample } from '../trainingExamples.ts';

/** Tokens each checkpoint sample may generate. */
export const sampleTokens = 32;

/** Renders a prompt as the model sees it at generation time (chat template + assistant opening). */
export type RenderPrompt = (prompt: string) => Int32Array;

/** The user text a sample starts from, for each kind of row. */
function promptOfRow(row: TrainingExample): string | undefined {
  if (row.kind === 'conversation') return row.messages.find((m) => m.role === 'user')?.content;
  if (row.kind === 'preference') return row.prompt.filter((m) => m.role === 'user').at(-1)?.content;
  return row.text.split(/\s+/).slice(0, 4).join(' ');
}

/**
 * Up to three default sample prompts from the data (validation rows first). Rows whose prompt does not fit the
 * context beside the generated answer are passed over: a sample of a row too long to train on shows nothing, and
 * generating it would fail.
 */
export function defaultSamplePrompts(rows: readonly TrainingExample[], fits: (prompt: string) => boolean, count = 3): string[] {
  const prompts: string[] = [];
  for (const row of rows) {
    if (prompts.length >= count) break;
    const text = promptOfRow(row);
    if (text && !prompts.includes(text) && fits(text)) prompts.push(text);
  }
  return prompts;
}

/**
 * The rendered prompt, shortened from the start of the user's text until it leaves room for `sampleTokens` in
 * the context: the end of a prompt (the question) matters most for what the model answers. Null when even an
 * empty user text does not fit (a template longer than the context).
 */
export function fittedPrompt(session: TrainingSession, render: RenderPrompt, prompt: string, contextLength: number): { tokens: Int32Array; text: string } | null {
  const budget = contextLength - sampleTokens;
  let text = prompt;
  for (let attempt = 0; attempt < 8; attempt++) {
    const tokens = render(text);
    if (tokens.length <= budget) return { tokens, text };
    const own = session.tokenize(text);
    if (own.length === 0) return null;
    // Drop the overflow (plus a little, since re-tokenizing a cut text can merge tokens differently).
    const drop = Math.min(own.length, tokens.length - budget + 2 + attempt * 4);
    text = session.detokenize(own.slice(drop));
  }
  return null;
}

/**
 * One checkpoint sample. A sample is a look at the model, never the run itself: any failure is reported in the
 * sample's `error` and training goes on (a cancel still ends the run).
 */
export async function checkpointSample(
  session: TrainingSession,
  render: RenderPrompt,
  prompt: string,
  step: number,
  contextLength: number,
): Promise<TrainingSample> {
  try {
    const fitted = fittedPrompt(session, render, prompt, contextLength);
    if (!fitted) return { step, prompt, output: '', error: `the prompt does not fit the context length ${contextLength}`, errorReason: reason('sample_prompt_too_long', { contextLength }) };
    const output = await session.generate(fitted.tokens, { maxTokens: sampleTokens });
    return { step, prompt, output: session.detokenize(output), ...(fitted.text === prompt ? {} : { truncated: true }) };
  } catch (error) {
    // A cancel that lands during a sample ends the run as usual.
    if ((error as { code?: unknown } | null)?.code === 'cancelled') throw error;
    const why = error instanceof WorkbenchError ? error.reason : undefined;
    return { step, prompt, output: '', error: error instanceof Error ? error.message : String(error), ...(why ? { errorReason: why } : {}) };
  }
}
