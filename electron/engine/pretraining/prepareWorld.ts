import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PreparedWorld, prepareWorldInputSchema } from '../../shared/contract/pretraining.ts';
import type { z } from 'zod';
import { BpeTokenizer } from './tokenizer/bpeTokenizer.ts';
import { saveTokenizer } from './tokenizer/tokenizerFile.ts';
import { trainBpe, type MergeEvent, type TrainBpeResult } from './tokenizer/trainBpe.ts';
import { trainBpeLive } from './tokenizer/trainBpeLive.ts';
import { generateWorld } from './world/generateWorld.ts';
import { writeWorld } from './world/writeWorld.ts';

type PrepareWorldInput = z.output<typeof prepareWorldInputSchema>;

/** How many whole-word merges the result lists. */
const wholeWordMergesKept = 40;

/** The generated, written world: what both ways of preparing share before the tokenizer is trained. */
function writeNewWorld(input: PrepareWorldInput, root: string) {
  const world = generateWorld({
    people: input.people,
    seed: input.seed,
    englishDocuments: input.englishDocuments,
    chineseDocuments: input.chineseDocuments,
  });
  const dir = join(root, `world-${input.people}p-seed${input.seed}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  return { dir, corpus: world.documents.join('\n\n'), written: writeWorld(world, dir) };
}

function finishWorld(prepared: ReturnType<typeof writeNewWorld>, trained: TrainBpeResult, wholeWordMerges: readonly MergeEvent[]): PreparedWorld {
  const tokenizerPath = join(prepared.dir, 'tokenizer.json');
  saveTokenizer(tokenizerPath, trained.spec);
  const { written } = prepared;
  return {
    dir: prepared.dir,
    corpusPath: written.corpusPath,
    tokenizerPath,
    people: written.people,
    documents: written.documents,
    corpusBytes: written.corpusBytes,
    vocabSize: new BpeTokenizer(trained.spec).vocabSize,
    wholeWordMerges: wholeWordMerges.map((event) => ({ rank: event.rank, token: event.token, count: event.count })),
  };
}

const keepWholeWords = (kept: MergeEvent[]) => (event: MergeEvent) => {
  if (event.completedWords.length > 0 && kept.length < wholeWordMergesKept) kept.push(event);
};

/**
 * World + tokenizer in one go for the app: a fresh folder under `root` with corpus.txt, facts.json, qa.jsonl,
 * probes.jsonl and tokenizer.json. The whole-word merges are what the page shows of tokenizer training.
 */
export function prepareWorld(input: PrepareWorldInput, root: string): PreparedWorld {
  const prepared = writeNewWorld(input, root);
  const wholeWordMerges: MergeEvent[] = [];
  const trained = trainBpe(prepared.corpus, { vocabSize: input.vocab, onMerge: keepWholeWords(wholeWordMerges) });
  return finishWorld(prepared, trained, wholeWordMerges);
}

export interface PrepareWorldLiveOptions {
  readonly signal?: AbortSignal;
  /** Merges a second at most (slow motion); default as fast as the machine goes. */
  readonly mergesPerSecond?: number;
  /** Once the corpus is written, before the tokenizer is trained. */
  readonly onWorld?: (world: { people: number; documents: number; corpusBytes: number }) => void;
  /** Every merge, in rank order, in batches (see trainBpeLive). */
  readonly onMerges?: (merges: readonly MergeEvent[]) => void;
}

/** prepareWorld that reports the world and then each merge as it is learned, yielding to the event loop between batches. */
export async function prepareWorldLive(input: PrepareWorldInput, root: string, options: PrepareWorldLiveOptions = {}): Promise<PreparedWorld> {
  const prepared = writeNewWorld(input, root);
  const { people, documents, corpusBytes } = prepared.written;
  options.onWorld?.({ people, documents, corpusBytes });
  const wholeWordMerges: MergeEvent[] = [];
  const keep = keepWholeWords(wholeWordMerges);
  try {
    const trained = await trainBpeLive(prepared.corpus, {
      vocabSize: input.vocab,
      signal: options.signal,
      mergesPerSecond: options.mergesPerSecond,
      onMerges: (merges) => {
        merges.forEach(keep);
        options.onMerges?.(merges);
      },
    });
    return finishWorld(prepared, trained, wholeWordMerges);
  } catch (error) {
    // A stopped run leaves no half world (a corpus without its tokenizer) in the data home.
    rmSync(prepared.dir, { recursive: true, force: true });
    throw error;
  }
}
