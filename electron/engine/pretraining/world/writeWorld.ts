import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../store/atomicWrite.ts';
import type { World } from './worldTypes.ts';

/** Separates documents in corpus.txt; readers split on it (an empty line never occurs inside a biography). */
export const documentSeparator = '\n\n';

export interface WrittenWorld {
  readonly dir: string;
  readonly corpusPath: string;
  readonly factsPath: string;
  readonly qaPath: string;
  readonly probesPath: string;
  /** People in the corpus (known + held out). */
  readonly people: number;
  readonly nonexistent: number;
  readonly documents: number;
  readonly corpusBytes: number;
  readonly qaItems: number;
}

/**
 * Writes a world as plain files: corpus.txt (documents separated by an empty line), facts.json (every person,
 * their group and ground truth), qa.jsonl (questions with exact answers) and probes.jsonl (completion prompts).
 */
export function writeWorld(world: World, dir: string): WrittenWorld {
  mkdirSync(dir, { recursive: true });
  const corpus = world.documents.join(documentSeparator) + '\n';
  const corpusPath = join(dir, 'corpus.txt');
  const factsPath = join(dir, 'facts.json');
  const qaPath = join(dir, 'qa.jsonl');
  const probesPath = join(dir, 'probes.jsonl');
  writeFileAtomicSync(corpusPath, corpus);
  const facts = { seed: world.seed, people: world.people.map((person) => ({ ...person, group: world.groups[person.id] })) };
  writeFileAtomicSync(factsPath, JSON.stringify(facts, null, 2) + '\n');
  writeFileAtomicSync(qaPath, world.qa.map((item) => JSON.stringify(item)).join('\n') + '\n');
  writeFileAtomicSync(probesPath, world.probes.map((probe) => JSON.stringify(probe)).join('\n') + '\n');
  return {
    dir,
    corpusPath,
    factsPath,
    qaPath,
    probesPath,
    people: world.people.filter((person) => world.groups[person.id] !== 'nonexistent').length,
    nonexistent: world.people.filter((person) => world.groups[person.id] === 'nonexistent').length,
    documents: world.documents.length,
    corpusBytes: Buffer.byteLength(corpus),
    qaItems: world.qa.length,
  };
}
