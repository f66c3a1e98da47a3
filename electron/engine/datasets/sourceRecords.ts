import { readFileSync } from 'node:fs';
import type { DatasetFileType } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { problemReason, type ProblemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { jsonErrorOffset } from '../templates/jsonErrorOffset.ts';
import { csvRecords } from './csvRecords.ts';
import { decodedChunks, normalizedNewlines, textLines, type DecodeOptions } from './decodedChunks.ts';
import { JsonArrayScanner } from './jsonArrayScanner.ts';

/** One record as read from the file, before it is understood: a parsed value, or text that could not be parsed. */
export type SourceRecord =
  | { readonly kind: 'record'; readonly line: number; readonly index: number | null; readonly value: unknown }
  | {
      readonly kind: 'broken';
      readonly line: number;
      readonly index: number | null;
      readonly code: 'bad_json' | 'bad_csv';
      readonly message: string;
      readonly reason: ProblemReason;
      /** The text as it was, so the user can fix it. */
      readonly raw: string;
    };

/** A whole-file JSON object is read at once; beyond this it must be an array or JSONL. */
const maxSingleObjectBytes = 256 * 1024 * 1024;

export async function* readSourceRecords(path: string, fileType: DatasetFileType, options: DecodeOptions = {}): AsyncGenerator<SourceRecord> {
  const chunks = normalizedNewlines(decodedChunks(path, options));
  switch (fileType) {
    case 'jsonl':
      yield* jsonlRecords(chunks);
      return;
    case 'json':
      yield* jsonRecords(path, chunks, options.label ?? path);
      return;
    case 'csv':
      for await (const item of csvRecords(chunks)) {
        if (item.kind === 'record') yield { kind: 'record', line: item.line, index: null, value: item.value };
        else if (item.kind === 'error') yield { kind: 'broken', line: item.line, index: null, code: 'bad_csv', message: item.message, reason: item.reason, raw: item.raw };
      }
      return;
    case 'txt':
      for await (const { line, text } of textLines(chunks)) {
        if (text.trim() !== '') yield { kind: 'record', line, index: null, value: text };
      }
      return;
  }
}

async function* jsonlRecords(chunks: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  for await (const { line, text } of textLines(chunks)) {
    if (text.trim() === '') continue;
    const parsed = parseJsonText(text, line);
    yield parsed.ok
      ? { kind: 'record', line, index: null, value: parsed.value }
      : { kind: 'broken', line: parsed.line, index: null, code: 'bad_json', message: parsed.message, reason: parsed.reason, raw: text };
  }
}

async function* jsonRecords(path: string, chunks: AsyncIterable<string>, label: string): AsyncGenerator<SourceRecord> {
  const scanner = new JsonArrayScanner();
  let first = true;
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      const lead = chunk.trimStart()[0];
      if (lead === '{') {
        yield singleObject(path, label);
        return;
      }
    }
    yield* arrayItems(scanner.feed(chunk));
  }
  yield* arrayItems(scanner.end());
}

function* arrayItems(items: ReturnType<JsonArrayScanner['feed']>): Generator<SourceRecord> {
  for (const item of items) {
    if (item.kind === 'error') {
      yield { kind: 'broken', line: item.line, index: item.index, code: 'bad_json', message: item.message, reason: item.reason, raw: '' };
      continue;
    }
    const parsed = parseJsonText(item.text, item.line);
    yield parsed.ok
      ? { kind: 'record', line: item.line, index: item.index, value: parsed.value }
      : { kind: 'broken', line: parsed.line, index: item.index, code: 'bad_json', message: parsed.message, reason: parsed.reason, raw: item.text };
  }
}

/** A .json file holding one object (not an array) is one record. */
function singleObject(path: string, label: string): SourceRecord {
  const bytes = readFileSync(path);
  if (bytes.length > maxSingleObjectBytes) {
    throw new WorkbenchError('bad_input', `${label} is one JSON object larger than 256 MB; save the rows as a JSON array or as JSONL`, { file: label }, reason('dataset_json_object_too_large', { file: label }));
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const parsed = parseJsonText(text, 1);
  const leading = text.length - text.trimStart().length;
  return parsed.ok
    ? { kind: 'record', line: 1 + countNewlines(text.slice(0, leading)), index: null, value: parsed.value }
    : { kind: 'broken', line: parsed.line, index: null, code: 'bad_json', message: parsed.message, reason: parsed.reason, raw: text.slice(0, 1_000_000) };
}

const countNewlines = (text: string): number => text.split('\n').length - 1;

type ParsedJson = { ok: true; value: unknown } | { ok: false; line: number; column: number; message: string; reason: ProblemReason };

/** JSON.parse with the line and column of the mistake (counted from `firstLine`, where the text starts). */
export function parseJsonText(text: string, firstLine: number): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const offset = jsonErrorOffset(text) ?? 0;
    const before = text.slice(0, offset);
    const newlines = countNewlines(before);
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    const detail = (error as Error).message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '').replace(/^JSON\.parse: /, '');
    const line = firstLine + newlines;
    return { ok: false, line, column, message: `Not valid JSON at column ${column}: ${detail}`, reason: problemReason('json_invalid', { line, column, detail }) };
  }
}
