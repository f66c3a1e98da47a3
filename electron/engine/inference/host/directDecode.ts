import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import type { DecodeGroupMember } from './decodeGroup.ts';
import { decodeParts, decodesTakeTurns, internalsOf, nativeModelOf, samplerClassOf } from './nativeBatch.ts';

/**
 * A decode loop for the plain case — llama.cpp's own sampler, nothing read back but the token — that talks to
 * node-llama-cpp's native context directly instead of going through `sequence.evaluate`.
 *
 * Why: `sequence.evaluate` runs JavaScript on every generated token (its batch queue, locks, token meter and
 * generator layers). Timed with an LD_PRELOAD timer around llama_decode on the 0.5B bench model, 2 threads: outside
 * llama_decode a token cost 1.02 ms through generateInHost with evaluate and 0.67 ms this way (the rest is the two
 * thread-pool hops, 0.17 ms of sampling, and our own streaming). At ~21 ms per token that is ~1.6 % of decode speed
 * — the part of the gap to llama-bench that lived in the JS loop (bench/results, issue 3).
 *
 * It uses node-llama-cpp internals (pinned to the exact version in package.json): the addon context's batch calls,
 * the sequence's token bookkeeping and its sampler-config resolver, so the same options give the same sampler and
 * the same seed gives the same tokens as `evaluate` (tests/integration/inference/directDecode.test.ts checks both,
 * and that the internals are still there). Each decode takes its threads from node-llama-cpp's thread splitter, as
 * `evaluate` does, so contexts decoding at the same time (two models compared side by side, concurrent API requests)
 * share the cores instead of spin-waiting against each other — except in a process whose libuv pool has one thread
 * (the inference host, hostEnvironment.ts): there no two decodes ever run at once, and a split would leave cores idle
 * while the contexts take turns, so each decode gets all of its context's threads. Several sequences of one context
 * (the samples of one request) decode through a decode group (decodeGroup.ts), which batches their next tokens
 * together in lockstep. Anything it does not handle — several sequences without a group, models that need
 * checkpoints (recurrent, hybrid, SWA), token predictors, a prompt that would need a context shift, Vulkan
 * (node-llama-cpp serialises its decodes with a lock), or internals that moved in another version — answers null
 * from `directDecoder`, and the caller uses `evaluate`.
 * WORKBENCH_DIRECT_DECODE=off turns it off (A/B in the bench).
 */

/** The options `sequence.evaluate` takes that our native-sampler path uses. */
export type DirectDecodeOptions = Pick<
  NonNullable<Parameters<LlamaContextSequence['evaluate']>[1]>,
  'temperature' | 'topK' | 'topP' | 'minP' | 'seed' | 'repeatPenalty'
>;

/**
 * The model's own next-token distribution at a sampled position, read beside the sampling (never instead of it):
 * what log-probabilities and the token inspector show.
 */
export interface PositionView {
  /** The most likely tokens with their raw logits, most likely first. */
  readonly top: readonly { readonly id: number; readonly logit: number }[];
  /** log of the softmax normalizer over the whole vocabulary: log P(id) = logit − logZ. */
  readonly logZ: number;
  /** The sampled token's raw logit. */
  readonly chosenLogit: number;
  /** Entropy of the whole distribution in nats; only when asked for (it needs every probability). */
  readonly entropy: number | null;
}

export interface ObservedToken {
  readonly token: Token;
  readonly view: PositionView;
}

export interface DirectDecoder {
  /**
   * Evaluates `input` (placed right after what the sequence already holds), then yields each sampled token; the
   * token the consumer gets is decoded when it asks for the next one, as with `evaluate`. On return the sequence's
   * bookkeeping lists exactly what the KV cache holds, so later evaluations reuse it.
   */
  evaluate(input: readonly number[], options: DirectDecodeOptions): AsyncGenerator<Token, void, undefined>;
  /**
   * `evaluate` that also reads the model's distribution at each sampled position. The token still comes from the
   * same llama.cpp sampler with the same seed, so what is displayed never changes what is generated. The reads
   * are two extra sampleToken calls on the same logits with samplers of their own: a top-`top` sampler (a partial
   * sort, O(vocabulary)) for the head, a greedy one for the normalizer and the chosen token's logit; only `top` + 1
   * numbers cross into JavaScript. `entropy` adds a read of every probability (the whole vocabulary, slower).
   */
  evaluateObserved(input: readonly number[], options: DirectDecodeOptions, read: { top: number; entropy: boolean }): AsyncGenerator<ObservedToken, void, undefined>;
}

/**
 * A direct decoder for `sequence`, or null where this path does not apply (see the file comment); `room` is how
 * many tokens the caller will add at most (input + generated), which must fit without a context shift. A sequence
 * that shares its context with others decodes through `member`, its place in their decode group.
 */
export function directDecoder(sequence: LlamaContextSequence, room: number, member?: DecodeGroupMember): DirectDecoder | null {
  if (process.env.WORKBENCH_DIRECT_DECODE === 'off') return null;
  const inner = internalsOf(sequence);
  const AddonSampler = samplerClassOf(sequence.model);
  if (inner === null || AddonSampler === null) return null;
  const { context } = sequence;
  if (member !== undefined && member.sequence !== sequence) throw new Error('A decode group member used with another sequence');
  if ((context.totalSequences !== 1 && member === undefined) || sequence.needsCheckpoints || sequence.model.llama.gpu === 'vulkan') return null;
  if (inner._loadedTokenPredictions.length > 0 || inner._tokenPredictor != null) return null;
  if (sequence.nextTokenIndex + room > context.contextSize) return null;
  const owner = inner._context;
  const native = owner._ctx;
  const takeTurns = decodesTakeTurns();
  const batchSize = context.batchSize;

  /** Decodes tokens at the end of the sequence in batch-sized chunks; returns the batch index of the last logits. */
  const decodeAlone = async (tokens: readonly number[]): Promise<number> => {
    let logitIndex = -1;
    for (let offset = 0; offset < tokens.length; offset += batchSize) {
      const chunk = tokens.slice(offset, offset + batchSize);
      const last = offset + chunk.length === tokens.length;
      const [index] = await decodeParts(context, [{ sequence: inner, tokens: chunk, logits: last }], takeTurns);
      if (last) logitIndex = index!;
    }
    return logitIndex;
  };
  const decode = member ? member.decode : decodeAlone;

  const modelNative = nativeModelOf(sequence.model);
  const Sampler = AddonSampler;
  const internals = inner;

  /** Decodes input, then yields each sampled token and, when `observe` is given, its position's distribution. */
  async function* run(input: readonly number[], options: DirectDecodeOptions, observe: ((logitIndex: number, token: number) => Promise<PositionView>) | null) {
    if (input.length === 0) return;
    const preventDisposal = owner._backendContextDisposeGuard.createPreventDisposalHandle();
    owner._reserveThreads();
    const sampler = new Sampler(modelNative);
    // Penalties read the recent tokens, so their config changes every token; everything else is fixed.
    const configEachToken = options.repeatPenalty !== undefined;
    try {
      sampler.applyConfig(internals._resolveSamplerConfig(options));
      let logitIndex = await decode(input);
      for (;;) {
        if (context.disposed) throw new Error('The model was unloaded during generation');
        if (configEachToken) sampler.applyConfig(internals._resolveSamplerConfig(options));
        const token = await native.sampleToken(logitIndex, sampler);
        if (token === -1) throw new Error('llama.cpp sampled no token');
        const view = observe ? await observe(logitIndex, token) : null;
        yield { token: token as Token, view };
        logitIndex = await decode([token]);
      }
    } finally {
      sampler.dispose();
      owner._scheduleToFreeReservedThreads();
      preventDisposal.dispose();
    }
  }

  return {
    async *evaluate(input, options) {
      for await (const { token } of run(input, options, null)) yield token;
    },
    async *evaluateObserved(input, options, read) {
      const top = Math.max(1, read.top);
      // Wide enough to hold what the usual top-k (40) draws, so the sampled token's logit comes with the head.
      const headSize = Math.max(top, 40);
      // Readers with samplers of their own: their chains leave the logits raw (top-k keeps the head sorted, greedy
      // keeps everything), and their random state is not the generation's.
      const headReader = new Sampler(modelNative);
      const wholeReader = new Sampler(modelNative);
      try {
        headReader.applyConfig({ temperature: 1, topK: headSize, seed: 0 });
        wholeReader.applyConfig({ temperature: 0 });
        const observe = async (logitIndex: number, token: number): Promise<PositionView> => {
          const [, , , head] = await native.sampleToken(logitIndex, headReader, false, false, [[], false, false, false, headSize], false);
          const pairs = head ?? [];
          const topList: { id: number; logit: number }[] = [];
          for (let index = 0; index + 1 < pairs.length; index += 2) topList.push({ id: pairs[index]!, logit: pairs[index + 1]! });
          // The sampled token is usually in the head; only when it is not does the whole read also filter for it.
          const inHead = topList.find((candidate) => candidate.id === token)?.logit;
          const [, probabilities, , chosen, weight] = await native.sampleToken(logitIndex, wholeReader, read.entropy, false, inHead === undefined ? [[token], false, false, false, 0] : false, true);
          const best = topList[0]?.logit;
          const chosenLogit = inHead ?? chosen?.[1];
          if (best === undefined || chosenLogit === undefined || weight === undefined) throw new Error('llama.cpp returned no distribution for a sampled token');
          return { top: topList.slice(0, top), logZ: best + Math.log(weight), chosenLogit, entropy: probabilities ? entropyOfPairs(probabilities) : null };
        };
        for await (const { token, view } of run(input, options, observe)) yield { token, view: view! };
      } finally {
        headReader.dispose();
        wholeReader.dispose();
      }
    },
  };
}

/** Entropy in nats of a flat [id, p, id, p, …] list (no Map, no objects: it is the whole vocabulary). */
function entropyOfPairs(pairs: readonly number[]): number {
  let entropy = 0;
  for (let index = 1; index < pairs.length; index += 2) {
    const p = pairs[index]!;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return entropy;
}
