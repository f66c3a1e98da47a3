import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

export interface PromptSet {
  readonly prompts: string[];
  readonly format: 'lines' | 'json' | 'jsonl';
}

const where = (fileName: string, line?: number): string => `${fileName || 'prompt set'}${line === undefined ? '' : `, line ${line}`}`;

function promptOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && typeof (value as { prompt?: unknown }).prompt === 'string') return (value as { prompt: string }).prompt;
  return null;
}

/**
 * A prompt set from a file or pasted text. JSON: an array of strings or of {"prompt": …}, or {"prompts": [...]}.
 * JSON lines (.jsonl, or every non-empty line starting with { or "): one prompt per line. Anything else: one prompt
 * per non-empty line. Errors name the file and line.
 */
export function parsePromptSet(text: string, fileName = ''): PromptSet {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  if (trimmed === '') throw new WorkbenchError('bad_input', `${where(fileName)}: no prompts`, { file: fileName, field: 'text' }, reason('prompt_set_empty', { file: fileName }));
  const lower = fileName.toLowerCase();
  const lines = body.split(/\r?\n/);
  const nonEmpty = lines.map((line, index) => ({ line: line.trim(), number: index + 1 })).filter((entry) => entry.line !== '');

  if (lower.endsWith('.json') || (!lower.endsWith('.jsonl') && isJsonDocument(trimmed))) {
    return { prompts: parseJsonDocument(trimmed, fileName), format: 'json' };
  }
  const looksLikeJsonLines = lower.endsWith('.jsonl') || nonEmpty.every((entry) => entry.line.startsWith('{') || entry.line.startsWith('"'));
  if (looksLikeJsonLines) {
    const prompts = nonEmpty.map(({ line, number }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new WorkbenchError('bad_input', `${where(fileName, number)}: not valid JSON: ${(error as Error).message}`, { file: fileName, line: number }, reason('line_not_json', { file: fileName, line: number }));
      }
      const prompt = promptOf(value);
      if (prompt === null) throw new WorkbenchError('bad_input', `${where(fileName, number)}: expected a string or {"prompt": "…"}`, { file: fileName, line: number, field: 'prompt' }, reason('line_field_invalid', { file: fileName, line: number, field: 'prompt' }));
      return requireText(prompt, fileName, number);
    });
    return { prompts, format: 'jsonl' };
  }
  return { prompts: nonEmpty.map((entry) => entry.line), format: 'lines' };
}

/** A JSON array, or an object with a prompts list; "[INST] …" lines or one {"prompt"} line are not. */
function isJsonDocument(text: string): boolean {
  if (!text.startsWith('[') && !text.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) || (value !== null && typeof value === 'object' && 'prompts' in value);
  } catch {
    return false;
  }
}

function parseJsonDocument(text: string, fileName: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WorkbenchError('bad_input', `${where(fileName)}: not valid JSON: ${(error as Error).message}`, { file: fileName }, reason('file_not_json', { file: fileName }));
  }
  const list = Array.isArray(value) ? value : (value as { prompts?: unknown } | null)?.prompts;
  if (!Array.isArray(list)) throw new WorkbenchError('bad_input', `${where(fileName)}: expected an array of prompts or {"prompts": [...]}`, { file: fileName, field: 'prompts' }, reason('prompt_set_shape', { file: fileName }));
  if (list.length === 0) throw new WorkbenchError('bad_input', `${where(fileName)}: the prompt list is empty`, { file: fileName, field: 'prompts' }, reason('prompt_set_empty', { file: fileName }));
  return list.map((item, index) => {
    const prompt = promptOf(item);
    if (prompt === null) throw new WorkbenchError('bad_input', `${where(fileName)}: prompts[${index}] is not a string or {"prompt": "…"}`, { file: fileName, field: `prompts.${index}` }, reason('file_field_invalid', { file: fileName, field: `prompts.${index}` }));
    return requireText(prompt, fileName, undefined, index);
  });
}

function requireText(prompt: string, fileName: string, line?: number, index?: number): string {
  if (prompt.trim() !== '') return prompt;
  const at = index === undefined ? where(fileName, line) : `${where(fileName)}: prompts[${index}]`;
  throw new WorkbenchError('bad_input', `${at}: the prompt is empty`, { file: fileName, ...(line === undefined ? {} : { line }), field: index === undefined ? 'prompt' : `prompts.${index}` }, line === undefined ? reason('file_field_invalid', { file: fileName, field: index === undefined ? 'prompt' : `prompts.${index}` }) : reason('line_field_invalid', { file: fileName, line, field: 'prompt' }));
}
