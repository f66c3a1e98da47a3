import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fixtureCacheRoot } from '../../helpers/fixtureModels.ts';

/**
 * Trained models with known ground truth, for tests where trained behaviour matters (compare, hallucination,
 * DPO): a 40-person world (seed 21), its 512-token BPE, a nano base model pretrained on the biographies and a chat
 * model SFT'd on the known people's questions. Built once (about a minute on 2 cores) by buildWorldModels.ts in a
 * child process and cached by the hash of the pretraining sources; every later call returns the cached paths.
 *
 *   const models = await worldModelFixture();
 *   // models.chatPath answers "Where was <known person> born?" with the city from models.factsPath
 */
export interface WorldModels {
  readonly dir: string;
  readonly basePath: string;
  readonly chatPath: string;
  readonly tokenizerPath: string;
  readonly corpusPath: string;
  /** facts.json: every person, their group (known / heldOut / nonexistent) and the ground truth. */
  readonly factsPath: string;
  /** qa.jsonl: questions with exact answers (null for nonexistent people). */
  readonly qaPath: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const sourceRoot = join(here, '../../../electron/engine');

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listSources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function cacheKey(): string {
  const hash = createHash('sha256');
  const files = [...listSources(join(sourceRoot, 'pretraining')), ...listSources(join(sourceRoot, 'gguf')), join(here, 'buildWorldModels.ts')].sort();
  for (const file of files) hash.update(relative(sourceRoot, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

let pending: Promise<WorldModels> | null = null;

export function worldModelFixture(): Promise<WorldModels> {
  pending ??= build();
  return pending;
}

async function build(): Promise<WorldModels> {
  const dir = join(fixtureCacheRoot, `world-models-${cacheKey()}`);
  const models: WorldModels = {
    dir,
    basePath: join(dir, 'base.gguf'),
    chatPath: join(dir, 'chat.gguf'),
    tokenizerPath: join(dir, 'tokenizer.json'),
    corpusPath: join(dir, 'world/corpus.txt'),
    factsPath: join(dir, 'world/facts.json'),
    qaPath: join(dir, 'world/qa.jsonl'),
  };
  if (existsSync(join(dir, 'summary.json'))) return models;
  // Build into a private folder, then rename: parallel workers never see a half-built fixture.
  const temp = `${dir}.building-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join(here, 'buildWorldModels.ts'), temp], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 10 * 60 * 1000,
  });
  try {
    renameSync(temp, dir);
  } catch {
    // Another worker finished first; its copy is identical.
    rmSync(temp, { recursive: true, force: true });
  }
  return models;
}
