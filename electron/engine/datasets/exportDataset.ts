import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { DatasetFileType, DatasetFormat, DatasetSplit, ExportNote, ExportNoteKey } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { beginAtomicFile } from '../store/atomicWrite.ts';
import { csvLine } from './csvText.ts';
import { capitalized, rowName } from './rowName.ts';
import type { DatasetStore } from './datasetStore.ts';
import { exportNoteWords } from '../../shared/english/exportNoteWords.ts';
import { csvColumns, rowToRecord } from './rowToRecord.ts';

export interface ExportRequest {
  readonly datasetId: string;
  readonly format: DatasetFormat;
  readonly fileType?: DatasetFileType;
  readonly path?: string;
  readonly split: DatasetSplit | 'all';
}

export interface ExportOutcome {
  readonly path: string;
  readonly rows: number;
  readonly format: DatasetFormat;
  readonly fileType: DatasetFileType;
  readonly notes: string[];
  readonly noteKeys: ExportNote[];
}

const flushBytes = 1024 * 1024;

/** Writes the valid rows in a format (atomically: a reader never sees half a file). Rows a format cannot hold are left out and counted. */
export async function exportDataset(store: DatasetStore, request: ExportRequest, datasetsDir: string): Promise<ExportOutcome> {
  const summary = store.get(request.datasetId);
  const fileType = request.fileType ?? fileTypeFromPath(request.path) ?? 'jsonl';
  if (fileType === 'txt' && request.format !== 'text') throw new WorkbenchError('bad_input', 'Only the text format can be written as .txt', { field: 'fileType' }, reason('export_txt_needs_text_format', {}));
  if (summary.kind === 'kto' && (request.format === 'text' || request.format.startsWith('trl-'))) {
    throw new WorkbenchError('bad_input', `${summary.name} holds KTO rows (one answer each, labelled desirable or not); export it as ShareGPT, OpenAI or Alpaca, which keep the "label"`, { field: 'format' }, reason('export_kto_needs_labelled_format', { dataset: summary.name }));
  }
  if (summary.kind !== 'pretrain' && request.format === 'text') {
    throw new WorkbenchError('bad_input', `${summary.name} holds ${summary.kind === 'sft' ? 'conversations' : 'preference pairs'}; export it as a chat format`, { field: 'format' }, reason('export_needs_chat_format', { dataset: summary.name }));
  }
  if (summary.kind === 'sft' && request.format.startsWith('trl-')) {
    throw new WorkbenchError('bad_input', `${summary.name} has no chosen/rejected answers; TRL preference formats need them`, { field: 'format' }, reason('export_needs_preference_rows', { dataset: summary.name }));
  }
  if (summary.kind === 'pretrain' && request.format !== 'text') throw new WorkbenchError('bad_input', `${summary.name} is pretraining text; export it as text`, { field: 'format' }, reason('export_pretrain_needs_text', { dataset: summary.name }));

  const fileName = `${safeName(summary.name)}-${request.format}${request.split === 'all' ? '' : `-${request.split}`}.${fileType}`;
  const target = exportTarget(request.path, fileName, fileType, join(datasetsDir, 'exports'));
  mkdirSync(dirname(target), { recursive: true });
  const file = beginAtomicFile(target);
  const fd = openSync(file.tempPath, 'w');
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  const skipped = new Map<ExportNoteKey, number>();
  const lossy = new Set<ExportNoteKey>();
  let rows = 0;
  let buffer: string[] = [];
  let buffered = 0;
  const write = (text: string): void => {
    buffer.push(text);
    buffered += text.length;
    if (buffered >= flushBytes) flush();
  };
  const flush = (): void => {
    if (buffer.length > 0) writeSync(fd, buffer.join(''));
    buffer = [];
    buffered = 0;
  };
  try {
    const columns = csvColumns(request.format, summary.kind);
    if (fileType === 'csv') write(csvLine(columns));
    if (fileType === 'json') write('[');
    for (const page of store.okRows(request.datasetId, request.split)) {
      for (const { row, position, line } of page) {
        const exported = rowToRecord(row, request.format);
        if (!exported.ok) {
          skipped.set(exported.note, (skipped.get(exported.note) ?? 0) + 1);
          continue;
        }
        if (exported.lossy) lossy.add(exported.lossy);
        if (fileType === 'txt') {
          const text = String(exported.record.text);
          if (/[\r\n]/.test(text)) {
            throw new WorkbenchError('bad_input', `${capitalized(rowName(position, line))} has line breaks, which a .txt file (one document per line) cannot hold; export as JSONL`, {
              field: 'fileType',
              row: position,
            }, reason('export_row_has_line_breaks', { row: position }));
          }
          write(`${text}\n`);
        } else if (fileType === 'csv') write(csvLine(columns.map((column) => exported.record[column])));
        else if (fileType === 'json') write(`${rows === 0 ? '\n' : ',\n'}  ${JSON.stringify(exported.record)}`);
        else write(`${JSON.stringify(exported.record)}\n`);
        rows++;
      }
      // Let other requests run between pages of a large export.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (fileType === 'json') write(rows === 0 ? ']\n' : '\n]\n');
    flush();
    close();
    file.commit();
  } catch (error) {
    close();
    file.abandon();
    throw error;
  }
  const noteKeys: ExportNote[] = [...[...lossy].map((key) => ({ key, rows: null })), ...[...skipped].map(([key, count]) => ({ key, rows: count }))];
  const notes = noteKeys.map(({ key, rows: count }) => (count === null ? exportNoteWords[key] : `${count} row${count === 1 ? '' : 's'} left out: ${exportNoteWords[key]}`));
  return { path: target, rows, format: request.format, fileType, notes, noteKeys };
}

/**
 * Where an export goes: the default folder, into a folder the user named (one that exists, or a path ending with a
 * separator) under the usual file name, or the file named, given the file type's extension when it has none.
 */
export function exportTarget(path: string | undefined, fileName: string, fileType: DatasetFileType, defaultFolder: string): string {
  if (path === undefined) return join(defaultFolder, fileName);
  if (/[\\/]$/.test(path) || isFolder(path)) return join(path, fileName);
  return extname(path) === '' ? `${path}.${fileType}` : path;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function fileTypeFromPath(path: string | undefined): DatasetFileType | null {
  const extension = path ? extname(path).toLowerCase() : '';
  return extension === '.jsonl' ? 'jsonl' : extension === '.json' ? 'json' : extension === '.csv' ? 'csv' : extension === '.txt' ? 'txt' : null;
}

const safeName = (name: string): string => name.replace(/[^\w.\-\u4e00-\u9fff]+/g, '_').slice(0, 100) || 'dataset';
