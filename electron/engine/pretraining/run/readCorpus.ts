import { readFileSync } from 'node:fs';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

/**
 * Documents of a pretraining corpus: a .jsonl file gives one document per line from its "text" field; any other
 * file (txt, md) is split on blank lines, the way `world generate` writes corpus.txt.
 */
export function readCorpusDocuments(path: string): string[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkbenchError(code === 'ENOENT' ? 'not_found' : 'bad_input', `Cannot read the corpus ${path}: ${code ?? (error as Error).message}`, { file: path }, reason(code === 'ENOENT' ? 'file_not_found' : 'file_unreadable', { file: path }));
  }
  if (path.endsWith('.jsonl')) return jsonlDocuments(path, content);
  const documents = content
    .split(/\r?\n[ \t]*\r?\n/)
    .map((document) => document.trim())
    .filter((document) => document.length > 0);
  if (documents.length === 0) throw new WorkbenchError('bad_input', `The corpus ${path} is empty`, { file: path }, reason('corpus_empty', { file: path }));
  return documents;
}

function jsonlDocuments(path: string, content: string): string[] {
  const documents: string[] = [];
  content.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new WorkbenchError('bad_input', `${path}:${index + 1}: not valid JSON`, { file: path, line: index + 1 }, reason('line_not_json', { file: path, line: index + 1 }));
    }
    const text = (record as { text?: unknown } | null)?.text;
    if (typeof text !== 'string') throw new WorkbenchError('bad_input', `${path}:${index + 1}: needs a "text" string field`, { file: path, line: index + 1, field: 'text' }, reason('line_field_invalid', { file: path, line: index + 1, field: 'text' }));
    if (text.trim() !== '') documents.push(text);
  });
  if (documents.length === 0) throw new WorkbenchError('bad_input', `The corpus ${path} has no documents`, { file: path }, reason('corpus_empty', { file: path }));
  return documents;
}
