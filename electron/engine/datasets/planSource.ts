import { readFileSync, statSync } from 'node:fs';
import type { Detection, DatasetFileType, DatasetKind, ReadOptions } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { datasetInfoEntries, isDatasetInfo, type DatasetInfoEntry } from './datasetInfoFile.ts';
import { detectFormat, kindForFormat } from './detectFormat.ts';
import { placeholderNames } from './placeholders.ts';
import { refuseUnreadableFile } from './refuseUnreadableFile.ts';
import { readHead, resolveFileType } from './resolveFileType.ts';
import type { RowPlan } from './rowConversion.ts';
import { readSourceRecords } from './sourceRecords.ts';

/** What reading a file will do: rows of one format, or the datasets a dataset_info.json names. */
export type SourcePlan =
  | { readonly kind: 'rows'; readonly fileType: DatasetFileType; readonly plan: RowPlan; readonly detection: Detection }
  | { readonly kind: 'datasetInfo'; readonly entries: DatasetInfoEntry[]; readonly detection: Detection };

const sampleRecords = 20;
/** Broken records at the top of a file are skipped while looking for samples, up to this many records. */
const maxRecordsForSamples = 1000;
const maxDatasetInfoBytes = 16 * 1024 * 1024;

/** Looks at the file (never past its first records) and says how it would be read; never throws on ambiguity. */
export async function detectSource(path: string, label: string, options: ReadOptions): Promise<{ detection: Detection; info: DatasetInfoEntry[] | null }> {
  refuseUnreadableFile(path, label);
  const fileType = options.fileType ?? resolveFileType(path, label);
  const info = fileType === 'json' || fileType === 'jsonl' ? readDatasetInfo(path) : null;
  if (info) {
    const datasetInfo = info.map((entry) => ({ name: entry.name, file: entry.file, format: entry.format, kind: entry.kind, problem: entry.problem?.message ?? null, ...(entry.problem ? { problemReason: entry.problem.reason } : {}) }));
    return { detection: { fileType: 'json', candidates: [], ambiguous: false, keys: Object.keys(info), sample: [], placeholders: infoPlaceholders(info), datasetInfo }, info };
  }
  const samples: unknown[] = [];
  const broken: { line: number; message: string }[] = [];
  for await (const record of readSourceRecords(path, fileType, { label })) {
    if (record.kind === 'record') samples.push(record.value);
    else broken.push(record);
    if (samples.length >= sampleRecords || samples.length + broken.length >= maxRecordsForSamples) break;
  }
  if (samples.length === 0) {
    const first = broken[0];
    throw new WorkbenchError(
      'bad_input',
      first ? `${label}: cannot tell the format, the first records cannot be read (line ${first.line}: ${first.message})` : `${label} has no rows`,
      { file: label, reason: first ? 'unreadable' : 'empty', ...(first ? { line: first.line } : {}) },
      first ? reason('dataset_first_records_unreadable', { file: label, line: first.line }) : reason('dataset_has_no_rows', { file: label }),
    );
  }
  const guess = detectFormat(samples);
  const candidates = options.format
    ? [
        {
          format: options.format,
          kind: kindForFormat(options.format, guess.keys, options.columns ?? {}),
          columns: options.columns ?? guess.candidates.find((candidate) => candidate.format === options.format)?.columns ?? {},
          reason: 'chosen by you',
        },
      ]
    : guess.candidates;
  return {
    detection: {
      fileType,
      candidates,
      ambiguous: options.format ? false : guess.ambiguous,
      keys: guess.keys,
      sample: samples.slice(0, 3).map(shorten),
      placeholders: placeholderNames(JSON.stringify(samples)),
      datasetInfo: null,
    },
    info: null,
  };
}

/** The plan to validate or import with; refuses when the format cannot be told and none was given. */
export async function planSource(path: string, label: string, options: ReadOptions): Promise<SourcePlan> {
  const { detection, info } = await detectSource(path, label, options);
  if (info) return { kind: 'datasetInfo', entries: info, detection };
  const best = detection.candidates[0];
  if (!best) {
    const keys = detection.keys.length > 0 ? `keys ${detection.keys.map((key) => `"${key}"`).join(', ')}` : 'no keys';
    throw new WorkbenchError('bad_input', `${label}: cannot tell the format from ${keys}; choose a format and map its columns`, {
      file: label,
      keys: detection.keys,
      reason: 'unknown_format',
    }, reason('dataset_format_unknown', { file: label, keys: detection.keys.join(', ') }));
  }
  const columns = { ...best.columns, ...options.columns };
  const plan: RowPlan = withReadOptions(best.kind, options, {
    format: best.format,
    kind: best.kind,
    columns: best.kind === 'kto' && columns.kto_tag === undefined ? { ...columns, kto_tag: 'label' } : columns,
    tags: options.tags ?? {},
    roles: options.roles ?? {},
  });
  return { kind: 'rows', fileType: detection.fileType, plan, detection };
}

/**
 * What the read options add to a plan: KTO data stays KTO unless the user asked for its desirable rows as SFT
 * (`ktoAsSft`); placeholder values and the choice to keep unfilled ones.
 */
export function withReadOptions(kind: DatasetKind, options: ReadOptions, plan: RowPlan): RowPlan {
  const kto = kind === 'kto' && options.ktoAsSft === true ? { kind: 'sft' as const, desirableOnly: true } : {};
  const placeholders = options.placeholders && Object.keys(options.placeholders).length > 0 ? { placeholders: options.placeholders } : {};
  const keep = options.keepPlaceholders === true ? { keepPlaceholders: true } : {};
  return { ...plan, ...kto, ...placeholders, ...keep };
}

/** Placeholders in the first records of the files a dataset_info.json names (so the form can ask for them). */
function infoPlaceholders(info: readonly DatasetInfoEntry[]): string[] {
  const names = new Set<string>();
  for (const entry of info) {
    if (!entry.file || entry.problem) continue;
    try {
      for (const name of placeholderNames(readHead(entry.file, 64 * 1024))) names.add(name);
    } catch {
      // unreadable files are reported when importing
    }
  }
  return [...names];
}

function readDatasetInfo(path: string): DatasetInfoEntry[] | null {
  if (!readHead(path, 4096).replace(/^\uFEFF/, '').trimStart().startsWith('{')) return null;
  if (statSync(path).size > maxDatasetInfoBytes) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  return isDatasetInfo(value) ? datasetInfoEntries(path, value) : null;
}

/** Long texts cut for display in the format picker. */
function shorten(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 300 ? `${value.slice(0, 300)}…` : value;
  if (Array.isArray(value)) return value.slice(0, 20).map(shorten);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).slice(0, 30).map(([key, item]) => [key, shorten(item)]));
  return value;
}
