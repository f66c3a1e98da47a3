import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Engine } from '../../../../electron/engine/createEngine.ts';
import {
  canonicalRoles,
  columnMappingSchema,
  datasetFileTypes,
  datasetFormats,
  importProgressSchema,
  type ContextCheck,
  type DatasetStats,
  type DatasetSummary,
  type ImportResult,
  type ReadOptions,
  type ValidationReport,
} from '../../../../electron/shared/contract/datasets.ts';
import type { TokenizerRef } from '../../../../electron/shared/contract/tokenizer.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runJob } from '../runJob.ts';

interface ReadFlags {
  format?: string;
  fileType?: string;
  columns?: string;
  roles?: string;
  ktoAsSft?: boolean;
  placeholder?: string[];
  keepPlaceholders?: boolean;
  json?: boolean;
}

interface TokenizerFlags {
  model?: string;
  encoding?: string;
  context?: number;
}

const choice = (name: string, allowed: readonly string[], value: string | undefined): string | undefined => {
  if (value !== undefined && !allowed.includes(value)) throw new CliError(`--${name} must be one of ${allowed.join(', ')}; got "${value}"`, 2);
  return value;
};

/** `--columns prompt=question,response=answer` → a column mapping. */
function parseColumns(value: string | undefined): ReadOptions['columns'] {
  if (value === undefined) return undefined;
  const pairs = value.split(',').map((pair) => pair.split('=').map((part) => part.trim()));
  const mapping = Object.fromEntries(pairs.map(([key, column]) => [key, column]));
  const parsed = columnMappingSchema.safeParse(mapping);
  if (!parsed.success) {
    throw new CliError(`--columns takes role=column pairs with roles ${Object.keys(columnMappingSchema.shape).join(', ')}; got "${value}"`, 2);
  }
  return parsed.data;
}

/** `--roles bot=assistant,customer=user` → extra role spellings. */
function parseRoles(value: string | undefined): ReadOptions['roles'] {
  if (value === undefined) return undefined;
  const pairs = value.split(',').map((pair) => pair.split('=').map((part) => part.trim()));
  for (const pair of pairs) {
    if (pair.length !== 2 || pair[0] === '' || !(canonicalRoles as readonly string[]).includes(pair[1] as string)) {
      throw new CliError(`--roles takes name=role pairs with roles ${canonicalRoles.join(', ')}; got "${value}"`, 2);
    }
  }
  return Object.fromEntries(pairs) as ReadOptions['roles'];
}

/** `--placeholder name=Nova --placeholder author=Acme` → values for `{{name}}` placeholders. */
function parsePlaceholders(values: readonly string[] | undefined): ReadOptions['placeholders'] {
  if (!values || values.length === 0) return undefined;
  const entries = values.map((value) => {
    const at = value.indexOf('=');
    const name = at === -1 ? '' : value.slice(0, at).trim();
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new CliError(`--placeholder takes name=value (the name as written in {{name}}); got "${value}"`, 2);
    return [name, value.slice(at + 1)] as const;
  });
  return Object.fromEntries(entries);
}

function readOptions(flags: ReadFlags): ReadOptions {
  const format = choice('format', datasetFormats, flags.format) as ReadOptions['format'];
  const fileType = choice('file-type', datasetFileTypes, flags.fileType) as ReadOptions['fileType'];
  const columns = parseColumns(flags.columns);
  const roles = parseRoles(flags.roles);
  const placeholders = parsePlaceholders(flags.placeholder);
  return {
    ...(format ? { format } : {}),
    ...(fileType ? { fileType } : {}),
    ...(columns ? { columns } : {}),
    ...(roles ? { roles } : {}),
    ...(flags.ktoAsSft ? { ktoAsSft: true } : {}),
    ...(placeholders ? { placeholders } : {}),
    ...(flags.keepPlaceholders ? { keepPlaceholders: true } : {}),
  };
}

function tokenizerRef(flags: TokenizerFlags): TokenizerRef | undefined {
  if (flags.model !== undefined && flags.encoding !== undefined) throw new CliError('Give --model or --encoding, not both', 2);
  if (flags.model !== undefined) return { kind: 'model', model: flags.model };
  if (flags.encoding !== undefined) return { kind: 'tiktoken', encoding: flags.encoding as 'cl100k_base' };
  return undefined;
}

function contextCheck(flags: TokenizerFlags): ContextCheck | undefined {
  const tokenizer = tokenizerRef(flags);
  if (!tokenizer) {
    if (flags.context !== undefined) throw new CliError('--context needs --model or --encoding to count tokens with', 2);
    return undefined;
  }
  return flags.context === undefined ? { tokenizer } : { tokenizer, contextLength: flags.context };
}

/** A dataset named by id or by its (unique) name. */
async function findDataset(engine: Engine, ref: string): Promise<DatasetSummary> {
  const all = (await engine.call('datasets.list', {})) as DatasetSummary[];
  const byId = all.find((dataset) => dataset.id === ref);
  if (byId) return byId;
  const byName = all.filter((dataset) => dataset.name === ref);
  if (byName.length === 1) return byName[0] as DatasetSummary;
  if (byName.length > 1) throw new CliError(`${byName.length} datasets are named "${ref}"; use an id: ${byName.map((dataset) => dataset.id).join(', ')}`, 2);
  throw new CliError(`No dataset "${ref}" (see \`workbench dataset list\`)`, 2);
}

function printReport(report: ValidationReport): void {
  for (const error of report.errors) {
    // Rows as the user counts them (1-based) plus the file line; the JSON path keeps the array's own index.
    const where = [error.file, error.row === null ? null : `row ${error.row}`, error.line === null ? null : `line ${error.line}`].filter(Boolean).join(', ');
    process.stdout.write(`${where || '-'}  ${error.code}  ${error.path}  ${error.message}\n`);
  }
  if (report.errorsTruncated) process.stdout.write('(more problems not listed)\n');
  for (const use of report.placeholders) {
    const where = `${use.rows} row${use.rows === 1 ? '' : 's'}, first row ${use.firstRow}${use.file ? ` of ${use.file}` : ''}`;
    process.stdout.write(`placeholder {{${use.name}}}: ${where}${use.value === null ? ', no value (--placeholder ' + use.name + '=…)' : ` → "${use.value}"`}\n`);
  }
  const counts = Object.entries(report.counts).map(([code, count]) => `${code} ${count}`).join(', ');
  process.stdout.write(`${report.format} (${report.kind}, ${report.fileType}): ${report.validRows} of ${report.totalRows} rows valid${counts ? `; ${counts}` : ''}\n`);
}

const reportJson = (report: ValidationReport) => ({
  format: report.format,
  kind: report.kind,
  fileType: report.fileType,
  sha256: report.sha256,
  totalRows: report.totalRows,
  validRows: report.validRows,
  errors: report.errors,
  counts: report.counts,
  placeholders: report.placeholders,
  ...(report.entries ? { entries: report.entries } : {}),
});

export function registerDatasetCommand(program: Command): void {
  const dataset = program.command('dataset').description('Validate, import, inspect and export SFT, preference and pretraining datasets');
  const formatHelp = `one of ${datasetFormats.join(', ')} (detected from the keys when left out)`;

  dataset
    .command('validate <file>')
    .description('Check every row of a file (JSONL, JSON, CSV, TXT or a LLaMA-Factory dataset_info.json) without importing it')
    .option('--format <format>', formatHelp)
    .option('--file-type <type>', `${datasetFileTypes.join(', ')} (from the extension when left out)`)
    .option('--columns <pairs>', 'map columns, e.g. prompt=question,response=answer')
    .option('--roles <pairs>', 'extra role names, e.g. bot=assistant,customer=user')
    .option('--kto-as-sft', 'KTO data (a true/false "label" per row): keep only the desirable rows, as SFT (default: import as KTO)')
    .option('--placeholder <name=value>', 'fill {{name}} placeholders in the text (repeat for each name)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--keep-placeholders', 'import placeholders that have no value literally (the import refuses them otherwise)')
    .option('--model <model>', 'check rows against this model\'s context (GGUF path or library id)')
    .option('--encoding <name>', 'count tokens with a tiktoken encoding (needs --context)')
    .option('--context <tokens>', 'context length to check against', parseIntegerOption('context'))
    .option('--max-errors <n>', 'list at most this many problems (counts cover all)', parseIntegerOption('max-errors'), 1_000_000)
    .option('--json', 'print {"format", "kind", "validRows", "errors": [{"line", "index", "path", "code", "message"}], "counts"}')
    .action(async (file: string, flags: ReadFlags & TokenizerFlags & { maxErrors: number }) => {
      const context = contextCheck(flags);
      const report = (await withEngine((engine) =>
        engine.call('datasets.validate', { source: { kind: 'file', path: resolve(file) }, options: readOptions(flags), maxErrors: flags.maxErrors, ...(context ? { context } : {}) }),
      )) as ValidationReport;
      if (flags.json) printJson(reportJson(report));
      else printReport(report);
    });

  dataset
    .command('import <file>')
    .description('Import a file (or every file a dataset_info.json names); valid rows are kept, problems listed. Use --sample ID for a built-in sample')
    .option('--sample', 'treat <file> as the id of a built-in sample (see `dataset samples`)')
    .option('--name <name>', 'the dataset name (default: the file name)')
    .option('--format <format>', formatHelp)
    .option('--file-type <type>', `${datasetFileTypes.join(', ')}`)
    .option('--columns <pairs>', 'map columns, e.g. prompt=question,response=answer')
    .option('--roles <pairs>', 'extra role names, e.g. bot=assistant,customer=user')
    .option('--kto-as-sft', 'KTO data (a true/false "label" per row): keep only the desirable rows, as SFT (default: import as KTO)')
    .option('--placeholder <name=value>', 'fill {{name}} placeholders in the text (repeat for each name)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--keep-placeholders', 'import placeholders that have no value literally (the import refuses them otherwise)')
    .option('--model <model>', 'also reject rows longer than this model\'s context')
    .option('--encoding <name>', 'count tokens with a tiktoken encoding (needs --context)')
    .option('--context <tokens>', 'context length to check against', parseIntegerOption('context'))
    .option('--json', 'print the import result as JSON')
    .action(async (file: string, flags: ReadFlags & TokenizerFlags & { sample?: boolean; name?: string }) => {
      const context = contextCheck(flags);
      const source = flags.sample ? { kind: 'sample' as const, id: file } : { kind: 'file' as const, path: resolve(file) };
      const result = await withEngine((engine) =>
        runJob<ImportResult>(
          engine,
          () => engine.call('datasets.import', { source, options: readOptions(flags), ...(flags.name ? { name: flags.name } : {}), ...(context ? { context } : {}) }) as Promise<{ jobId: string }>,
          {
            onProgress: (progress) => {
              const phase = importProgressSchema.safeParse(progress.data);
              if (!flags.json && process.stderr.isTTY && progress.fraction !== null) process.stderr.write(`\r${(progress.fraction * 100).toFixed(0)}% ${phase.success ? phase.data.phase : ''}   `);
            },
          },
        ),
      );
      if (!flags.json && process.stderr.isTTY) process.stderr.write('\n');
      if (flags.json) {
        printJson({ datasets: result.datasets.map(({ dataset: stored, alreadyImported }) => ({ ...stored, alreadyImported })), report: reportJson(result.report) });
        return;
      }
      printReport(result.report);
      for (const { dataset: stored, alreadyImported } of result.datasets) {
        process.stdout.write(`${alreadyImported ? 'already imported' : 'imported'}: ${stored.name} (${stored.id}) ${stored.rows} rows${stored.rejectedRows ? `, ${stored.rejectedRows} set aside to fix` : ''}\n`);
      }
    });

  dataset
    .command('list')
    .description('The imported datasets')
    .option('--json', 'print them as JSON')
    .action(async (flags: { json?: boolean }) => {
      const all = (await withEngine((engine) => engine.call('datasets.list', {}))) as DatasetSummary[];
      if (flags.json) {
        printJson(all);
        return;
      }
      for (const stored of all) process.stdout.write(`${stored.id}  ${stored.kind.padEnd(10)} ${String(stored.rows).padStart(8)} rows  ${stored.format.padEnd(18)} ${stored.name}\n`);
    });

  dataset
    .command('samples')
    .description('The built-in sample datasets')
    .option('--json', 'print them as JSON')
    .action(async (flags: { json?: boolean }) => {
      const samples = (await withEngine((engine) => engine.call('datasets.samples', {}))) as { id: string; name: string; rows: number; kind: string }[];
      if (flags.json) printJson(samples);
      else for (const sample of samples) process.stdout.write(`${sample.id}  ${sample.kind}  ${sample.rows} rows  ${sample.name}\n`);
    });

  dataset
    .command('export <dataset>')
    .description('Write a dataset\'s valid rows in a format')
    .requiredOption('--format <format>', `one of ${datasetFormats.join(', ')}`)
    .option('--file-type <type>', `${datasetFileTypes.join(', ')} (default: from --out, else jsonl)`)
    .option('--out <path>', 'where to write (default: the data home\'s datasets/exports folder)')
    .option('--split <split>', 'train, validation or all', 'all')
    .option('--json', 'print {"path", "rows", "notes"} as JSON')
    .action(async (ref: string, flags: { format: string; fileType?: string; out?: string; split: string; json?: boolean }) => {
      choice('format', datasetFormats, flags.format);
      choice('file-type', datasetFileTypes, flags.fileType);
      choice('split', ['train', 'validation', 'all'], flags.split);
      const result = (await withEngine(async (engine) => {
        const stored = await findDataset(engine, ref);
        return engine.call('datasets.export', {
          datasetId: stored.id,
          format: flags.format as (typeof datasetFormats)[number],
          split: flags.split as 'all',
          ...(flags.fileType ? { fileType: flags.fileType as (typeof datasetFileTypes)[number] } : {}),
          ...(flags.out ? { path: resolve(flags.out) } : {}),
        });
      })) as { path: string; rows: number; notes: string[] };
      if (flags.json) printJson(result);
      else process.stdout.write(`${result.rows} rows → ${result.path}\n${result.notes.map((note) => `note: ${note}\n`).join('')}`);
    });

  dataset
    .command('stats <dataset>')
    .description('Rows, lengths (tokens with --model or --encoding), histogram, rows over the context, duplicates')
    .option('--model <model>', 'count tokens with this model\'s tokenizer and chat template')
    .option('--encoding <name>', 'count tokens with a tiktoken encoding')
    .option('--context <tokens>', 'context length for "rows over context" (default: the model\'s)', parseIntegerOption('context'))
    .option('--bins <n>', 'histogram bins', parseIntegerOption('bins'), 20)
    .option('--json', 'print the stats as JSON')
    .action(async (ref: string, flags: TokenizerFlags & { bins: number; json?: boolean }) => {
      const tokenizer = tokenizerRef(flags);
      const stats = (await withEngine(async (engine) => {
        const stored = await findDataset(engine, ref);
        return engine.call('datasets.stats', { datasetId: stored.id, bins: flags.bins, ...(tokenizer ? { tokenizer } : {}), ...(flags.context ? { contextLength: flags.context } : {}) });
      })) as DatasetStats;
      if (flags.json) {
        printJson(stats);
        return;
      }
      const { length } = stats;
      process.stdout.write(`${stats.rows} rows (${stats.rejectedRows} set aside); ${stats.measuredAs}\n`);
      process.stdout.write(`${stats.unit}: total ${length.total}, min ${length.min}, median ${length.median}, mean ${length.mean.toFixed(1)}, p95 ${length.p95}, max ${length.max}\n`);
      const widest = Math.max(1, ...stats.histogram.map((bin) => bin.count));
      for (const bin of stats.histogram) process.stdout.write(`${`${bin.start}-${bin.end}`.padStart(15)} ${'#'.repeat(Math.round((bin.count / widest) * 40))} ${bin.count}\n`);
      if (stats.contextLength !== null) process.stdout.write(`over the context of ${stats.contextLength}: ${stats.overContext} rows\n`);
      process.stdout.write(`duplicates: ${stats.duplicates.rows} rows in ${stats.duplicates.groups} groups\n`);
    });

  dataset
    .command('split <dataset>')
    .description('Assign rows to train and validation with a seeded shuffle')
    .option('--validation <fraction>', 'fraction for validation', parseNumberOption('validation'), 0.1)
    .option('--seed <n>', 'shuffle seed', parseIntegerOption('seed'), 42)
    .option('--json', 'print the dataset as JSON')
    .action(async (ref: string, flags: { validation: number; seed: number; json?: boolean }) => {
      const stored = (await withEngine(async (engine) => {
        const found = await findDataset(engine, ref);
        return engine.call('datasets.split', { datasetId: found.id, validationFraction: flags.validation, seed: flags.seed });
      })) as DatasetSummary;
      if (flags.json) printJson(stored);
      else process.stdout.write(`${stored.name}: ${stored.trainRows} train, ${stored.validationRows} validation (seed ${flags.seed})\n`);
    });
}
