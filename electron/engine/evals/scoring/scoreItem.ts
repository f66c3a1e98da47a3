import type { EvalFrame, EvalItem, EvalItemResult } from '../../../shared/contract/evals.ts';
import { finalNumber } from '../formats/answerParsing.ts';
import { delimiter, frameContext, frameStops } from '../prompts/framePrompt.ts';
import { pickChoices } from './choiceMetrics.ts';
import type { EvalModel } from './evalModel.ts';

export interface ScoreItemOptions {
  readonly frame: EvalFrame;
  readonly shots: readonly EvalItem[];
  readonly maxTokens: number;
}

/**
 * One item: a choice item scores every choice as a continuation of the same context (the inference host keeps
 * the context's KV cache between the calls, so only each choice's own tokens are evaluated again); a generation
 * item is answered greedily and its final number compared with the answer.
 */
export async function scoreItem(model: EvalModel, item: EvalItem, options: ScoreItemOptions, signal: AbortSignal): Promise<EvalItemResult> {
  const context = frameContext(options.frame, item, options.shots);
  if (item.kind === 'number') {
    const output = await model.generate(context, { maxTokens: options.maxTokens, stop: frameStops(options.frame) }, signal);
    const extracted = finalNumber(output);
    return { kind: 'number', itemId: item.id, question: item.question, output, extracted, answer: item.answer, correct: extracted === item.answer };
  }
  const choices = [];
  for (const choice of item.choices) {
    signal.throwIfAborted();
    const logprobs = await model.continuationLogprobs(context, `${delimiter(options.frame)}${choice}`, signal);
    choices.push({ text: choice, logprob: logprobs.reduce<number>((sum, logprob) => sum + (logprob ?? 0), 0), tokens: logprobs.length });
  }
  const picks = pickChoices(item.choices, choices.map((choice) => choice.logprob));
  return {
    kind: 'choice',
    itemId: item.id,
    question: item.question,
    choices,
    answer: item.answer,
    ...picks,
    correct: picks.chosen === item.answer,
    correctNorm: picks.chosenNorm === item.answer,
  };
}
