import { createReadStream } from 'node:fs';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

export interface ReadProgress {
  (bytesRead: number): void;
}

export interface DecodeOptions {
  readonly signal?: AbortSignal;
  readonly onBytes?: ReadProgress;
  /** Name used in error messages (the path, or the name the user gave the file). */
  readonly label?: string;
}

const chunkBytes = 256 * 1024;

/**
 * A UTF-8 file as a stream of text chunks: constant memory, byte-order mark dropped, an invalid byte anywhere
 * (not only in the sniffed head) refused with its offset.
 */
export async function* decodedChunks(path: string, options: DecodeOptions = {}): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let bytesRead = 0;
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled');
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw notUtf8(options.label ?? path, bytesRead);
      }
      bytesRead += chunk.length;
      options.onBytes?.(bytesRead);
      if (text !== '') yield text;
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw notUtf8(options.label ?? path, bytesRead);
    }
    if (rest !== '') yield rest;
  } finally {
    stream.destroy();
  }
}

const notUtf8 = (label: string, near: number): WorkbenchError =>
  new WorkbenchError('bad_input', `${label} is not UTF-8 text (an invalid byte after offset ${near}); re-save it as UTF-8`, { file: label, reason: 'not_utf8', byte: near }, reason('file_not_utf8', { file: label, byte: near }));

/** Text chunks with CRLF and lone CR turned into LF, also when a CR ends one chunk and its LF starts the next. */
export async function* normalizedNewlines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let pendingCr = false;
  for await (const chunk of chunks) {
    let text = chunk;
    if (pendingCr) {
      text = text.startsWith('\n') ? text : `\n${text}`;
      pendingCr = false;
    }
    if (text.endsWith('\r')) {
      pendingCr = true;
      text = text.slice(0, -1);
    }
    yield text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  }
  if (pendingCr) yield '\n';
}

export interface TextLine {
  /** 1-based. */
  readonly line: number;
  readonly text: string;
}

/** Splits LF-normalized chunks into lines; a long line spread over many chunks is joined once. */
export async function* textLines(chunks: AsyncIterable<string>): AsyncGenerator<TextLine> {
  let pieces: string[] = [];
  let line = 0;
  for await (const chunk of chunks) {
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline !== -1) {
      line++;
      const tail = chunk.slice(start, newline);
      yield { line, text: pieces.length === 0 ? tail : pieces.join('') + tail };
      pieces = [];
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) pieces.push(chunk.slice(start));
  }
  if (pieces.length > 0) yield { line: line + 1, text: pieces.join('') };
}
