import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason, type ErrorReason } from '../../shared/contract/errorReasons.ts';

const sniffBytes = 64 * 1024;

/**
 * Refuses, before any parsing, files that cannot be a dataset: missing, empty, binary, UTF-16 or not UTF-8.
 * Chinese datasets saved by older Windows tools are often GBK, so that case gets its own hint.
 */
export function refuseUnreadableFile(path: string, label = path): { size: number } {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new WorkbenchError('bad_input', `${label} is a folder; choose a .jsonl, .json, .csv or .txt file`, { file: label }, reason('file_is_folder', { file: label }));
    size = stat.size;
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkbenchError(code === 'ENOENT' ? 'not_found' : 'bad_input', code === 'ENOENT' ? `${label}: no such file` : `${label}: ${(error as Error).message}`, { file: label }, reason(code === 'ENOENT' ? 'file_not_found' : 'file_unreadable', { file: label }));
  }
  if (size === 0) throw new WorkbenchError('bad_input', `${label} is empty (0 bytes): there are no rows to read`, { file: label, reason: 'empty' }, reason('file_empty', { file: label }));
  const head = Buffer.alloc(Math.min(size, sniffBytes));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const problem = describeUnreadableBytes(head, head.length < size);
  if (problem) throw new WorkbenchError('bad_input', `${label} ${problem.message}`, { file: label, reason: problem.reason, byte: problem.byte }, unreadableReason(label, problem));
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (head.length === size && text.trim() === '') {
    throw new WorkbenchError('bad_input', `${label} contains only whitespace: there are no rows to read`, { file: label, reason: 'empty' }, reason('file_empty', { file: label }));
  }
  return { size };
}

function unreadableReason(file: string, problem: { reason: 'binary' | 'utf16' | 'not_utf8'; byte: number }): ErrorReason {
  if (problem.reason === 'utf16') return reason('file_utf16', { file });
  return reason(problem.reason === 'binary' ? 'file_binary' : 'file_not_utf8', { file, byte: problem.byte });
}

/** Why these bytes are not UTF-8 text, or null when they are. `truncated`: more bytes follow, so a cut character at the end is fine. */
export function describeUnreadableBytes(
  bytes: Uint8Array,
  truncated: boolean,
): { reason: 'binary' | 'utf16' | 'not_utf8'; message: string; byte: number } | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { reason: 'utf16', message: 'is UTF-16 text; save it as UTF-8 and import it again', byte: 0 };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { reason: 'binary', message: `looks like a binary file (byte ${nul} is NUL), not UTF-8 text`, byte: nul };
  const bad = firstInvalidUtf8(bytes, truncated);
  if (bad !== null) {
    return {
      reason: 'not_utf8',
      message: `is not UTF-8 text (invalid byte at offset ${bad}); if it was saved as GBK/GB18030 or another legacy encoding, re-save it as UTF-8`,
      byte: bad,
    };
  }
  return null;
}

/** Offset of the first byte that breaks UTF-8, or null. */
function firstInvalidUtf8(bytes: Uint8Array, truncated: boolean): number | null {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] as number;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return at;
    if (at + length > bytes.length) return truncated ? null : at;
    for (let k = 1; k < length; k++) {
      const next = bytes[at + k] as number;
      if ((next & 0xc0) !== 0x80) return at;
    }
    at += length;
  }
  return null;
}
