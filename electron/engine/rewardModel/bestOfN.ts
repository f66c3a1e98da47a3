import type { BestOfNResult } from '../../shared/contract/rewardModel.ts';
import { bestOfNInputSchema, type BestOfNInput } from '../../shared/contract/rewardModel.ts';
import type { EngineServices } from '../engineServices.ts';
import { inspectGguf } from '../gguf/inspectGguf.ts';
import { generateText } from '../inference/generateText.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { rewardModelScorer } from './scoreAnswer.ts';

/** Index of the highest score; the first of equal ones (the lowest seed). */
export function highestScored(scores: readonly number[]): number {
  return scores.reduce((top, score, index) => (score > scores[top]! ? index : top), 0);
}

/**
 * Best-of-N: N independent samples of the prompt from the inference host (one request, sample i with seed + i;
 * chat mode when the sampling model has a chat template, else the prompt continued raw), each scored by the
 * reward model, the highest kept. The cheapest use of a reward model: no training, N times the sampling.
 */
export async function bestOfN(services: EngineServices, input: BestOfNInput, signal?: AbortSignal): Promise<BestOfNResult> {
  const request = bestOfNInputSchema.parse(input);
  const scorer = rewardModelScorer(services.hosts.inference, request.rewardModel);
  const model = new ModelLibrary(services.db).resolve(request.model ?? scorer.manifest.modelPath);
  const chat = Boolean(inspectGguf(model.path).chatTemplate);
  const generated = await generateText(
    services,
    {
      model: model.path,
      ...(chat ? { mode: 'chat' as const, messages: [{ role: 'user' as const, content: request.prompt }] } : { mode: 'raw' as const, prompt: request.prompt }),
      sampling: request.sampling,
      maxTokens: request.maxTokens,
      samples: request.n,
    },
    signal ? { signal } : {},
  );
  const candidates: BestOfNResult['candidates'] = [];
  for (const sample of generated.samples) candidates.push({ text: sample.text, score: await scorer.score(request.prompt, sample.text, signal) });
  return { candidates, best: highestScored(candidates.map((candidate) => candidate.score)) };
}
