import type { Command } from 'commander';
import type { AdapterRef, ScoreResult } from '../../../../electron/shared/contract/generate.ts';
import { scoreText } from '../../../../electron/engine/inference/scoreText.ts';
import { CliError, parseIntegerOption, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { parseLoraOption } from './generate.ts';
import { readTextFile } from './tokenize.ts';

interface ScoreOptions {
  model: string;
  lora: AdapterRef[];
  text?: string;
  file?: string;
  prefix?: string;
  top: number;
  contextSize?: number;
  json?: boolean;
}

export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description('How likely a model finds a text: per-token log-probability, loss (mean −log P) and perplexity')
    .requiredOption('--model <model>', 'a library model (id or name) or a GGUF file')
    .option('--lora <adapter[:scale]>', 'apply a LoRA adapter (repeatable)', parseLoraOption, [])
    .option('--text <text>', 'the text to score')
    .option('--file <file>', 'read the text from a UTF-8 file instead')
    .option('--prefix <text>', 'context the text follows (conditions it, is not scored)')
    .option('--top <k>', 'also list the k most likely tokens at each position (0–20)', parseIntegerOption('top'), 0)
    .option('--context-size <n>', 'context length in tokens', parseIntegerOption('context-size'))
    .option('--json', 'print {"tokens": [{"id", "text", "logprob"}], "loss", "perplexity"}')
    .action(async (options: ScoreOptions) => {
      if ((options.text === undefined) === (options.file === undefined)) throw new CliError('Give exactly one of --text T or --file F', 2);
      const text = options.text ?? readTextFile(options.file as string);
      const result = await withEngine((engine) =>
        scoreText(
          engine.services,
          { model: options.model, adapters: options.lora, text, prefix: options.prefix ?? '', top: options.top, contextSize: options.contextSize ?? null },
          { source: 'cli' },
        ),
      );
      if (options.json) printJson(scoreJson(result, options.top > 0));
      else printScore(result);
    });
}

function scoreJson(result: ScoreResult, withTop: boolean) {
  return {
    tokens: result.tokens.map((token) => ({ id: token.id, text: token.text, logprob: token.logprob, ...(withTop ? { top: token.top } : {}) })),
    loss: result.loss,
    perplexity: result.perplexity,
    scoredTokens: result.scoredTokens,
    runId: result.runId,
  };
}

function printScore(result: ScoreResult): void {
  for (const token of result.tokens) {
    const logprob = token.logprob === null ? '      —' : token.logprob.toFixed(3).padStart(7);
    const probability = token.logprob === null ? '' : `  p=${Math.exp(token.logprob).toFixed(4)}`;
    process.stdout.write(`${String(token.id).padStart(7)}  ${logprob}${probability}  ${JSON.stringify(token.text)}\n`);
  }
  if (result.loss === null) process.stdout.write('nothing to score (a single token with nothing before it)\n');
  else process.stdout.write(`loss ${result.loss.toFixed(4)} nats/token, perplexity ${result.perplexity?.toFixed(3)} over ${result.scoredTokens} tokens\n`);
}
