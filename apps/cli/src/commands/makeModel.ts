import { resolve } from 'node:path';
import type { Command } from 'commander';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import { makeRandomLlamaModel } from '../../../../electron/engine/gguf/makeRandomLlamaModel.ts';
import type { LlamaModelShapeInput } from '../../../../electron/engine/gguf/llamaModelShape.ts';
import { CliError, parseIntegerOption, printJson } from '../cliOutput.ts';

interface MakeModelOptions {
  out: string;
  layers?: number;
  embd?: number;
  heads?: number;
  kvHeads?: number;
  ffn?: number;
  vocab?: number;
  ctx?: number;
  type?: string;
  chatTemplate?: string;
  seed?: number;
  json?: boolean;
}

/** camelCase shape field → the flag the user typed, so errors point at the command line. */
const flagFor = (field: string): string => `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

export function registerMakeModelCommand(program: Command): void {
  program
    .command('make-model')
    .description('Write a random-weight llama GGUF of any shape (a test fixture that llama.cpp loads and runs)')
    .requiredOption('--out <file>', 'where to write the .gguf')
    .option('--layers <n>', 'transformer blocks (default 2)', parseIntegerOption('layers'))
    .option('--embd <n>', 'embedding width (default 64)', parseIntegerOption('embd'))
    .option('--heads <n>', 'attention heads (default 4)', parseIntegerOption('heads'))
    .option('--kv-heads <n>', 'key/value heads for grouped-query attention (default 2)', parseIntegerOption('kv-heads'))
    .option('--ffn <n>', 'feed-forward width (default 128)', parseIntegerOption('ffn'))
    .option('--vocab <n>', 'vocabulary size, at least 259, 261 with a chat template (default 300)', parseIntegerOption('vocab'))
    .option('--ctx <n>', 'training context length (default 256)', parseIntegerOption('ctx'))
    .option('--type <type>', 'weight type: f32 or f16 (default f32)')
    .option('--chat-template <name>', 'add a chat template and its control tokens: chatml')
    .option('--seed <n>', 'random seed (default 1)', parseIntegerOption('seed'))
    .option('--json', 'print {"path", "sizeBytes", "parameterCount", "tensorCount", "shape"} as JSON')
    .action(async (options: MakeModelOptions) => {
      const shape: Record<string, unknown> = {};
      for (const field of ['layers', 'embd', 'heads', 'kvHeads', 'ffn', 'vocab', 'ctx', 'type', 'chatTemplate', 'seed'] as const) {
        if (options[field] !== undefined) shape[field] = options[field];
      }
      const path = resolve(options.out);
      let model;
      try {
        model = await makeRandomLlamaModel(path, shape as LlamaModelShapeInput);
      } catch (error) {
        const field = error instanceof WorkbenchError ? error.details?.field : undefined;
        if (typeof field === 'string' && field in shape) {
          throw new CliError(`${flagFor(field)}: ${error instanceof Error ? error.message.replace(/^Model shape: [\w.]+: /, '') : String(error)}`, 2);
        }
        throw error;
      }
      if (options.json) {
        printJson(model);
        return;
      }
      const { shape: s } = model;
      process.stdout.write(
        `Wrote ${model.path}: llama ${s.layers} layers, embd ${s.embd}, ${s.heads}/${s.kvHeads} heads, ffn ${s.ffn}, vocab ${s.vocab}, ` +
          `ctx ${s.ctx}, ${s.type}${s.chatTemplate ? `, ${s.chatTemplate} template` : ''}, seed ${s.seed} — ` +
          `${model.parameterCount.toLocaleString('en-US')} parameters, ${model.sizeBytes.toLocaleString('en-US')} bytes\n`,
      );
    });
}
