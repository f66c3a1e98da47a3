import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { FinishReason, GeneratedToken, Sampling } from '../../../shared/contract/generate.ts';
import { SeededRandom } from '../../random/seededRandom.ts';
import { alignSequence } from './alignSequence.ts';
import type { DecodeGroupMember } from './decodeGroup.ts';
import { directDecoder, type DirectDecodeOptions } from './directDecode.ts';
import { distributionRequest, logprobOf, readDistribution, topAlternatives, type NextTokenDistribution } from './nextTokenDistribution.ts';
import { candidatesNeeded, drawToken, penaltiesActive, runSamplerStages } from './samplerChain.ts';
import { StreamedText } from './streamedText.ts';
import { tokenText } from './tokenText.ts';

export interface SampleSpec {
  readonly model: LlamaModel;
  readonly sequence: LlamaContextSequence;
  /** The prompt followed by any prefill tokens. */
  readonly tokens: readonly number[];
  readonly prefillCount: number;
  readonly sampling: Sampling;
  readonly seed: number;
  readonly maxTokens: number;
  readonly stop: readonly string[];
  /** Alternatives per token (0 = none). */
  readonly logprobs: number;
  readonly inspect: boolean;
  readonly signal: AbortSignal;
  /** Its place in the decode group of a request's samples (several sequences of one context); left when it ends. */
  readonly group?: DecodeGroupMember;
  /** token is null for text released only at the end (a held-back partial character or stop-string prefix). */
  onToken(token: GeneratedToken | null, delta: string): void;
}

export interface SampleOutcome {
  readonly text: string;
  readonly tokens: GeneratedToken[];
  readonly finishReason: FinishReason;
  readonly seed: number;
  readonly promptTokensEvaluated: number;
  /** performance.now() of the first and last sampled token. */
  readonly firstTokenAt: number | null;
  readonly lastTokenAt: number | null;
  /** Which sampler drew the tokens. */
  readonly sampler: 'llama.cpp' | 'workbench';
}

/**
 * llama.cpp's sampler draws every token, whether or not log-probabilities or the inspector are asked for: the same
 * seed and settings give the same text whatever is displayed. The distribution shown is read beside it
 * (directDecode's evaluateObserved), from the logits the sampler drew from. The samples of one request share a
 * context and decode in lockstep through its decode group (decodeGroup.ts), each with its own sampler seeded with
 * `seed` (seed + sample index, generateInHost), so this holds for every sample. Only where the direct loop does not
 * apply (Vulkan, models that need checkpoints) does a displayed distribution still come from our own sampler.
 */
export async function runSample(spec: SampleSpec): Promise<SampleOutcome> {
  try {
    if (spec.logprobs === 0 && !spec.inspect) return await runWithNativeSampler(spec);
    return (await runObserved(spec)) ?? (await runWithWorkbenchSampler(spec));
  } finally {
    spec.group?.leave();
  }
}

class SampleRecorder {
  readonly tokens: GeneratedToken[] = [];
  readonly text: StreamedText;
  firstTokenAt: number | null = null;
  lastTokenAt: number | null = null;

  constructor(private readonly spec: SampleSpec) {
    const promptLength = spec.tokens.length - spec.prefillCount;
    this.text = new StreamedText(
      (tokens, previous) => spec.model.detokenize(tokens as Token[], false, previous as Token[]),
      spec.stop,
      spec.tokens.slice(Math.max(0, promptLength - 8), promptLength),
    );
  }

  /** The text of `id` if it came next, after what is already there. */
  describe = (id: number): string => tokenText(this.spec.model, id, this.tokens.at(-1)?.id ?? this.spec.tokens[this.spec.tokens.length - this.spec.prefillCount - 1]);

  /** Records a token; returns true when generation must stop (stop string). */
  add(token: Omit<GeneratedToken, 'text'>): boolean {
    const now = performance.now();
    if (!token.forced) {
      this.firstTokenAt ??= now;
      this.lastTokenAt = now;
    }
    const full: GeneratedToken = { ...token, text: this.describe(token.id) };
    this.tokens.push(full);
    const { delta, stopped } = this.text.push(token.id);
    this.spec.onToken(full, delta);
    return stopped;
  }

  finish(finishReason: FinishReason, promptTokensEvaluated: number, sampler: SampleOutcome['sampler'] = 'llama.cpp'): SampleOutcome {
    const rest = this.text.finish();
    if (rest !== '') this.spec.onToken(null, rest);
    return {
      text: this.text.value,
      tokens: this.tokens,
      finishReason: this.text.hitStop ? 'stop' : finishReason,
      seed: this.spec.seed,
      promptTokensEvaluated,
      firstTokenAt: this.firstTokenAt,
      lastTokenAt: this.lastTokenAt,
      sampler,
    };
  }
}

function recentTokens(spec: SampleSpec, generated: readonly GeneratedToken[]): number[] {
  const window = spec.sampling.penaltyLastN;
  if (window === 0) return [];
  const prompt = spec.tokens.length - spec.prefillCount;
  const all = [...spec.tokens.slice(Math.max(0, prompt - window), prompt), ...generated.map((token) => token.id)];
  return all.slice(-window);
}

/** The sampling settings as llama.cpp's sampler takes them; penalties read what `recorder` holds so far. */
function nativeOptions(spec: SampleSpec, recorder: SampleRecorder): DirectDecodeOptions {
  const { sampling } = spec;
  return {
    temperature: sampling.temperature,
    topK: sampling.topK,
    topP: sampling.topP,
    minP: sampling.minP,
    seed: spec.seed,
    ...(penaltiesActive(sampling)
      ? {
          repeatPenalty: {
            punishTokens: () => recentTokens(spec, recorder.tokens) as Token[],
            maxPunishTokens: sampling.penaltyLastN,
            penalty: sampling.repeatPenalty,
            frequencyPenalty: sampling.frequencyPenalty,
            presencePenalty: sampling.presencePenalty,
          },
        }
      : {}),
  };
}

async function runWithNativeSampler(spec: SampleSpec): Promise<SampleOutcome> {
  const recorder = new SampleRecorder(spec);
  const promptLength = spec.tokens.length - spec.prefillCount;
  for (const id of spec.tokens.slice(promptLength)) {
    if (recorder.add({ id, logprob: null, top: [], entropy: null, forced: true })) return recorder.finish('stop', 0);
  }
  const start = await alignSequence(spec.sequence, spec.tokens);
  const input = spec.tokens.slice(start) as Token[];
  const options = nativeOptions(spec, recorder);
  const direct = directDecoder(spec.sequence, input.length + spec.maxTokens, spec.group);
  // Off the direct loop (then so is every sample of the request: the reasons are the context's and the model's)
  // node-llama-cpp batches the samples itself, and none of them waits for this one.
  if (direct === null) spec.group?.leave();
  const iterator = direct ? direct.evaluate(input, options) : spec.sequence.evaluate(input, { ...options, yieldEogToken: true });
  let finishReason: FinishReason = 'length';
  let sampled = 0;
  try {
    for await (const token of iterator) {
      if (spec.model.isEogToken(token)) {
        finishReason = 'eog';
        break;
      }
      sampled += 1;
      if (recorder.add({ id: token, logprob: null, top: [], entropy: null, forced: false })) break;
      if (spec.signal.aborted) {
        finishReason = 'cancelled';
        break;
      }
      if (sampled >= spec.maxTokens) break;
    }
  } finally {
    await iterator.return();
  }
  return recorder.finish(finishReason, spec.tokens.length - start);
}

/**
 * llama.cpp's sampler with the distribution read at each position (null where the direct loop does not apply).
 * Forced prefill tokens are scored in one batch first; the last input token then goes through the direct loop,
 * whose first sample is the first generated token.
 */
async function runObserved(spec: SampleSpec): Promise<SampleOutcome | null> {
  const promptLength = spec.tokens.length - spec.prefillCount;
  const last = spec.tokens.length - 1;
  const start = await alignSequence(spec.sequence, spec.tokens, spec.prefillCount > 0 ? promptLength - 1 : last);
  const direct = directDecoder(spec.sequence, spec.tokens.length - start + spec.maxTokens, spec.group);
  if (direct === null) {
    spec.group?.leave();
    return null;
  }
  const recorder = new SampleRecorder(spec);
  const evaluatedPrompt = spec.tokens.length - start;
  const top = Math.max(1, spec.logprobs);
  if (start < last) {
    const head = spec.tokens.slice(start, last).map((id, offset) =>
      start + offset >= promptLength - 1 ? ([id as Token, { generateNext: distributionRequest(top, [spec.tokens[start + offset + 1]!]) }] as const) : (id as Token),
    );
    const outputs = await spec.sequence.controlledEvaluate(head as Parameters<LlamaContextSequence['controlledEvaluate']>[0]);
    for (let index = promptLength; index < spec.tokens.length; index++) {
      const distribution = readDistribution(outputs[index - 1 - start], `prefill token ${index - promptLength}`);
      const id = spec.tokens[index]!;
      const forced = { id, logprob: logprobOf(distribution, id), top: topAlternatives(distribution, spec.logprobs, recorder.describe), entropy: null, forced: true };
      if (recorder.add(forced)) return recorder.finish('stop', evaluatedPrompt);
    }
  }
  const iterator = direct.evaluateObserved([spec.tokens[last]!], nativeOptions(spec, recorder), { top, entropy: spec.inspect });
  let finishReason: FinishReason = 'length';
  let sampled = 0;
  try {
    for await (const { token, view } of iterator) {
      if (spec.model.isEogToken(token)) {
        finishReason = 'eog';
        break;
      }
      sampled += 1;
      const alternatives = view.top.slice(0, spec.logprobs).map((candidate) => ({ id: candidate.id, text: recorder.describe(candidate.id), logprob: candidate.logit - view.logZ }));
      if (recorder.add({ id: token, logprob: view.chosenLogit - view.logZ, top: alternatives, entropy: view.entropy, forced: false })) break;
      if (spec.signal.aborted) {
        finishReason = 'cancelled';
        break;
      }
      if (sampled >= spec.maxTokens) break;
    }
  } finally {
    await iterator.return();
  }
  return recorder.finish(finishReason, evaluatedPrompt);
}

async function runWithWorkbenchSampler(spec: SampleSpec): Promise<SampleOutcome> {
  const recorder = new SampleRecorder(spec);
  const { sampling } = spec;
  const head = spec.inspect ? null : candidatesNeeded(sampling, spec.logprobs);
  const random = new SeededRandom(spec.seed, 'workbench-sampler');
  const promptLength = spec.tokens.length - spec.prefillCount;
  // Distributions are needed from the last prompt token on: they score the prefill tokens and pick the first new one.
  const start = await alignSequence(spec.sequence, spec.tokens, promptLength - 1);
  const firstInput = spec.tokens.slice(start).map((id, offset) =>
    start + offset >= promptLength - 1 ? ([id as Token, { generateNext: distributionRequest(head) }] as const) : (id as Token),
  );
  const firstOutputs = await spec.sequence.controlledEvaluate(firstInput as Parameters<LlamaContextSequence['controlledEvaluate']>[0]);
  const evaluatedPrompt = spec.tokens.length - start;

  const describeAt = (distribution: NextTokenDistribution, id: number, forced: boolean): Omit<GeneratedToken, 'text'> => ({
    id,
    logprob: logprobOf(distribution, id),
    top: topAlternatives(distribution, spec.logprobs, recorder.describe),
    entropy: distribution.entropy,
    forced,
  });

  for (let index = promptLength; index < spec.tokens.length; index++) {
    const distribution = readDistribution(firstOutputs[index - 1 - start], `prefill token ${index - promptLength}`);
    if (recorder.add(describeAt(distribution, spec.tokens[index]!, true))) return recorder.finish('stop', evaluatedPrompt, 'workbench');
  }

  let distribution = readDistribution(firstOutputs[spec.tokens.length - 1 - start], 'the end of the prompt');
  let finishReason: FinishReason = 'length';
  for (let sampled = 0; sampled < spec.maxTokens; sampled++) {
    if (spec.signal.aborted) {
      finishReason = 'cancelled';
      break;
    }
    const stages = runSamplerStages(distribution.candidates, sampling, recentTokens(spec, recorder.tokens));
    const token = drawToken(stages[stages.length - 1]!.candidates, random.nextFloat());
    if (spec.model.isEogToken(token as Token)) {
      finishReason = 'eog';
      break;
    }
    if (recorder.add(describeAt(distribution, token, false))) break;
    if (sampled + 1 >= spec.maxTokens) break;
    const [output] = await spec.sequence.controlledEvaluate([[token as Token, { generateNext: distributionRequest(head) }]]);
    distribution = readDistribution(output, `generated token ${sampled + 1}`);
  }
  return recorder.finish(finishReason, evaluatedPrompt, 'workbench');
}
