import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreResult } from '../../../electron/shared/contract/generate.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { startOpenAiTestServer, type OpenAiTestServer } from '../openai/openAiTestServer.ts';

interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: (Record<string, number> | null)[];
  text_offset: number[];
}
interface EchoResponse {
  object: string;
  choices: { index: number; text: string; logprobs: LegacyLogprobs | null; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number };
}

/**
 * lm-evaluation-harness's loglikelihood requests against POST /v1/completions. The request bodies are exactly what
 * lm_eval/models/openai_completions.py (LocalCompletionsAPI._create_payload, generate=False) sends with a
 * tokenizer (token ids, batch size 1), and the text form older clients send; the answers must be
 * `workbench score`'s log-probabilities for the same tokens.
 */
describe('legacy completions echo (lm-eval local-completions)', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let api: OpenAiTestServer;
  let model: ModelEntry;
  const text = 'Question: Where is Paris?\nAnswer: in France';

  beforeAll(async () => {
    engine = createModelsTestEngine('openai-echo');
    model = ((await engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    api = await startOpenAiTestServer(engine);
  }, 120_000);
  afterAll(async () => {
    await api?.server.close();
    await engine?.dispose();
  });

  const post = async (body: unknown): Promise<{ status: number; json: EchoResponse & { error?: { message: string } } }> => {
    const response = await fetch(`${api.baseURL}/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as EchoResponse & { error?: { message: string } } };
  };
  const score = async (): Promise<ScoreResult> => (await engine.call('generate.score', { model: model.id, text, top: 1 })) as ScoreResult;

  it('the token-id request lm-eval sends gets the prompt tokens\' log-probs, first null, plus one greedy token it slices off', async () => {
    const scored = await score();
    const bosId = (await bosOf()).id;
    const ids = [bosId, ...scored.tokens.map((token) => token.id)];
    // LocalCompletionsAPI._create_payload(generate=False), batch of one tokenized request:
    const { status, json } = await post({ model: model.name, prompt: [ids], temperature: 0, max_tokens: 1, logprobs: 1, seed: 1234, echo: true });
    expect(status, json.error?.message).toBe(200);
    expect(json.object).toBe('text_completion');
    const logprobs = json.choices[0]!.logprobs!;
    expect(logprobs.tokens).toHaveLength(ids.length + 1);
    expect(logprobs.token_logprobs[0]).toBeNull();
    expect(logprobs.top_logprobs[0]).toBeNull();
    // What parse_logprobs reads for a continuation that starts after ctxlen tokens: token_logprobs[ctxlen:-1].
    const ctxlen = 1;
    expect(logprobs.token_logprobs.slice(ctxlen, -1)).toEqual(scored.tokens.map((token) => token.logprob));
    expect(logprobs.tokens.slice(ctxlen, -1)).toEqual(scored.tokens.map((token) => token.text));
    // is_greedy compares each token's log-prob with max(top.values()): the top entry is the model's best.
    logprobs.top_logprobs.slice(1, -1).forEach((top, index) => expect(Math.max(...Object.values(top!))).toBeCloseTo(scored.tokens[index]!.top[0]!.logprob, 6));
    // The appended token is the greedy next token.
    const nextLogprob = logprobs.token_logprobs.at(-1)!;
    expect(nextLogprob).toBe(Math.max(...Object.values(logprobs.top_logprobs.at(-1)!)));
    expect(json.usage).toEqual({ prompt_tokens: ids.length, completion_tokens: 1, total_tokens: ids.length + 1 });
    expect(json.choices[0]!.finish_reason).toBe('length');
  }, 120_000);

  it('a text prompt with max_tokens 0 echoes BOS then the text\'s tokens with score\'s log-probs and text offsets', async () => {
    const scored = await score();
    const { status, json } = await post({ model: model.name, prompt: text, max_tokens: 0, logprobs: 3, echo: true, temperature: 0 });
    expect(status, json.error?.message).toBe(200);
    const choice = json.choices[0]!;
    const logprobs = choice.logprobs!;
    expect(choice.text).toBe(text);
    expect(logprobs.tokens).toHaveLength(scored.tokens.length + 1);
    expect(logprobs.token_logprobs[0]).toBeNull();
    expect(logprobs.token_logprobs.slice(1)).toEqual(scored.tokens.map((token) => token.logprob));
    expect(logprobs.top_logprobs.slice(1).every((top) => Object.keys(top!).length >= 1 && Object.keys(top!).length <= 3)).toBe(true);
    // Offsets index into the echoed text; BOS takes no characters.
    expect(logprobs.text_offset[0]).toBe(0);
    // Each token's piece of the text runs to the next offset: the token itself, or without a word-start space the text lacks.
    const pieces = logprobs.text_offset.map((offset, index) => text.slice(offset, logprobs.text_offset[index + 1] ?? text.length));
    expect(pieces.join('')).toBe(text);
    pieces.slice(1).forEach((piece, index) => expect([logprobs.tokens[index + 1], logprobs.tokens[index + 1]!.replace(/^ /, '')]).toContain(piece));
    expect(pieces[0]).toBe('');
    expect(json.usage.completion_tokens).toBe(0);
  }, 120_000);

  it('scores a batch of prompts, one choice each, and refuses what it cannot honour', async () => {
    const scored = await score();
    const bosId = (await bosOf()).id;
    const ids = [bosId, ...scored.tokens.map((token) => token.id)];
    const { json } = await post({ model: model.name, prompt: [ids, ids.slice(0, 4)], max_tokens: 0, logprobs: 1, echo: true });
    expect(json.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(json.choices[1]!.logprobs!.token_logprobs).toEqual(json.choices[0]!.logprobs!.token_logprobs.slice(0, 4));
    expect((await post({ model: model.name, prompt: text, max_tokens: 5, echo: true })).status).toBe(400);
    expect((await post({ model: model.name, prompt: text, max_tokens: 0, echo: true, stream: true })).status).toBe(400);
    expect((await post({ model: model.name, prompt: [[999_999]], max_tokens: 0, echo: true })).status).toBe(400);
  }, 120_000);

  async function bosOf(): Promise<{ id: number; text: string }> {
    const { json } = await post({ model: model.name, prompt: 'a', max_tokens: 0, logprobs: 0, echo: true });
    const bosText = json.choices[0]!.logprobs!.tokens[0]!;
    const encoded = (await engine.call('tokenizer.encode', { tokenizer: { kind: 'model', model: model.id }, text: bosText, specialTokens: 'allow' })) as { tokens: { id: number; text: string }[] };
    const bos = encoded.tokens.find((token) => token.text === bosText);
    if (!bos) throw new Error(`no BOS among ${JSON.stringify(encoded.tokens)}`);
    return bos;
  }
});
