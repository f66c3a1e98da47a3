import { resolve } from 'node:path';
import type { Command } from 'commander';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import { generateWorld } from '../../../../electron/engine/pretraining/world/generateWorld.ts';
import { writeWorld } from '../../../../electron/engine/pretraining/world/writeWorld.ts';
import { CliError, parseIntegerOption, printJson } from '../cliOutput.ts';

interface WorldGenerateOptions {
  people: number;
  seed: number;
  out: string;
  knownFraction?: string;
  englishDocs?: number;
  chineseDocs?: number;
  json?: boolean;
}

export function registerWorldCommand(program: Command): void {
  const world = program.command('world').description('The synthetic world of fictional people used for nano pretraining');
  world
    .command('generate')
    .description('Write a seeded world: corpus.txt, facts.json (ground truth), qa.jsonl and probes.jsonl')
    .requiredOption('--people <n>', 'number of people in the corpus', parseIntegerOption('people'))
    .option('--seed <s>', 'random seed; the same seed gives the same world', parseIntegerOption('seed'), 1)
    .requiredOption('--out <dir>', 'folder to write into (created)')
    .option('--known-fraction <f>', 'share of people whose questions are for SFT (default 0.5)')
    .option('--english-docs <n>', 'English biographies per person (default 12)', parseIntegerOption('english-docs'))
    .option('--chinese-docs <n>', 'Chinese biographies per person (default 4)', parseIntegerOption('chinese-docs'))
    .option('--json', 'print the written paths and counts as JSON')
    .action((options: WorldGenerateOptions) => {
      const knownFraction = options.knownFraction === undefined ? undefined : Number(options.knownFraction);
      if (knownFraction !== undefined && !Number.isFinite(knownFraction)) throw new CliError(`--known-fraction must be a number, got "${options.knownFraction}"`, 2);
      let written;
      try {
        const generated = generateWorld({
          people: options.people,
          seed: options.seed,
          ...(knownFraction === undefined ? {} : { knownFraction }),
          ...(options.englishDocs === undefined ? {} : { englishDocuments: options.englishDocs }),
          ...(options.chineseDocs === undefined ? {} : { chineseDocuments: options.chineseDocs }),
        });
        written = writeWorld(generated, resolve(options.out));
      } catch (error) {
        if (error instanceof WorkbenchError && error.code === 'bad_input') throw new CliError(error.message, 2);
        throw error;
      }
      if (options.json) printJson(written);
      else process.stdout.write(`Wrote ${written.people} people, ${written.documents} documents (${written.corpusBytes} bytes) and ${written.qaItems} questions to ${written.dir}\n`);
    });
}
