import type { ScoredToken, TokenAlternative } from '../../shared/contract/generate.ts';
import type { HostScoreResult } from '../inference/inferenceHostContract.ts';
import { resolveAdapters } from '../inference/resolveAdapters.ts';
import { resolveApiModel } from './modelIdResolver.ts';
import { sendOpenAiJson, type OpenAiCall, type OpenAiContext } from './openAiContext.ts';
import { echoCompletionRequestSchema } from './openAiRequestSchemas.ts';
import { newCompletionId, unixNow } from './openAiResponses.ts';
import { parseOpenAiRequest } from './parseOpenAiBody.ts';

type Prompt = { readonly text: string; readonly tokens: null } | { readonly text: null; readonly tokens: number[] };

function promptsOf(prompt: string | string[] | number[] | number[][]): Prompt[] {
  if (typeof prompt === 'string') return [{ text: prompt, tokens: null }];
  if (prompt.every((entry) => typeof entry === 'string')) return prompt.map((text) => ({ text, tokens: null }));
  if (prompt.every((entry) => typeof entry === 'number')) return [{ text: null, tokens: prompt }];
  return (prompt as number[][]).map((tokens) => ({ text: null, tokens }));
}

/**
 * `POST /v1/completions` with `echo: true`: every prompt token with log P(token | the tokens before it) from the
 * one scorer (`workbench score`'s numbers), in the legacy completions shape — tokens, token_logprobs (the first
 * null: nothing comes before it), top_logprobs (null first, then the `logprobs` most likely tokens at each
 * position) and text_offset. A text prompt is tokenized as the model reads it, BOS included (as vLLM echoes it);
 * token ids are scored exactly as sent, which is what lm-evaluation-harness's `token_logprobs[ctxlen:-1]` counts on.
 */
export async function echoCompletion(context: OpenAiContext, { response, signal }: OpenAiCall, raw: unknown): Promise<void> {
  const body = parseOpenAiRequest(echoCompletionRequestSchema, raw);
  const model = await resolveApiModel(context.services.db, context.adapters, body.model);
  const adapters = resolveAdapters(context.services.db, model.adapters);
  const top = body.logprobs ?? null;
  const nextToken = (body.max_tokens ?? 0) === 1;
  const choices: unknown[] = [];
  let promptTokens = 0;
  for (const [index, prompt] of promptsOf(body.prompt).entries()) {
    const scored: HostScoreResult = await context.queue.run(model.entry.path, signal, () =>
      context.services.hosts.inference.request(
        'generate.score',
        { modelPath: model.entry.path, adapters, mode: 'raw', prompt: '', messages: [], template: null, text: prompt.text ?? '', tokens: prompt.tokens, top: top ?? 0, echo: true, nextTop: nextToken ? Math.max(1, top ?? 0) : 0 },
        { signal },
      ),
    );
    promptTokens += scored.tokens.length;
    const generated = nextToken && scored.next?.[0] ? [generatedToken(scored.next[0], scored.next)] : [];
    const tokens = [...scored.tokens, ...generated];
    const echoed = (prompt.text ?? scored.tokens.map((token) => token.text).join('')) + generated.map((token) => token.text).join('');
    choices.push({
      index,
      text: echoed,
      logprobs: top === null ? null : legacyLogprobs(tokens, top, echoed),
      finish_reason: 'length',
    });
  }
  const completionTokens = nextToken ? choices.length : 0;
  sendOpenAiJson(response, {
    id: newCompletionId('cmpl'),
    object: 'text_completion',
    created: unixNow(),
    model: model.id,
    choices,
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  });
}

function generatedToken(chosen: TokenAlternative, alternatives: TokenAlternative[]): ScoredToken {
  return { id: chosen.id, text: chosen.text, logprob: chosen.logprob, top: alternatives };
}

/**
 * Where each token starts in the echoed text. Tokens are matched against the text in order; one the text does not
 * contain there (BOS, a SentencePiece word-start space the text lacks) takes no characters or one fewer.
 */
function textOffsets(tokens: readonly string[], text: string): number[] {
  let cursor = 0;
  return tokens.map((token) => {
    const start = cursor;
    if (token !== '' && text.startsWith(token, cursor)) cursor += token.length;
    else if (token.startsWith(' ') && text.startsWith(token.slice(1), cursor)) cursor += token.length - 1;
    return start;
  });
}

function legacyLogprobs(tokens: readonly ScoredToken[], top: number, text: string) {
  return {
    tokens: tokens.map((token) => token.text),
    token_logprobs: tokens.map((token, index) => (index === 0 ? null : token.logprob)),
    top_logprobs: tokens.map((token, index) => (index === 0 ? null : Object.fromEntries(token.top.slice(0, top).map((alternative) => [alternative.text, alternative.logprob])))),
    text_offset: textOffsets(tokens.map((token) => token.text), text),
  };
}
