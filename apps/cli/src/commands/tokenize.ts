import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { EncodeResult } from '../../../../electron/shared/contract/tokenizer.ts';
import { tiktokenEncodingNames } from '../../../../electron/shared/contract/tokenizer.ts';
import { CliError, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';

interface TokenizeOptions {
  encoding?: string;
  model?: string;
  text?: string;
  file?: string;
  allowSpecial?: boolean;
  json?: boolean;
}

export function registerTokenizeCommand(program: Command): void {
  program
    .command('tokenize')
    .description('Split text into tokens with a tiktoken encoding or a model\'s own tokenizer')
    .option('--encoding <name>', `tiktoken encoding: ${tiktokenEncodingNames.join(', ')} (or gpt2)`)
    .option('--model <model>', 'a GGUF file or a library model id')
    .option('--text <text>', 'the text to tokenize')
    .option('--file <file>', 'read the text from a UTF-8 file instead')
    .option('--allow-special', 'turn special-token spellings such as <|im_start|> into special tokens')
    .option('--json', 'print {"count", "tokens": [{"id", "bytes", "text"}]} as JSON')
    .action(async (options: TokenizeOptions) => {
      if ((options.encoding === undefined) === (options.model === undefined)) throw new CliError('Give exactly one of --encoding NAME or --model M', 2);
      if ((options.text === undefined) === (options.file === undefined)) throw new CliError('Give exactly one of --text T or --file F', 2);
      const text = options.text ?? readTextFile(options.file as string);
      const tokenizer = options.encoding !== undefined ? { kind: 'tiktoken' as const, encoding: options.encoding } : { kind: 'model' as const, model: options.model as string };
      const result = (await withEngine((engine) =>
        engine.call('tokenizer.encode', { tokenizer, text, specialTokens: options.allowSpecial ? 'allow' : 'text' }),
      )) as EncodeResult;
      if (options.json) {
        printJson({
          count: result.count,
          tokens: result.tokens.map((token) => ({ id: token.id, bytes: token.bytes, text: token.text })),
          tokenizer: result.tokenizer,
          stats: result.stats,
        });
        return;
      }
      for (const token of result.tokens) process.stdout.write(`${token.id}\t${token.bytes}\t${token.text === null ? '(partial UTF-8)' : JSON.stringify(token.text)}\n`);
      process.stdout.write(`${result.count} tokens, ${result.stats.chars} characters, ${result.stats.bytes} bytes (${result.tokenizer.name})\n`);
    });
}

export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(error as Error).message}`, 2);
  }
}
