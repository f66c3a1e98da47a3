import type { Command } from 'commander';
import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';
import type { Engine } from '../../../../electron/engine/createEngine.ts';
import { ModelLibrary } from '../../../../electron/engine/models/modelLibrary.ts';
import { startModelDownload } from '../../../../electron/engine/models/startModelDownload.ts';
import { CliError, parseIntegerOption, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';

const describe = (model: ModelEntry): string =>
  `${model.id}  ${model.name}  [${model.kind}${model.kindOverride ? ', set by you' : ''}]  ${model.architecture ?? '?'} ${model.quantization ?? ''}  ${model.exists ? model.path : `${model.path} (missing)`}`;

export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('The model library: list, add, scan a folder, download, remove, estimate memory');

  models
    .command('list')
    .option('--json', 'print the library as JSON')
    .action(async (options: { json?: boolean }) => {
      const list = (await withEngine((engine) => engine.call('models.list', {}))) as ModelEntry[];
      if (options.json) printJson(list);
      else process.stdout.write(list.length === 0 ? 'The library is empty: add a model with `workbench models add FILE`\n' : `${list.map(describe).join('\n')}\n`);
    });

  models
    .command('add')
    .argument('<file>', 'a .gguf model file')
    .option('--name <name>', 'name in the library (default: the GGUF\'s general.name)')
    .option('--json', 'print the entry as JSON')
    .action(async (file: string, options: { name?: string; json?: boolean }) => {
      const { model, added } = (await withEngine((engine) => engine.call('models.add', { path: file, ...(options.name ? { name: options.name } : {}) }))) as {
        model: ModelEntry;
        added: boolean;
      };
      if (options.json) printJson({ model, added });
      else process.stdout.write(`${added ? 'Added' : 'Already in the library'}: ${describe(model)}\n`);
    });

  models
    .command('scan')
    .argument('<folder>', 'a folder to search for .gguf models')
    .option('--no-recursive', 'only this folder, not its subfolders')
    .option('--json', 'print the outcome as JSON')
    .action(async (folder: string, options: { recursive: boolean; json?: boolean }) => {
      const outcome = (await withEngine((engine) => engine.call('models.scanFolder', { folder, recursive: options.recursive }))) as {
        added: ModelEntry[];
        alreadyInLibrary: number;
        skipped: { path: string; reason: string; detail: string | null }[];
      };
      if (options.json) return printJson(outcome);
      for (const model of outcome.added) process.stdout.write(`added    ${describe(model)}\n`);
      for (const skip of outcome.skipped) process.stdout.write(`skipped  ${skip.path}: ${skip.reason}${skip.detail ? ` (${skip.detail})` : ''}\n`);
      process.stdout.write(`${outcome.added.length} added, ${outcome.alreadyInLibrary} already in the library, ${outcome.skipped.length} skipped\n`);
    });

  models
    .command('download')
    .argument('<source>', 'hf:owner/repo/file.gguf or an https URL of a .gguf file')
    .option('--json', 'print the new entry as JSON')
    .action(async (source: string, options: { json?: boolean }) => {
      const model = await withEngine((engine) => downloadWithProgress(engine, source, !options.json));
      if (options.json) printJson(model);
      else process.stdout.write(`Downloaded and verified: ${describe(model)}\n`);
    });

  models
    .command('remove')
    .argument('<model>', 'library id or name')
    .option('--delete-file', 'also delete the GGUF file from disk')
    .option('--yes', 'confirm deleting the file (required with --delete-file)')
    .action(async (ref: string, options: { deleteFile?: boolean; yes?: boolean }) => {
      if (options.deleteFile && !options.yes) throw new CliError('--delete-file removes the model file from disk: add --yes to confirm', 2);
      await withEngine(async (engine) => {
        const list = (await engine.call('models.list', {})) as ModelEntry[];
        const model = list.find((entry) => entry.id === ref || entry.name.toLowerCase() === ref.toLowerCase());
        if (!model) throw new CliError(`No library model "${ref}" (see \`workbench models list\`)`);
        const outcome = (await engine.call('models.remove', { id: model.id, deleteFile: options.deleteFile ?? false, confirmFileName: model.fileName })) as { fileDeleted: boolean };
        process.stdout.write(`Removed ${model.name} from the library${outcome.fileDeleted ? ` and deleted ${model.path}` : ' (the file stays on disk)'}\n`);
      });
    });

  models
    .command('estimate')
    .argument('<model>', 'library id or name, or a GGUF file')
    .option('--context-size <n>', 'context length in tokens', parseIntegerOption('context-size'), 4096)
    .option('--gpu-layers <n>', 'layers on the GPU: a number, auto or max', 'auto')
    .option('--json', 'print the estimate as JSON')
    .action(async (model: string, options: { contextSize: number; gpuLayers: string; json?: boolean }) => {
      const gpuLayers = options.gpuLayers === 'auto' || options.gpuLayers === 'max' ? options.gpuLayers : parseIntegerOption('gpu-layers')(options.gpuLayers);
      const estimate = (await withEngine((engine) => engine.call('models.estimateMemory', { model, contextSize: options.contextSize, gpuLayers }))) as { verdict: string };
      if (options.json) printJson(estimate);
      else process.stdout.write(`${estimate.verdict}\n`);
    });
}

async function downloadWithProgress(engine: Engine, source: string, showProgress: boolean): Promise<ModelEntry> {
  // Started directly (not through engine.call) so the progress listener is attached before the first event.
  const { jobId, done } = startModelDownload(engine.services, new ModelLibrary(engine.services.db), { source });
  const stop = engine.onEvent((name, payload) => {
    const event = payload as { jobId?: string; fraction?: number | null; data?: { phase?: string } };
    if (name === 'job.progress' && showProgress && event.jobId === jobId) {
      process.stderr.write(`\r${event.data?.phase ?? ''} ${event.fraction == null ? '' : `${(event.fraction * 100).toFixed(1)}%`}   `);
    }
  });
  try {
    return await done;
  } finally {
    stop();
    if (showProgress) process.stderr.write('\n');
  }
}
