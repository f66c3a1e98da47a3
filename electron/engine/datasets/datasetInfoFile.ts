import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  columnMappingSchema,
  tagMappingSchema,
  type ColumnMapping,
  type DatasetFormat,
  type DatasetKind,
  type TagMapping,
} from '../../shared/contract/datasets.ts';
import { problemReason, type ProblemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { isPlainObject } from './rowConversion.ts';

/** One dataset named by a LLaMA-Factory dataset_info.json. */
export interface DatasetInfoEntry {
  readonly name: string;
  /** Absolute path of the data file; null when the entry cannot be read offline. */
  readonly file: string | null;
  readonly format: DatasetFormat | null;
  readonly kind: DatasetKind | null;
  readonly columns: ColumnMapping;
  readonly tags: TagMapping;
  readonly problem: { readonly code: 'missing_file' | 'unsupported_entry'; readonly message: string; readonly reason: ProblemReason } | null;
}

const remoteKeys = ['hf_hub_url', 'ms_hub_url', 'om_hub_url', 'script_url', 'cloud_file_name'];

/** A dataset_info.json is an object of entries, each naming a file_name or a hub address. */
export function isDatasetInfo(value: unknown): value is Record<string, Record<string, unknown>> {
  if (!isPlainObject(value)) return false;
  const entries = Object.values(value);
  return entries.length > 0 && entries.every(isPlainObject) && entries.some((entry) => 'file_name' in entry || remoteKeys.some((key) => key in entry));
}

/** The entries of a dataset_info.json, with file names resolved next to it (as LLaMA-Factory's dataset_dir). */
export function datasetInfoEntries(infoPath: string, info: Record<string, Record<string, unknown>>): DatasetInfoEntry[] {
  const folder = dirname(infoPath);
  return Object.entries(info).map(([name, entry]) => readEntry(name, entry, folder));
}

function readEntry(name: string, entry: Record<string, unknown>, folder: string): DatasetInfoEntry {
  const formatting = typeof entry.formatting === 'string' ? entry.formatting : 'alpaca';
  const ranking = entry.ranking === true;
  const columns = pickColumns(entry.columns);
  // A kto_tag column labels each conversation desirable or not: KTO data, not SFT.
  const kto = columns.kto_tag !== undefined;
  const tags = pickTags(entry.tags);
  const base = { name, columns, tags };
  const unreadable = (code: 'missing_file' | 'unsupported_entry', message: string, reason: ProblemReason, file: string | null = null): DatasetInfoEntry => ({
    ...base,
    file,
    format: null,
    kind: null,
    problem: { code, message, reason },
  });

  if (typeof entry.file_name !== 'string') {
    const remote = remoteKeys.find((key) => key in entry);
    return remote
      ? unreadable(
          'unsupported_entry',
          `"${name}" is fetched from ${remote}; download it and set file_name to the local file (the workbench works offline)`,
          problemReason('info_remote', { name, source: remote }),
        )
      : unreadable('unsupported_entry', `"${name}" has no file_name`, problemReason('info_no_file_name', { name }));
  }
  const file = resolve(folder, entry.file_name);
  let isFolder: boolean;
  try {
    isFolder = statSync(file).isDirectory();
  } catch {
    return unreadable('missing_file', `"${name}": ${entry.file_name} does not exist next to dataset_info.json`, problemReason('info_file_missing', { name, file: entry.file_name }), file);
  }
  if (isFolder) return unreadable('unsupported_entry', `"${name}": ${entry.file_name} is a folder; point file_name at one file`, problemReason('info_file_is_folder', { name, file: entry.file_name }), file);

  if (formatting === 'sharegpt' || formatting === 'openai') {
    // LLaMA-Factory's default turn list column is "conversations" for both.
    const withMessages: ColumnMapping = { messages: 'conversations', ...columns };
    const format: DatasetFormat = formatting === 'openai' && !ranking ? 'openai' : 'sharegpt';
    return { ...base, columns: withMessages, file, format, kind: ranking ? 'preference' : kto ? 'kto' : 'sft', problem: null };
  }
  if (formatting !== 'alpaca') {
    return unreadable(
      'unsupported_entry',
      `"${name}": formatting "${formatting}" is not supported (use alpaca, sharegpt or openai)`,
      problemReason('info_formatting_unsupported', { name, formatting }),
      file,
    );
  }
  // Pretraining entries name only the text column, as {"prompt": "text"}.
  const keys = Object.keys(columns);
  if (!ranking && keys.length === 1 && columns.prompt !== undefined) {
    return { ...base, columns: { text: columns.prompt }, file, format: 'text', kind: 'pretrain', problem: null };
  }
  return { ...base, file, format: 'alpaca', kind: ranking ? 'preference' : kto ? 'kto' : 'sft', problem: null };
}

function pickColumns(raw: unknown): ColumnMapping {
  if (!isPlainObject(raw)) return {};
  const known = Object.keys(columnMappingSchema.shape);
  return Object.fromEntries(Object.entries(raw).filter(([key, value]) => known.includes(key) && typeof value === 'string' && value !== '')) as ColumnMapping;
}

function pickTags(raw: unknown): TagMapping {
  if (!isPlainObject(raw)) return {};
  const known = Object.keys(tagMappingSchema.shape);
  return Object.fromEntries(Object.entries(raw).filter(([key, value]) => known.includes(key) && typeof value === 'string' && value !== '')) as TagMapping;
}
