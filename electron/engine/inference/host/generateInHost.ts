import type { GenerationResult, StreamedToken } from '../../../shared/contract/generate.ts';
import type { HostGenerateResult } from '../inferenceHostContract.ts';
import { untilAborted } from '../../hosts/untilAborted.ts';
import { buildPrompt } from './buildPrompt.ts';
import { checkTokenIds } from './checkTokenIds.ts';
import { contextSizeFor } from './contextSizeFor.ts';
import { decodeGroup } from './decodeGroup.ts';
import { engineVersions } from './engineVersions.ts';
import type { HostGenerateRequest } from '../hostRequests.ts';
import { hostModels } from './hostModels.ts';
import { runSample, type SampleOutcome } from './runSample.ts';

/** One generation request inside the inference host: N samples of one prompt, streamed token by token. */
export async function generateInHost(
  request: HostGenerateRequest,
  signal: AbortSignal,
  emit: (token: StreamedToken) => void,
): Promise<HostGenerateResult> {
  const started = performance.now();
  const { model: loaded, loadMs } = await untilAborted(hostModels.ensure(request.modelPath, request.gpuLayers), signal, 'Cancelled while the model was loading');
  const { model } = loaded;
  checkTokenIds(model, request.prefillTokens, 'prefillTokens');
  const prompt = buildPrompt(model, request.modelPath, request);
  const tokens = [...prompt.tokens, ...request.prefillTokens];
  const contextSize = contextSizeFor(model, request.contextSize, tokens.length + 1);
  const maxTokens = Math.min(request.maxTokens, contextSize - tokens.length);
  const lease = await loaded.contexts.acquire({ contextSize, sequences: request.samples, adapters: request.adapters }, signal);
  // Several samples share the context: they decode in lockstep, so each one's text depends only on its own seed.
  const group = lease.sequences.length > 1 ? decodeGroup(lease.context, lease.sequences) : null;
  // A sample that fails stops the others, and the context goes back only once none of them uses it any more.
  const stopSamples = new AbortController();
  const samplesSignal = AbortSignal.any([signal, stopSamples.signal]);
  let outcomes: SampleOutcome[];
  try {
    const settled = await Promise.allSettled(
      lease.sequences.map(async (sequence, sample) =>
        await runSample({
          model,
          sequence,
          ...(group ? { group: group[sample]! } : {}),
          tokens,
          prefillCount: request.prefillTokens.length,
          sampling: request.sampling,
          seed: (request.sampling.seed + sample) >>> 0,
          maxTokens,
          stop: request.stop,
          logprobs: request.logprobs,
          inspect: request.inspect,
          signal: samplesSignal,
          onToken: (token, delta) => emit({ sample, delta, token }),
        }).catch((error: unknown) => {
          stopSamples.abort();
          throw error;
        }),
      ),
    );
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    outcomes = settled.map((result) => (result as PromiseFulfilledResult<SampleOutcome>).value);
  } finally {
    lease.release();
  }
  const finished = performance.now();
  const samples = outcomes.map((outcome) => ({ text: outcome.text, tokens: outcome.tokens, finishReason: outcome.finishReason, seed: outcome.seed }));
  return {
    text: samples[0]?.text ?? '',
    tokens: samples[0]?.tokens ?? [],
    samples,
    renderedPrompt: prompt.text,
    template: prompt.template,
    timings: summarizeTimings(outcomes, { started, finished, loadMs, promptTokens: tokens.length }),
    engine: { ...(await engineVersions()), sampler: outcomes.some((outcome) => outcome.sampler === 'workbench') ? 'workbench' : 'llama.cpp' },
  };
}

function summarizeTimings(
  outcomes: readonly SampleOutcome[],
  clock: { started: number; finished: number; loadMs: number; promptTokens: number },
): GenerationResult['timings'] {
  const firsts = outcomes.flatMap((outcome) => (outcome.firstTokenAt === null ? [] : [outcome.firstTokenAt]));
  const lasts = outcomes.flatMap((outcome) => (outcome.lastTokenAt === null ? [] : [outcome.lastTokenAt]));
  const sampled = outcomes.reduce((sum, outcome) => sum + outcome.tokens.filter((token) => !token.forced).length, 0);
  const firstAt = firsts.length > 0 ? Math.min(...firsts) : null;
  const decodeSeconds = firstAt !== null && lasts.length > 0 ? (Math.max(...lasts) - firstAt) / 1000 : 0;
  // Each sample's first token comes out of the prompt evaluation, not the decode loop.
  const decoded = sampled - firsts.length;
  return {
    loadMs: clock.loadMs,
    promptTokens: clock.promptTokens,
    promptTokensEvaluated: Math.max(0, ...outcomes.map((outcome) => outcome.promptTokensEvaluated)),
    timeToFirstTokenMs: firstAt === null ? null : firstAt - clock.started,
    generatedTokens: sampled,
    tokensPerSecond: decoded > 0 && decodeSeconds > 0 ? decoded / decodeSeconds : null,
    totalMs: clock.finished - clock.started,
  };
}
