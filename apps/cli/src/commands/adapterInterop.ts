import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Database } from 'better-sqlite3';
import { exportPeftAdapter, type ExportPeftResult } from '../../../../electron/engine/adapters/interop/exportPeftAdapter.ts';
import { importLoraAdapter, type ImportLoraResult } from '../../../../electron/engine/adapters/interop/importLoraAdapter.ts';
import { ModelLibrary } from '../../../../electron/engine/models/modelLibrary.ts';
import type { LibraryAdapter } from '../../../../electron/shared/contract/adapters.ts';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import { CliError, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';

interface ExportOptions {
  lora: string;
  format: string;
  out: string;
  base?: string;
  baseModelId?: string;
  force?: boolean;
  json?: boolean;
}

interface ImportOptions {
  from: string;
  base: string;
  out: string;
  name?: string;
  library: boolean;
  json?: boolean;
}

/** `adapter` may also be registered by the adapter library's commands: both add their subcommands to one. */
function adapterCommand(program: Command): Command {
  return program.commands.find((command) => command.name() === 'adapter') ?? program.command('adapter').description('LoRA adapters: convert to and from PEFT and MLX');
}

/** A library adapter (id, name or path, when the adapters table exists) or a GGUF file, with the base it was made for. */
function resolveAdapter(db: Database, ref: string): { path: string; basePath: string | null } {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'adapters'").get();
  const row = table
    ? (db.prepare('SELECT path, base_model_path FROM adapters WHERE id = ? OR name = ? OR path = ?').get(ref, ref, resolve(ref)) as
        | { path: string; base_model_path: string | null }
        | undefined)
    : undefined;
  const path = row?.path ?? resolve(ref);
  if (!existsSync(path) || !statSync(path).isFile()) throw new WorkbenchError('not_found', `No adapter file or library adapter named "${ref}"`, { field: 'lora', file: path });
  return { path, basePath: row?.base_model_path && existsSync(row.base_model_path) ? row.base_model_path : null };
}

export function registerAdapterInteropCommands(program: Command): void {
  const adapter = adapterCommand(program);

  adapter
    .command('export')
    .description('Write a GGUF LoRA adapter as a PEFT folder (adapter_config.json + adapter_model.safetensors) for transformers/PEFT and vLLM')
    .requiredOption('--lora <adapter>', 'a library adapter (id or name) or a GGUF adapter file')
    .option('--format <format>', 'the folder format: peft', 'peft')
    .requiredOption('--out <dir>', 'an empty or new folder')
    .option('--base <model>', 'the base GGUF (library model or file): checks shapes, gives llama q/k head counts, names the base; default: the library adapter\'s base')
    .option('--base-model-id <id>', 'Hugging Face id for base_model_name_or_path (default: from the GGUF metadata)')
    .option('--force', 'write into a folder that already has files')
    .option('--json', 'print the result as JSON')
    .action(async (options: ExportOptions) => {
      if (options.format !== 'peft') throw new CliError(`--format must be peft, got "${options.format}"`, 2);
      const result = await withEngine(async (engine) => {
        const { path, basePath } = resolveAdapter(engine.services.db, options.lora);
        const base = options.base ? new ModelLibrary(engine.services.db).resolve(options.base).path : basePath;
        return exportPeftAdapter({
          adapterPath: path,
          outDir: options.out,
          ...(base ? { basePath: base } : {}),
          ...(options.baseModelId ? { baseModelId: options.baseModelId } : {}),
          overwrite: options.force ?? false,
        });
      });
      if (options.json) printJson(result);
      else process.stdout.write(describeExport(result));
    });

  adapter
    .command('import')
    .description('Convert a PEFT or MLX LoRA adapter folder into a GGUF LoRA adapter for a base model')
    .requiredOption('--from <dir>', 'the adapter folder (adapter_config.json + adapter_model.safetensors or adapters.safetensors)')
    .requiredOption('--base <model>', 'the base GGUF it will run on (library model or file); every tensor is checked against it')
    .requiredOption('--out <file>', 'the .gguf adapter to write')
    .option('--name <name>', 'the adapter\'s name, in the file and the library (default: the folder name)')
    .option('--no-library', 'only write the file; do not add it to the adapter library')
    .option('--json', 'print the result as JSON')
    .action(async (options: ImportOptions) => {
      const result = await withEngine(async (engine) => {
        const basePath = new ModelLibrary(engine.services.db).resolve(options.base).path;
        const imported = await importLoraAdapter({ from: options.from, basePath, out: options.out, ...(options.name ? { name: options.name } : {}) });
        if (!options.library) return { ...imported, library: null };
        const { adapter } = (await engine.call('adapters.add', { path: imported.path, model: basePath, ...(options.name ? { name: options.name } : {}) })) as {
          adapter: LibraryAdapter;
        };
        return { ...imported, library: { id: adapter.id, name: adapter.name } };
      });
      if (options.json) printJson(result);
      else process.stdout.write(describeImport(result));
    });
}

function describeExport(result: ExportPeftResult): string {
  const lines = [
    `Wrote ${result.outDir} (PEFT): r ${result.r}, lora_alpha ${result.loraAlpha}, target_modules ${result.targetModules.join(', ')}`,
    `  base_model_name_or_path: ${result.baseModel.id ?? 'null'}${result.baseModel.id ? ` (from ${result.baseModel.source})` : ''}`,
  ];
  if (result.unpermutedQK.length > 0) lines.push(`  q/k rows put back in Hugging Face's order for ${result.unpermutedQK.length} tensors`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

function describeImport(result: ImportLoraResult & { library: { id: string; name: string } | null }): string {
  const lines = [
    `Wrote ${result.path} (${result.format} → GGUF LoRA for ${result.architecture}): alpha ${result.alpha}, rank ${result.ranks.join('/')}, ${result.targets.length} adapted tensors`,
    `  base: ${result.basePath}${result.declaredBase ? ` (the adapter's config named ${result.declaredBase})` : ''}`,
  ];
  if (result.permutedQK.length > 0) lines.push(`  q/k lora_B rows reordered for llama.cpp in ${result.permutedQK.length} tensors`);
  if (result.rescaled.length > 0) lines.push(`  B rescaled to share one alpha: ${result.rescaled.join(', ')}`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  lines.push(result.library ? `  in the adapter library as "${result.library.name}" (${result.library.id})` : '  not added to the adapter library (--no-library)');
  return `${lines.join('\n')}\n`;
}
