import { LlamaGrammarEvaluationState, type LlamaGrammar, type Token } from 'node-llama-cpp';
import type { FinishReason, GeneratedToken, StreamedToken } from '../../shared/contract/generate.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { alignSequence } from '../inference/host/alignSequence.ts';
import { buildPrompt } from '../inference/host/buildPrompt.ts';
import { contextSizeFor } from '../inference/host/contextSizeFor.ts';
import { engineVersions } from '../inference/host/engineVersions.ts';
import type { HostGenerateResult } from '../inference/inferenceHostContract.ts';
import { hostModels } from '../inference/host/hostModels.ts';
import type { HostStructuredRequest } from '../inference/hostRequests.ts';
import { getLlamaRuntime } from '../inference/host/llamaRuntime.ts';
import { StreamedText } from '../inference/host/streamedText.ts';
import { tokenText } from '../inference/host/tokenText.ts';

/** A generation whose output must match a JSON schema: one sample, llama.cpp's sampler with a grammar. */

async function grammarFor(schema: Record<string, unknown>): Promise<LlamaGrammar> {
  const llama = await getLlamaRuntime();
  try {
    // The schema comes from the client; node-llama-cpp checks what it can turn into a grammar and throws otherwise.
    return await llama.createGrammarForJsonSchema(schema as Parameters<typeof llama.createGrammarForJsonSchema>[0]);
  } catch (error) {
    throw new WorkbenchError('bad_input', `response_format.json_schema: this schema cannot be turned into a grammar: ${(error as Error).message}`, {
      field: 'response_format.json_schema.schema',
    });
  }
}

export async function structuredInHost(request: HostStructuredRequest, signal: AbortSignal, emit: (token: StreamedToken) => void): Promise<HostGenerateResult> {
  const started = performance.now();
  const { model: loaded, loadMs } = await hostModels.ensure(request.modelPath, request.gpuLayers);
  const { model } = loaded;
  const prompt = buildPrompt(model, request.modelPath, request);
  const contextSize = contextSizeFor(model, request.contextSize, prompt.tokens.length + 1);
  const maxTokens = Math.min(request.maxTokens, contextSize - prompt.tokens.length);
  const grammar = await grammarFor(request.jsonSchema);
  const lease = await loaded.contexts.acquire({ contextSize, sequences: 1, adapters: request.adapters }, signal);
  const tokens: GeneratedToken[] = [];
  const text = new StreamedText((ids, previous) => model.detokenize(ids as Token[], false, previous as Token[]), request.stop, prompt.tokens.slice(-8));
  let finishReason: FinishReason = 'length';
  let firstTokenAt: number | null = null;
  let evaluated: number;
  try {
    const sequence = lease.sequences[0]!;
    const start = await alignSequence(sequence, prompt.tokens);
    evaluated = prompt.tokens.length - start;
    const { sampling } = request;
    const iterator = sequence.evaluate(prompt.tokens.slice(start) as Token[], {
      temperature: sampling.temperature,
      topK: sampling.topK,
      topP: sampling.topP,
      minP: sampling.minP,
      seed: sampling.seed,
      grammarEvaluationState: new LlamaGrammarEvaluationState({ model, grammar }),
      yieldEogToken: true,
    });
    try {
      for await (const id of iterator) {
        if (model.isEogToken(id)) {
          finishReason = 'eog';
          break;
        }
        firstTokenAt ??= performance.now();
        const token: GeneratedToken = { id, text: tokenText(model, id, tokens.at(-1)?.id ?? prompt.tokens.at(-1)), logprob: null, top: [], entropy: null, forced: false };
        tokens.push(token);
        const { delta, stopped } = text.push(id);
        emit({ sample: 0, delta, token });
        if (stopped) break;
        if (signal.aborted) {
          finishReason = 'cancelled';
          break;
        }
        if (tokens.length >= maxTokens) break;
      }
    } finally {
      await iterator.return();
    }
  } finally {
    lease.release();
  }
  const rest = text.finish();
  if (rest !== '') emit({ sample: 0, delta: rest, token: null });
  const finished = performance.now();
  const sample = { text: text.value, tokens, finishReason: text.hitStop ? ('stop' as const) : finishReason, seed: request.sampling.seed };
  return {
    text: sample.text,
    tokens,
    samples: [sample],
    renderedPrompt: prompt.text,
    template: prompt.template,
    timings: {
      loadMs,
      promptTokens: prompt.tokens.length,
      promptTokensEvaluated: evaluated,
      timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
      generatedTokens: tokens.length,
      tokensPerSecond: firstTokenAt !== null && tokens.length > 1 ? (tokens.length - 1) / ((finished - firstTokenAt) / 1000) : null,
      totalMs: finished - started,
    },
    engine: { ...(await engineVersions()), sampler: 'llama.cpp' },
  };
}
