import type { Command } from 'commander';
import type { QuantizeTypeName } from '../../../../electron/shared/contract/compress.ts';
import { parseNumberOption } from '../cliOutput.ts';
import { parseQuantizeType, runCompressJob } from './quantize.ts';

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('Bake a LoRA adapter into its base as a standalone GGUF model (what llama.cpp\'s export-lora does), optionally re-quantized')
    .requiredOption('--model <model>', 'the base: a library model (id or name) or a GGUF file')
    .requiredOption('--lora <adapter>', 'a library adapter id or a GGUF LoRA adapter file')
    .option('--scale <s>', 'the adapter scale (as --lora A:S applies it)', parseNumberOption('scale'), 1)
    .option('--type <type>', 're-quantize the merged model (Q8_0, Q4_K_M, …)', parseQuantizeType)
    .option('--out <file>', 'where to write (default: the data folder\'s models/, <model>+<adapter>.gguf)')
    .option('--name <name>', 'the library name of the merged model')
    .option('--json', 'print {"output", "modelId", "mergedTensors", "sizeBytes", "seconds", …}')
    .action(async (options: { model: string; lora: string; scale: number; type?: QuantizeTypeName; out?: string; name?: string; json?: boolean }) => {
      await runCompressJob(
        'compress.merge',
        { model: options.model, adapter: options.lora, scale: options.scale, type: options.type, output: options.out, name: options.name },
        options.json === true,
      );
    });
}
