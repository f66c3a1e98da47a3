import type { Command } from 'commander';
import { compressProgressSchema, quantizeTypeSchema, type CompressResult, type QuantizeTypeName } from '../../../../electron/shared/contract/compress.ts';
import { CliError, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runWorldChatJob } from './worldChatJob.ts';

export function parseQuantizeType(value: string): QuantizeTypeName {
  const parsed = quantizeTypeSchema.safeParse(value.toUpperCase());
  if (!parsed.success) throw new CliError(`--type must be one of ${quantizeTypeSchema.options.join(', ')}, got "${value}"`, 2);
  return parsed.data;
}

/** Runs a quantize or merge job to its end (Ctrl-C cancels it), printing tensor progress on stderr. */
export async function runCompressJob(method: 'compress.quantize' | 'compress.merge', input: unknown, json: boolean): Promise<void> {
  const result = await withEngine((engine) =>
    runWorldChatJob<CompressResult>(engine, method, input, (item) => {
      const progress = compressProgressSchema.safeParse(item);
      if (progress.success && !json) process.stderr.write(`\r${progress.data.stage} ${progress.data.tensorsDone}/${progress.data.tensorsTotal} tensors`);
    }),
  );
  if (json) {
    printJson({
      output: result.outputPath,
      modelId: result.model.id,
      name: result.model.name,
      sourceModelId: result.sourceModelId,
      type: result.type,
      sizeBytes: result.sizeBytes,
      sourceSizeBytes: result.sourceSizeBytes,
      sizeRatio: result.sizeRatio,
      tensors: result.tensors,
      mergedTensors: result.mergedTensors,
      seconds: result.seconds,
    });
    return;
  }
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  process.stderr.write('\n');
  process.stdout.write(
    `${result.outputPath}: ${mib(result.sizeBytes)} (${(100 * result.sizeRatio).toFixed(1)} % of ${mib(result.sourceSizeBytes)}), ` +
      `${result.seconds.toFixed(1)} s; in the library as "${result.model.name}"\n`,
  );
}

export function registerQuantizeCommand(program: Command): void {
  program
    .command('quantize')
    .description("Quantize a GGUF model (F32/F16/BF16) with llama.cpp's quantizer; the copy joins the model library linked to its source")
    .requiredOption('--model <model>', 'a library model (id or name) or a GGUF file')
    .requiredOption('--type <type>', `one of ${quantizeTypeSchema.options.join(', ')}`, parseQuantizeType)
    .option('--out <file>', 'where to write (default: the data folder\'s models/, <model>-<TYPE>.gguf)')
    .option('--name <name>', 'the library name of the copy')
    .option('--json', 'print {"output", "modelId", "type", "sizeBytes", "sourceSizeBytes", "sizeRatio", "seconds", …}')
    .action(async (options: { model: string; type: QuantizeTypeName; out?: string; name?: string; json?: boolean }) => {
      await runCompressJob('compress.quantize', { model: options.model, type: options.type, output: options.out, name: options.name }, options.json === true);
    });
}
