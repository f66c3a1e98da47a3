import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PreparedWorld, prepareWorldInputSchema } from '../../shared/contract/pretraining.ts';
import type { z } from 'zod';
import { BpeTokenizer } from './tokenizer/bpeTokenizer.ts';
import { saveTokenizer } from './tokenizer/tokenizerFile.ts';
import { trainBpe, type MergeEvent } from './tokenizer/trainBpe.ts';
import { generateWorld } from './world/generateWorld.ts';
import { writeWorld } from './world/writeWorld.ts';

/**
 * World + tokenizer in one go for the app: a fresh folder under `root` with corpus.txt, facts.json, qa.jsonl,
 * probes.jsonl and tokenizer.json. The whole-word merges are what the page shows of tokenizer training.
 */
export function prepareWorld(input: z.output<typeof prepareWorldInputSchema>, root: string): PreparedWorld {
  const world = generateWorld({
    people: input.people,
    seed: input.seed,
    englishDocuments: input.englishDocuments,
    chineseDocuments: input.chineseDocuments,
  });
  const dir = join(root, `world-${input.people}p-seed${input.seed}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  const written = writeWorld(world, dir);
  const wholeWordMerges: MergeEvent[] = [];
  const trained = trainBpe(world.documents.join('\n\n'), {
    vocabSize: input.vocab,
    onMerge: (event) => {
      if (event.completedWords.length > 0 && wholeWordMerges.length < 40) wholeWordMerges.push(event);
    },
  });
  const tokenizerPath = join(dir, 'tokenizer.json');
  saveTokenizer(tokenizerPath, trained.spec);
  return {
    dir,
    corpusPath: written.corpusPath,
    tokenizerPath,
    people: written.people,
    documents: written.documents,
    corpusBytes: written.corpusBytes,
    vocabSize: new BpeTokenizer(trained.spec).vocabSize,
    wholeWordMerges: wholeWordMerges.map((event) => ({ rank: event.rank, token: event.token, count: event.count })),
  };
}
