import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { LoadedSuite, SuiteSource } from '../../shared/contract/hallucination.ts';
import { parseSuiteText } from './parseSuite.ts';

export const builtinSuiteName = 'builtin';
const builtinRelativePath = join('resources', 'hallucination', 'builtin-suite.jsonl');

/**
 * The built-in suite ships in resources/. This module runs from the sources (tests, CLI), from out/main (the
 * bundled app) or inside app.asar, so look upwards from here; WORKBENCH_RESOURCES points elsewhere if needed.
 */
export function builtinSuitePath(): string {
  const override = process.env.WORKBENCH_RESOURCES;
  if (override) return join(resolve(override), 'hallucination', 'builtin-suite.jsonl');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, builtinRelativePath);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new WorkbenchError('not_found', `The built-in hallucination suite (${builtinRelativePath}) is missing from this installation`, { file: builtinRelativePath }, reason('suite_builtin_missing', { file: builtinRelativePath }));
}

function readSuiteFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WorkbenchError('not_found', `${path}: no such file`, { file: path, field: 'suite' }, reason('file_not_found', { file: path }));
    if (code === 'EISDIR') throw new WorkbenchError('bad_input', `${path} is a folder; give a .jsonl suite file`, { file: path, field: 'suite' }, reason('suite_is_folder', { file: path }));
    throw new WorkbenchError('bad_input', `${path}: ${(error as Error).message}`, { file: path, field: 'suite' }, reason('file_unreadable', { file: path }));
  }
}

export function loadSuite(source: SuiteSource): LoadedSuite {
  switch (source.kind) {
    case 'builtin':
      return parseSuiteText(builtinSuiteName, readSuiteFile(builtinSuitePath()));
    case 'file': {
      const path = resolve(source.path);
      return parseSuiteText(basename(path), readSuiteFile(path));
    }
    case 'text':
      return parseSuiteText(source.name, source.text);
  }
}

/** A run needs at least one good item; otherwise the first problem is the error, with its file and line. */
export function requireRunnableSuite(suite: LoadedSuite, file: string | null): LoadedSuite {
  if (suite.items.length > 0) return suite;
  const first = suite.errors[0];
  const where = first ? `line ${first.line}${first.path ? `, ${first.path}` : ''}: ${first.message}` : 'no items';
  throw new WorkbenchError('bad_input', `Suite ${suite.name} has no valid items (${where})`, {
    file: file ?? suite.name,
    ...(first ? { line: first.line, field: first.path, code: first.code } : {}),
    errors: suite.errors.slice(0, 50),
  }, first ? reason('line_field_invalid', { file: file ?? suite.name, line: first.line, field: first.path || first.code }) : reason('suite_no_valid_items', { suite: suite.name }));
}
