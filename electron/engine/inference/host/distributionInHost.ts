import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import type { DistributionResult } from '../../../shared/contract/generate.ts';
import { alignSequence } from './alignSequence.ts';
import { buildPrompt } from './buildPrompt.ts';
import { checkTokenIds } from './checkTokenIds.ts';
import { contextSizeFor } from './contextSizeFor.ts';
import type { HostDistributionRequest } from '../hostRequests.ts';
import { hostModels } from './hostModels.ts';
import { distributionRequest, readDistribution } from './nextTokenDistribution.ts';
import { entropyOf, runSamplerStages, softmax } from './samplerChain.ts';
import { tokenText } from './tokenText.ts';

/**
 * The sampler view: the model's whole next-token distribution after the prompt (and any prefill), then the same
 * tokens after each sampling stage, so a user sees what temperature, top-k, top-p and min-p each do.
 */
export async function distributionInHost(request: HostDistributionRequest, signal: AbortSignal): Promise<DistributionResult> {
  const { model: loaded } = await hostModels.ensure(request.modelPath, request.gpuLayers);
  const { model } = loaded;
  checkTokenIds(model, request.prefillTokens, 'prefillTokens');
  const tokens = [...buildPrompt(model, request.modelPath, request).tokens, ...request.prefillTokens];
  const contextSize = contextSizeFor(model, request.contextSize, tokens.length);
  const lease = await loaded.contexts.acquire({ contextSize, sequences: 1, adapters: request.adapters }, signal);
  try {
    const sequence = lease.sequences[0]!;
    const start = await alignSequence(sequence, tokens);
    const input = tokens.slice(start).map((id, offset) =>
      start + offset === tokens.length - 1 ? ([id as Token, { generateNext: distributionRequest(null) }] as const) : (id as Token),
    );
    const outputs = await sequence.controlledEvaluate(input as Parameters<LlamaContextSequence['controlledEvaluate']>[0]);
    const distribution = readDistribution(outputs[outputs.length - 1], 'the end of the prompt');
    const recent = request.sampling.penaltyLastN === 0 ? [] : tokens.slice(-request.sampling.penaltyLastN);
    const stages = runSamplerStages(distribution.candidates, request.sampling, recent);
    const shown = distribution.candidates.slice(0, request.top).map((candidate) => candidate.id);
    const describe = (id: number): string => tokenText(model, id, tokens.at(-1));
    return {
      contextTokens: tokens.length,
      vocabularySize: distribution.candidates.length,
      stages: stages.map(({ stage, candidates }) => {
        const probabilities = softmax(candidates);
        const byId = new Map(candidates.map((candidate, index) => [candidate.id, probabilities[index] ?? 0]));
        return {
          stage,
          kept: candidates.length,
          entropy: entropyOf(probabilities),
          tokens: shown.map((id) => ({ id, text: describe(id), p: byId.get(id) ?? 0 })),
        };
      }),
    };
  } finally {
    lease.release();
  }
}
