import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { suiteItemSchema, type LoadedSuite, type SuiteError, type SuiteItem } from '../../shared/contract/hallucination.ts';

/**
 * Reads a suite file (JSONL, one item per line) the way the datasets importer reads data: every problem is
 * reported with its 1-based line, the JSON path inside the line, a code and a plain message; good lines are kept.
 */

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), '');

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function issueToErrors(line: number, raw: unknown, issue: z.core.$ZodIssue): SuiteError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      line,
      path: formatPath([...issue.path, key]),
      code: 'unknown_field' as const,
      message: `unknown field "${key}"`,
    }));
  }
  const path = formatPath(issue.path);
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) {
    return [{ line, path, code: 'missing_field', message: `missing required field "${path}"` }];
  }
  return [{ line, path, code: 'invalid_value', message: issue.message, ...valueProblem(issue) }];
}

const suiteRules = ['needs_reference', 'choices_together', 'choice_index'] as const;
const isSuiteRule = (rule: unknown): rule is (typeof suiteRules)[number] => (suiteRules as readonly unknown[]).includes(rule);

/** The zod issue as fields the UI words itself (suiteValueProblems); the message stays for the CLI. */
function valueProblem(issue: z.core.$ZodIssue): Pick<SuiteError, 'problem' | 'expected' | 'limit' | 'options'> {
  switch (issue.code) {
    case 'invalid_type':
      return { problem: 'type', expected: issue.expected };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { problem: 'not_empty' };
      return { problem: 'too_small', limit: Number(issue.minimum) };
    case 'too_big':
      return { problem: 'too_big', limit: Number(issue.maximum) };
    case 'invalid_value':
      return { problem: 'one_of', options: issue.values.map(String) };
    case 'custom': {
      const rule: unknown = issue.params?.rule;
      if (!isSuiteRule(rule)) return { problem: 'other' };
      const limit: unknown = issue.params?.limit;
      return { problem: rule, ...(typeof limit === 'number' ? { limit } : {}) };
    }
    default:
      return { problem: 'other' };
  }
}

export function parseSuiteText(name: string, text: string): LoadedSuite {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const errors: SuiteError[] = [];
  const items: SuiteItem[] = [];
  const done = (): LoadedSuite => {
    const counts: Record<string, number> = {};
    for (const error of errors) counts[error.code] = (counts[error.code] ?? 0) + 1;
    return { name, sha256, items, errors, counts };
  };

  if (text.includes('\u0000')) {
    errors.push({ line: 0, path: '', code: 'binary_file', message: 'this is a binary file, not a UTF-8 JSONL suite' });
    return done();
  }
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u);
  if (lines.every((line) => line.trim() === '')) {
    errors.push({ line: 0, path: '', code: 'empty_file', message: 'the file is empty: a suite needs one JSON object per line' });
    return done();
  }

  const firstLineOfId = new Map<string, number>();
  lines.forEach((lineText, index) => {
    const line = index + 1;
    if (lineText.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(lineText);
    } catch (error) {
      errors.push({ line, path: '', code: 'bad_json', message: `not valid JSON: ${(error as Error).message}` });
      return;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ line, path: '', code: 'not_object', message: 'each line must be one JSON object ({"id": ..., "prompt": ...})' });
      return;
    }
    const parsed = suiteItemSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...parsed.error.issues.flatMap((issue) => issueToErrors(line, raw, issue)));
      return;
    }
    const earlier = firstLineOfId.get(parsed.data.id);
    if (earlier !== undefined) {
      errors.push({ line, path: 'id', code: 'duplicate_id', message: `id "${parsed.data.id}" is already used on line ${earlier}`, id: parsed.data.id, firstLine: earlier });
      return;
    }
    firstLineOfId.set(parsed.data.id, line);
    items.push(parsed.data);
  });
  return done();
}
