import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';

/**
 * The node-llama-cpp internals the direct decode loop uses (pinned to the exact version in package.json), checked
 * before use, and one llama_decode of several sequences' tokens on them. directDecode.ts says why.
 */

export interface NativeSampler {
  applyConfig(config: object): void;
  dispose(): void;
}

/** Which logits a sampleToken call returns: [tokens, includeMax, includeMin, includeSelected, includeTop]. */
export type LogitsRequest = [tokens: readonly number[], includeMax: boolean, includeMin: boolean, includeSelected: boolean, includeTop: number];
/** [token, probabilities, confidence, logits, totalLogitWeight]; the lists are flat [id, value, id, value, …]. */
export type SampleResult = [number, number[] | undefined, number | undefined, number[] | undefined, number | undefined];

export interface NativeContext {
  initBatch(size: number): void;
  addToBatch(sequenceId: number, firstTokenIndex: number, tokens: Uint32Array, logitIndexes: Uint32Array): Uint32Array;
  decodeBatch(): Promise<void>;
  sampleToken(batchLogitIndex: number, sampler: NativeSampler): Promise<number>;
  sampleToken(batchLogitIndex: number, sampler: NativeSampler, probabilities: boolean, confidence: boolean, logits: LogitsRequest | false, totalLogitWeight: boolean): Promise<SampleResult>;
  removeTokenCellsFromSequence(sequenceId: number, start: number, end: number): boolean;
  setThreads(threads: number): void;
}

/** A share of `llama.maxThreads`: [threads, handle that gives them back], or a promise of one while all are taken. */
type ThreadAllocation = [number, { dispose(): void }];

export interface ContextInternals {
  _ctx: NativeContext;
  _backendContextDisposeGuard: { createPreventDisposalHandle(): { dispose(): void } };
  _reserveThreads(): void;
  _scheduleToFreeReservedThreads(): void;
  _threadSplitterConsumer?: { getAllocationToConsume(): ThreadAllocation | Promise<ThreadAllocation> };
}

export interface SequenceInternals {
  _sequenceId: number;
  _contextTokens: Token[];
  _nextTokenIndex: number;
  _loadedTokenPredictions: unknown[];
  _tokenPredictor?: unknown;
  _resolveSamplerConfig(options: object): object;
  _context: ContextInternals;
}

interface ModelInternals {
  _model: unknown;
  _llama: { _bindings: { AddonSampler: new (model: unknown) => NativeSampler } };
}

export type SamplerClass = ModelInternals['_llama']['_bindings']['AddonSampler'];

const isFunction = (value: unknown): boolean => typeof value === 'function';

export function internalsOf(sequence: LlamaContextSequence): SequenceInternals | null {
  const inner = sequence as unknown as Partial<SequenceInternals>;
  const native = inner._context?._ctx as Partial<NativeContext> | undefined;
  const ok =
    typeof inner._sequenceId === 'number' &&
    Array.isArray(inner._contextTokens) &&
    typeof inner._nextTokenIndex === 'number' &&
    Array.isArray(inner._loadedTokenPredictions) &&
    isFunction(inner._resolveSamplerConfig) &&
    isFunction(inner._context?._backendContextDisposeGuard?.createPreventDisposalHandle) &&
    isFunction(inner._context?._reserveThreads) &&
    isFunction(inner._context?._scheduleToFreeReservedThreads) &&
    native !== undefined &&
    ['initBatch', 'addToBatch', 'decodeBatch', 'sampleToken', 'removeTokenCellsFromSequence', 'setThreads'].every((name) => isFunction(native[name as keyof NativeContext]));
  return ok ? (inner as SequenceInternals) : null;
}

export function samplerClassOf(model: LlamaModel): SamplerClass | null {
  const inner = model as unknown as Partial<ModelInternals>;
  const AddonSampler = inner._llama?._bindings?.AddonSampler;
  return isFunction(AddonSampler) && inner._model !== undefined ? AddonSampler! : null;
}

export const nativeModelOf = (model: LlamaModel): unknown => (model as unknown as ModelInternals)._model;

/**
 * In a process whose libuv pool has one thread (the inference host) no two decodes ever run at once, so each takes
 * all of its context's threads instead of a share from the splitter.
 */
export const decodesTakeTurns = (): boolean => Number(process.env.UV_THREADPOOL_SIZE) === 1;

/** Tokens placed right after what `sequence` already holds; `logits` asks for the last one's next-token logits. */
export interface BatchPart {
  readonly sequence: SequenceInternals;
  readonly tokens: readonly number[];
  readonly logits: boolean;
}

/**
 * One llama_decode of `parts` (at most the context's batch size together, each sequence at most once). Returns
 * each part's batch logit index (-1 without logits), valid until the context's next decode. After it each
 * sequence's bookkeeping lists exactly what the KV cache holds; a failed decode's cells are dropped. Each decode
 * takes its threads from node-llama-cpp's thread splitter, as `evaluate` does, unless `takeTurns` (directDecode.ts).
 */
export async function decodeParts(context: LlamaContext, parts: readonly BatchPart[], takeTurns: boolean): Promise<number[]> {
  const owner = parts[0]!.sequence._context;
  const native = owner._ctx;
  native.initBatch(parts.reduce((sum, part) => sum + part.tokens.length, 0));
  const logitIndexes = parts.map((part) => {
    const indexes = native.addToBatch(part.sequence._sequenceId, part.sequence._nextTokenIndex, Uint32Array.from(part.tokens), part.logits ? Uint32Array.of(part.tokens.length - 1) : new Uint32Array(0));
    return part.logits ? indexes[0]! : -1;
  });
  const allocation = takeTurns ? undefined : owner._threadSplitterConsumer?.getAllocationToConsume();
  const [threads, threadsHandle] = allocation instanceof Promise ? await allocation : (allocation ?? []);
  try {
    if (takeTurns) native.setThreads(context.idealThreads);
    else if (threads !== undefined) native.setThreads(threads);
    await native.decodeBatch();
  } catch (error) {
    // What a failed llama_decode left in the KV cache is unknown: drop it, so cache and bookkeeping agree.
    for (const part of parts) native.removeTokenCellsFromSequence(part.sequence._sequenceId, part.sequence._nextTokenIndex, -1);
    throw error;
  } finally {
    threadsHandle?.dispose();
  }
  for (const part of parts) {
    part.sequence._contextTokens.push(...(part.tokens as Token[]));
    part.sequence._nextTokenIndex += part.tokens.length;
  }
  return logitIndexes;
}
