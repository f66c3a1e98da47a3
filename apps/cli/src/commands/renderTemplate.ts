import type { Command } from 'commander';
import type { RenderResult } from '../../../../electron/shared/contract/tokenizer.ts';
import { parseConversation } from '../../../../electron/engine/templates/parseConversation.ts';
import { CliError, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { readTextFile } from './tokenize.ts';

interface RenderTemplateOptions {
  model?: string;
  chatFile: string;
  templateFile?: string;
  encoding?: string;
  addGenerationPrompt?: boolean;
  json?: boolean;
}

export function registerRenderTemplateCommand(program: Command): void {
  program
    .command('render-template')
    .description('Render a conversation through a chat template: the text, its token ids and the SFT train mask')
    .option('--model <model>', 'GGUF file or library model id: its chat template and tokenizer')
    .requiredOption('--chat-file <file>', 'JSON: {"messages": [{"role", "content", "weight"?}]} or an array of messages')
    .option('--template-file <file>', 'use this Jinja chat template instead of the model\'s')
    .option('--encoding <name>', 'tokenize with a tiktoken encoding instead of the model\'s tokenizer')
    .option('--add-generation-prompt', 'end with the prompt for the next assistant turn')
    .option('--json', 'print {"text", "tokens", "mask", ...} as JSON')
    .action(async (options: RenderTemplateOptions) => {
      if (options.model === undefined && (options.templateFile === undefined || options.encoding === undefined)) {
        throw new CliError('Give --model M, or both --template-file F and --encoding NAME', 2);
      }
      const messages = parseConversation(readTextFile(options.chatFile), options.chatFile);
      // The engine parses both with the contract's schemas, so a wrong encoding name is reported there.
      const template = options.templateFile
        ? { kind: 'custom', text: readTextFile(options.templateFile), name: options.templateFile }
        : { kind: 'model', model: options.model };
      const tokenizer = options.encoding ? { kind: 'tiktoken', encoding: options.encoding } : { kind: 'model', model: options.model };
      const result = (await withEngine((engine) =>
        engine.call('tokenizer.renderTemplate', {
          messages,
          template,
          tokenizer,
          options: { addGenerationPrompt: options.addGenerationPrompt ?? false, variables: {}, endOfTurnTokens: [] },
        }),
      )) as RenderResult;
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning.message}\n`);
      if (options.json) {
        printJson({
          text: result.text,
          tokens: result.tokens.map((token) => token.id),
          mask: result.mask,
          trainedTokens: result.trainedTokens,
          pieces: result.tokens.map((token) => token.text),
          segments: result.segments,
          warnings: result.warnings,
          template: { source: result.template.source, name: result.template.name },
          tokenizer: result.tokenizer,
        });
        return;
      }
      process.stdout.write(`${result.text}\n---\n${result.tokens.length} tokens, ${result.trainedTokens} trained\n`);
    });
}
