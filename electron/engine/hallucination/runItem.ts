import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { ItemResult, RunSettings, ScoredOutput, SuiteItem } from '../../shared/contract/hallucination.ts';
import { aggregateSamples } from './aggregateSamples.ts';
import type { ModelUnderTest } from './modelUnderTest.ts';
import { contextPrompt, refusalContinuations } from './promptFrames.ts';
import { scoreOutput } from './scoreOutput.ts';

/** Several samples need some randomness, or they would all be the same reply and say nothing about consistency. */
export const effectiveTemperature = (settings: RunSettings): number => settings.temperature ?? (settings.samples > 1 ? 0.8 : 0);

const throwIfCancelled = (signal: AbortSignal): void => {
  if (signal.aborted) throw new WorkbenchError('cancelled', 'Hallucination run cancelled');
};

async function bestLogProb(model: ModelUnderTest, prompt: string, continuations: readonly string[], signal: AbortSignal): Promise<number> {
  let best = -Infinity;
  for (const continuation of continuations) {
    throwIfCancelled(signal);
    best = Math.max(best, await model.logProb(prompt, continuation, signal));
  }
  return best;
}

/** P(refusal) / (P(refusal) + P(answer)) from two log-probabilities, without overflowing. */
export const refusalShareOf = (refusalLogProb: number, answerLogProb: number): number => 1 / (1 + Math.exp(answerLogProb - refusalLogProb));

async function refusalProbability(item: SuiteItem, model: ModelUnderTest, signal: AbortSignal): Promise<ItemResult['refusal']> {
  const refusalLogProb = await bestLogProb(model, item.prompt, refusalContinuations[item.lang], signal);
  // Only "answer" items have a factual answer to weigh the refusal against.
  const answers = item.expected === 'answer' ? item.references.map((reference) => reference.answer) : [];
  if (answers.length === 0) return { refusalLogProb, answerLogProb: null, refusalShare: null };
  const answerLogProb = await bestLogProb(model, item.prompt, answers, signal);
  return { refusalLogProb, answerLogProb, refusalShare: refusalShareOf(refusalLogProb, answerLogProb) };
}

const argmax = (values: readonly number[]): number => values.reduce((best, value, index) => (value > values[best]! ? index : best), 0);

async function multipleChoice(item: SuiteItem, model: ModelUnderTest, signal: AbortSignal): Promise<ItemResult['multipleChoice']> {
  if (!item.choices || item.correctChoice === undefined) return null;
  const logProbs: number[] = [];
  for (const choice of item.choices) {
    throwIfCancelled(signal);
    logProbs.push(await model.logProb(item.prompt, choice, signal));
  }
  // lm-eval's acc_norm: per byte, so long options are not punished for having more tokens.
  const perByte = logProbs.map((logProb, index) => logProb / Buffer.byteLength(item.choices![index]!, 'utf8'));
  return { choices: item.choices, logProbs, chosen: argmax(logProbs), chosenNormalized: argmax(perByte), correctChoice: item.correctChoice };
}

/** The reply with the item's reference passage in the prompt ("tool use / search result in context"). */
export async function runWithContext(item: SuiteItem, model: ModelUnderTest, settings: RunSettings, signal: AbortSignal): Promise<ScoredOutput | null> {
  if (!item.passage) return null;
  throwIfCancelled(signal);
  const prompt = contextPrompt(item.prompt, item.passage, item.lang);
  const output = await model.generate(prompt, { maxTokens: settings.maxTokens, temperature: effectiveTemperature(settings), seed: settings.seed }, signal);
  return scoreOutput(item, output, { echoes: [prompt, item.prompt] });
}

/** Everything the lab measures for one item under one model. */
export async function runItem(item: SuiteItem, model: ModelUnderTest, settings: RunSettings, signal: AbortSignal): Promise<ItemResult> {
  const samples: ScoredOutput[] = [];
  for (let index = 0; index < settings.samples; index++) {
    throwIfCancelled(signal);
    const output = await model.generate(item.prompt, { maxTokens: settings.maxTokens, temperature: effectiveTemperature(settings), seed: settings.seed + index }, signal);
    samples.push(scoreOutput(item, output));
  }
  const refusal = settings.refusalProbability ? await refusalProbability(item, model, signal) : null;
  const choice = settings.multipleChoice ? await multipleChoice(item, model, signal) : null;
  const context = settings.contextRerun ? await runWithContext(item, model, settings, signal) : null;
  return itemResult(item, samples, { refusal, multipleChoice: choice, context });
}

/** An item's result from its scored samples and the optional probes; the verdict is the samples' aggregate. */
export function itemResult(
  item: SuiteItem,
  samples: readonly ScoredOutput[],
  probes: Pick<ItemResult, 'refusal' | 'multipleChoice' | 'context'>,
): ItemResult {
  const aggregated = aggregateSamples(samples);
  return {
    itemId: item.id,
    category: item.category,
    lang: item.lang,
    prompt: item.prompt,
    expected: item.expected,
    output: samples[0]!.output,
    verdict: aggregated.verdict,
    autoVerdict: aggregated.verdict,
    why: aggregated.why,
    override: null,
    samples: [...samples],
    correctFraction: aggregated.correctFraction,
    agreement: aggregated.agreement,
    ...probes,
  };
}
