import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { problemReason, type ProblemReason } from '../../shared/contract/datasetProblemReasons.ts';

export type CsvItem =
  | { readonly kind: 'header'; readonly columns: string[] }
  | { readonly kind: 'record'; readonly line: number; readonly value: Record<string, string> }
  | { readonly kind: 'error'; readonly line: number; readonly message: string; readonly reason: ProblemReason; readonly raw: string };

interface ParsedRecord {
  readonly record: string[];
  readonly raw: string;
  readonly info: { readonly lines: number };
}

const maxRecordChars = 16 * 1024 * 1024;

/**
 * CSV rows (first row = header) as objects, each with the line it starts on. Broken rows (bad quoting, a wrong
 * number of fields) are reported and skipped; the parser goes on. Input must be LF-normalized text chunks.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvItem> {
  const skipped: CsvItem[] = [];
  const parser = parse({
    info: true,
    raw: true,
    record_delimiter: '\n',
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxRecordChars,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      const line = typeof (error as { lines?: unknown } | undefined)?.lines === 'number' ? ((error as unknown as { lines: number }).lines) : 0;
      const { detail, reason } = describeCsvError(error);
      skipped.push({ kind: 'error', line, message: `Not valid CSV: ${detail}`, reason, raw: (raw ?? '').replace(/\n$/, '') });
      return undefined;
    },
  });
  const source = Readable.from(chunks, { objectMode: false });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let columns: string[] | null = null;
  // The parser reports skipped rows as it meets them, which can be before earlier records reach us: hold each
  // until the records before it are out, so everything comes in line order.
  const skippedBefore = function* (line: number): Generator<CsvItem> {
    while (skipped.length > 0 && (skipped[0] as { line: number }).line < line) yield skipped.shift() as CsvItem;
  };
  for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
    const line = startLine(parsed);
    yield* skippedBefore(line);
    if (columns === null) {
      columns = headerNames(parsed.record);
      yield { kind: 'header', columns };
      continue;
    }
    const value: Record<string, string> = {};
    columns.forEach((name, index) => {
      value[name] = parsed.record[index] ?? '';
    });
    yield { kind: 'record', line, value };
  }
  yield* skipped.splice(0);
}

/** The parser reports the line a record ends on; a quoted field may span lines, and skipped blank lines lead the raw text. */
function startLine(parsed: ParsedRecord): number {
  const body = parsed.raw.replace(/^\n+/, '').replace(/\n$/, '');
  let newlines = 0;
  for (let at = body.indexOf('\n'); at !== -1; at = body.indexOf('\n', at + 1)) newlines++;
  return parsed.info.lines - newlines;
}

function headerNames(record: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return record.map((raw, index) => {
    const name = raw.trim() === '' ? `column${index + 1}` : raw.trim();
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

function describeCsvError(error: CsvError | undefined): { detail: string; reason: ProblemReason } {
  if (!error) return { detail: 'unreadable row', reason: problemReason('csv_invalid', { detail: 'unreadable row' }) };
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const detail = error.message.replace(/^Invalid Record Length: /, 'wrong number of fields: ').replace(/ on line \d+$/, '');
      const counts = /expect (\d+), got (\d+)/.exec(error.message);
      return {
        detail,
        reason: counts ? problemReason('csv_field_count', { expected: Number(counts[1]), found: Number(counts[2]) }) : problemReason('csv_invalid', { detail }),
      };
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return { detail: 'a quoted field is never closed (everything after it was swallowed)', reason: problemReason('csv_quote_not_closed', {}) };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { detail: 'a closing quote is followed by other characters (write a quote inside a quoted field as "")', reason: problemReason('csv_bad_closing_quote', {}) };
    default:
      return { detail: error.message, reason: problemReason('csv_invalid', { detail: error.message }) };
  }
}
