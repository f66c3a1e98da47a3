import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import type { DatasetFileType } from '../../shared/contract/datasets.ts';

const headBytes = 1024 * 1024;

/**
 * How records sit in a file: by extension, and for .json (often JSONL in disguise) or unknown extensions by the
 * first characters: "[" is an array, "{" whose first line is a whole JSON value is JSONL.
 */
export function resolveFileType(path: string, name: string = path): DatasetFileType {
  const extension = extname(name).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return 'csv';
  if (extension === '.txt' || extension === '.text' || extension === '.md') return 'txt';
  const head = readHead(path).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('[')) return 'json';
  if (head.startsWith('{')) {
    const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
    try {
      JSON.parse(firstLine);
      return 'jsonl';
    } catch {
      return 'json';
    }
  }
  return extension === '.json' ? 'json' : 'txt';
}

export function readHead(path: string, bytes = headBytes): string {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
