import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import { readCorpusDocuments } from '../../../../electron/engine/pretraining/run/readCorpus.ts';
import { BpeTokenizer } from '../../../../electron/engine/pretraining/tokenizer/bpeTokenizer.ts';
import { saveTokenizer } from '../../../../electron/engine/pretraining/tokenizer/tokenizerFile.ts';
import { trainBpe, type MergeEvent } from '../../../../electron/engine/pretraining/tokenizer/trainBpe.ts';
import { CliError, parseIntegerOption, printJson } from '../cliOutput.ts';

interface TokenizerTrainOptions {
  data: string;
  vocab: number;
  out: string;
  minFrequency?: number;
  json?: boolean;
}

/** `workbench tokenizer train`: byte-level BPE on a corpus, saved as JSON for `pretrain --tokenizer`. */
export function registerTokenizerTrainCommand(program: Command): void {
  const tokenizer = program.command('tokenizer').description('Train byte-level BPE tokenizers for nano pretraining');
  tokenizer
    .command('train')
    .description('Learn a byte-level BPE (GPT-2 style, llama.cpp "gpt-2" pre-tokenizer) from a corpus')
    .requiredOption('--data <file>', 'corpus: .txt/.md (documents separated by blank lines) or .jsonl with a "text" field')
    .requiredOption('--vocab <n>', 'vocabulary size, including 256 byte tokens and 3 special tokens', parseIntegerOption('vocab'))
    .requiredOption('--out <file>', 'where to write the tokenizer JSON')
    .option('--min-frequency <n>', 'stop when no pair occurs this often (default 2)', parseIntegerOption('min-frequency'))
    .option('--json', 'print a summary with the first merges that completed whole words as JSON')
    .action((options: TokenizerTrainOptions) => {
      let documents: string[];
      try {
        documents = options.data.endsWith('.jsonl') ? readCorpusDocuments(options.data) : [readFileSync(options.data, 'utf8')];
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error), 2);
      }
      const wordMerges: MergeEvent[] = [];
      let result;
      try {
        result = trainBpe(documents.join('\n\n'), {
          vocabSize: options.vocab,
          ...(options.minFrequency === undefined ? {} : { minFrequency: options.minFrequency }),
          onMerge: (event) => {
            if (event.completedWords.length > 0 && wordMerges.length < 20) wordMerges.push(event);
          },
        });
      } catch (error) {
        if (error instanceof WorkbenchError && error.code === 'bad_input') throw new CliError(`--vocab: ${error.message}`, 2);
        throw error;
      }
      const out = resolve(options.out);
      saveTokenizer(out, result.spec);
      const vocabSize = new BpeTokenizer(result.spec).vocabSize;
      const summary = {
        path: out,
        vocabSize,
        merges: result.mergeCount,
        uniqueWords: result.uniqueWords,
        corpusBytes: result.corpusBytes,
        milliseconds: Math.round(result.milliseconds),
        specialTokens: result.spec.specialTokens,
        firstWholeWords: wordMerges.map((event) => ({ rank: event.rank, token: event.token, count: event.count })),
      };
      if (options.json) printJson(summary);
      else {
        process.stdout.write(`Wrote ${out}: ${vocabSize} tokens (${result.mergeCount} merges) from ${result.corpusBytes} bytes in ${summary.milliseconds} ms\n`);
        if (vocabSize < options.vocab) process.stdout.write(`(stopped early: no pair occurs often enough for more merges)\n`);
      }
    });
}
