import type { Command } from 'commander';
import type { AdapterScanResult, LibraryAdapter } from '../../../../electron/shared/contract/adapters.ts';
import { printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';

/** `adapter` may also be registered by the adapter interop commands: both add their subcommands to one. */
function adapterCommand(program: Command): Command {
  return program.commands.find((command) => command.name() === 'adapter') ?? program.command('adapter').description('LoRA adapters: the library, and conversion to and from PEFT and MLX');
}

const line = (adapter: LibraryAdapter): string => `${adapter.name}\t${adapter.source}\trank ${adapter.rank}\t${adapter.path}${adapter.exists ? '' : ' (missing)'}\n`;

/** `workbench adapter add|list|scan`: the adapter library next to its bases (what the API serves as model+adapter). */
export function registerAdapterLibraryCommands(program: Command): void {
  const adapter = adapterCommand(program);

  adapter
    .command('add')
    .description("Add a GGUF LoRA adapter to the library for its base; refused, naming the tensor, when it does not fit the base's shapes")
    .requiredOption('--model <model>', 'the base model (library name, id or GGUF path)')
    .requiredOption('--path <file>', 'the adapter .gguf')
    .option('--name <name>', 'its name in the library and the API (default: the file name)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { model: string; path: string; name?: string; json?: boolean }) => {
      const result = (await withEngine((engine) =>
        engine.call('adapters.add', { path: options.path, model: options.model, ...(options.name ? { name: options.name } : {}) }),
      )) as { adapter: LibraryAdapter; added: boolean };
      if (options.json) printJson(result);
      else process.stdout.write(`${result.added ? 'Added' : 'Already in the library'}: ${line(result.adapter)}`);
    });

  adapter
    .command('list')
    .description('List the library adapters (of one base with --model)')
    .option('--model <model>', 'only the adapters of this base')
    .option('--json', 'print the result as JSON')
    .action(async (options: { model?: string; json?: boolean }) => {
      const adapters = (await withEngine((engine) => engine.call('adapters.list', options.model ? { model: options.model } : {}))) as LibraryAdapter[];
      if (options.json) printJson(adapters);
      else process.stdout.write(adapters.map(line).join(''));
    });

  adapter
    .command('scan')
    .description('Add every adapter .gguf in a folder that fits the base; list the others with the reason')
    .requiredOption('--model <model>', 'the base model (library name, id or GGUF path)')
    .requiredOption('--folder <dir>', 'the folder to scan (not recursive)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { model: string; folder: string; json?: boolean }) => {
      const result = (await withEngine((engine) => engine.call('adapters.scan', { folder: options.folder, model: options.model }))) as AdapterScanResult;
      if (options.json) return printJson(result);
      process.stdout.write(`${result.added.length} added, ${result.known.length} already in the library, ${result.skipped.length} skipped\n`);
      for (const skip of result.skipped) process.stdout.write(`  skipped ${skip.file}: ${skip.reason} (${skip.message})\n`);
    });
}
