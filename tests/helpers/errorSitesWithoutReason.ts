import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Codes a user meets as a refusal of what they asked for; these must say why with a reason key the UI translates. */
export const userFacingCodes = ['bad_input', 'not_found', 'conflict', 'unsupported', 'forbidden'] as const;

export interface ErrorSite {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly hasReason: boolean;
}

/** Every .ts file under a folder (absolute paths). */
export function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The code argument's string literals: 'bad_input', or both sides of `missing ? 'not_found' : 'bad_input'`. */
function codesIn(node: ts.Node): string[] {
  if (ts.isStringLiteralLike(node)) return [node.text];
  const found: string[] = [];
  node.forEachChild((child) => {
    found.push(...codesIn(child));
  });
  return found;
}

/**
 * Every `new WorkbenchError(code, …)` under `folder` whose code is user-facing, parsed (not grepped) so that calls
 * spread over several lines count once and a reason on the fourth argument is seen wherever it is.
 */
export function userFacingErrorSites(root: string, folder: string): ErrorSite[] {
  const sites: ErrorSite[] = [];
  for (const path of sourceFiles(join(root, folder))) {
    const text = readFileSync(path, 'utf8');
    if (!text.includes('new WorkbenchError(')) continue;
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'WorkbenchError') {
        const [codeArgument] = node.arguments ?? [];
        const code = codeArgument ? codesIn(codeArgument).find((candidate) => (userFacingCodes as readonly string[]).includes(candidate)) : undefined;
        if (code) {
          const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
          sites.push({ file: relative(root, path).split('\\').join('/'), line, code, hasReason: (node.arguments?.length ?? 0) >= 4 });
        }
      }
      node.forEachChild(visit);
    };
    visit(source);
  }
  return sites.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Per file, how many user-facing errors still carry only an English message. */
export function sitesWithoutReasonByFile(sites: readonly ErrorSite[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const site of sites) if (!site.hasReason) counts[site.file] = (counts[site.file] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
