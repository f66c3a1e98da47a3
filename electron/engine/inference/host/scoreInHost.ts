import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { ScoredToken } from '../../../shared/contract/generate.ts';
import type { HostScoreResult } from '../inferenceHostContract.ts';
import { buildPrompt } from './buildPrompt.ts';
import { checkTokenIds } from './checkTokenIds.ts';
import { contextSizeFor } from './contextSizeFor.ts';
import type { HostScoreRequest } from '../hostRequests.ts';
import { hostModels } from './hostModels.ts';
import { alignSequence } from './alignSequence.ts';
import { logprobOf, readDistribution, topAlternatives } from './nextTokenDistribution.ts';
import { lossOf } from './scoreMath.ts';
import { tokenText } from './tokenText.ts';

/**
 * Teacher forcing: feed the text and read, at every position, how likely the model found the token that really
 * came next. The context (a raw prefix or a chat conversation) conditions the text but is not scored.
 */
export async function scoreInHost(request: HostScoreRequest, signal: AbortSignal): Promise<HostScoreResult> {
  const started = performance.now();
  const { model: loaded } = await hostModels.ensure(request.modelPath, request.gpuLayers);
  const { model } = loaded;
  const { context, scored } = scoredTokens(model, request);
  const tokens = [...context, ...scored];
  const contextSize = contextSizeFor(model, request.contextSize, tokens.length, 'text');
  const lease = await loaded.contexts.acquire({ contextSize, sequences: 1, adapters: request.adapters }, signal);
  try {
    const sequence = lease.sequences[0]!;
    const results = await evaluateScored(sequence, tokens, context.length, request.top, request.nextTop);
    signal.throwIfAborted();
    const scoredViews: ScoredToken[] = scored.map((id, offset) => {
      const position = context.length + offset;
      const describe = (candidate: number): string => tokenText(model, candidate, tokens[position - 1]);
      const output = position === 0 ? undefined : results.get(position - 1);
      if (output === undefined) return { id, text: describe(id), logprob: null, top: [] };
      const distribution = readDistribution(output, `text token ${offset}`);
      return { id, text: describe(id), logprob: logprobOf(distribution, id), top: topAlternatives(distribution, request.top, describe) };
    });
    const loss = lossOf(scoredViews.map((token) => token.logprob));
    const last = tokens.length - 1;
    const nextOutput = request.nextTop > 0 ? results.get(last) : undefined;
    const next = nextOutput === undefined ? {} : { next: topAlternatives(readDistribution(nextOutput, 'the next token'), request.nextTop, (candidate) => tokenText(model, candidate, tokens[last])) };
    return { tokens: scoredViews, ...loss, totalMs: performance.now() - started, ...next };
  } finally {
    lease.release();
  }
}

/**
 * The context tokens and the scored tokens. Text is tokenized together with its context, the way the model would
 * have seen it, and the scored part is what comes after the context's own tokens (a token that merges across the
 * boundary counts as scored). Explicit token ids are used as given.
 */
function scoredTokens(model: LlamaModel, request: HostScoreRequest): { context: number[]; scored: number[] } {
  if (request.echo) {
    if (request.tokens !== null && request.tokens.length > 0) {
      checkTokenIds(model, request.tokens, 'tokens');
      return { context: [], scored: request.tokens };
    }
    return { context: [], scored: buildPrompt(model, request.modelPath, { mode: 'raw', prompt: request.text, messages: [], template: null }).tokens };
  }
  const hasContext = request.mode === 'chat' || request.prompt !== '';
  const context = hasContext ? buildPrompt(model, request.modelPath, { ...request, addGenerationPrompt: true }) : null;
  const contextTokens = context?.tokens ?? bosOnly(model);
  if (request.tokens !== null && request.tokens.length > 0) {
    checkTokenIds(model, request.tokens, 'tokens');
    return { context: contextTokens, scored: request.tokens };
  }
  if (context === null) return { context: contextTokens, scored: model.tokenize(request.text, true) };
  const whole = buildPrompt(model, request.modelPath, request.mode === 'raw'
    ? { ...request, prompt: request.prompt + request.text }
    : { ...request, addGenerationPrompt: true, appendText: request.text }).tokens;
  let boundary = 0;
  while (boundary < contextTokens.length && whole[boundary] === contextTokens[boundary]) boundary++;
  return { context: whole.slice(0, boundary), scored: whole.slice(boundary) };
}

function bosOnly(model: LlamaModel): number[] {
  return model.tokens.bos !== null && model.tokens.shouldPrependBosToken ? [model.tokens.bos] : [];
}

/** Distributions for every position whose next token is scored, keyed by position. */
async function evaluateScored(sequence: LlamaContextSequence, tokens: readonly number[], contextLength: number, top: number, nextTop = 0) {
  const firstNeeded = Math.max(0, contextLength - 1);
  const start = await alignSequence(sequence, tokens, firstNeeded);
  const input = tokens.slice(start).map((id, offset) => {
    const position = start + offset;
    const next = tokens[position + 1];
    if (next === undefined && nextTop > 0) {
      return [id as Token, { generateNext: { logits: { filter: { tokens: [], includeTop: nextTop } }, totalLogitWeight: true, options: { temperature: 0 } } }] as const;
    }
    if (position < firstNeeded || next === undefined) return id as Token;
    // includeTop ≥ 1 puts the maximum logit first, which the normalizer needs.
    return [id as Token, { generateNext: { logits: { filter: { tokens: [next as Token], includeTop: Math.max(1, top) } }, totalLogitWeight: true, options: { temperature: 0 } } }] as const;
  });
  const outputs = await sequence.controlledEvaluate(input as Parameters<LlamaContextSequence['controlledEvaluate']>[0]);
  const byPosition = new Map<number, NonNullable<(typeof outputs)[number]>>();
  outputs.forEach((output, offset) => {
    if (output !== undefined) byPosition.set(start + offset, output);
  });
  return byPosition;
}
