import type { LlamaContext, LlamaContextSequence } from 'node-llama-cpp';
import { decodeParts, decodesTakeTurns, internalsOf, type BatchPart, type SequenceInternals } from './nativeBatch.ts';

/**
 * One sample's place in a decode group: its sequence, and the decode calls that go through the group.
 * `leave` says the sample will decode no more (finished, stopped, failed or never started); it must be called
 * once the sample is done, or the others wait for it.
 */
export interface DecodeGroupMember {
  readonly sequence: LlamaContextSequence;
  /** Decodes `tokens` after what the sequence holds; resolves to the batch logit index of the last one. */
  decode(tokens: readonly number[]): Promise<number>;
  leave(): void;
}

interface Waiting {
  readonly sequence: SequenceInternals;
  readonly tokens: readonly number[];
  resolve(logitIndex: number): void;
  reject(error: unknown): void;
}

/**
 * The samples of one request (several sequences of one context) decode in lockstep through the direct loop: a
 * batch is decoded once every sample still running has asked for its next tokens, and it holds them in sample
 * order. So each sample reads its logits (sampling, log-probabilities, the inspector) before the next batch
 * overwrites them, and which tokens share a batch never depends on timing — only on the request: the same seed
 * gives the same texts whatever is displayed, and one llama_decode serves all samples' next tokens, as
 * node-llama-cpp's own batching does.
 */
export function decodeGroup(context: LlamaContext, sequences: readonly LlamaContextSequence[]): DecodeGroupMember[] {
  const takeTurns = decodesTakeTurns();
  const waiting = new Map<number, Waiting>();
  const left = new Set<number>();
  let decoding = false;

  const maybeDecode = (): void => {
    if (decoding || waiting.size === 0 || waiting.size + left.size < sequences.length) return;
    const batch = [...waiting.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
    waiting.clear();
    decoding = true;
    decodeStep(context, batch, takeTurns).then(
      (logitIndexes) => batch.forEach((entry, index) => entry.resolve(logitIndexes[index]!)),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    ).finally(() => {
      decoding = false;
      maybeDecode();
    });
  };

  return sequences.map((sequence, member) => ({
    sequence,
    decode: async (tokens) => {
      if (left.has(member) || waiting.has(member)) throw new Error(`Sample ${member} decoded after leaving its group, or twice at once`);
      const inner = internalsOf(sequence);
      if (inner === null) throw new Error('node-llama-cpp internals for the direct decode loop are missing');
      if (tokens.length === 0) throw new Error('A decode group step needs at least one token');
      const done = new Promise<number>((resolve, reject) => waiting.set(member, { sequence: inner, tokens, resolve, reject }));
      maybeDecode();
      return await done;
    },
    leave: () => {
      if (left.has(member)) return;
      left.add(member);
      maybeDecode();
    },
  }));
}

/**
 * Every token but each sample's last in batch-sized chunks without logits (a prompt), then one batch of every
 * sample's last token, so all the logits asked for come from the same, final decode.
 */
async function decodeStep(context: LlamaContext, batch: readonly Waiting[], takeTurns: boolean): Promise<number[]> {
  const { batchSize } = context;
  if (batch.length > batchSize) throw new Error(`${batch.length} samples do not fit a batch of ${batchSize} tokens`);
  // A sample that finished may have scheduled the context's threads to be given back; the others still decode.
  batch[0]!.sequence._context._reserveThreads();
  let chunk: BatchPart[] = [];
  let room = batchSize;
  for (const entry of batch) {
    const head = entry.tokens.slice(0, -1);
    for (let offset = 0; offset < head.length; ) {
      const take = head.slice(offset, offset + room);
      chunk.push({ sequence: entry.sequence, tokens: take, logits: false });
      offset += take.length;
      room -= take.length;
      if (room === 0) {
        await decodeParts(context, chunk, takeTurns);
        chunk = [];
        room = batchSize;
      }
    }
  }
  if (chunk.length > 0) await decodeParts(context, chunk, takeTurns);
  return await decodeParts(context, batch.map((entry) => ({ sequence: entry.sequence, tokens: entry.tokens.slice(-1), logits: true })), takeTurns);
}
