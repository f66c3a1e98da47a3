import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorReasonKeys } from '../../../electron/shared/contract/errorReasons.ts';
import { sitesWithoutReasonByFile, sourceFiles, userFacingErrorSites } from '../../helpers/errorSitesWithoutReason.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const allowListFile = new URL('./untranslatedErrorsAllowList.json', import.meta.url);
const scanned = ['electron/engine', 'electron/server'];
const sites = scanned.flatMap((folder) => userFacingErrorSites(root, folder));
/** Per file, how many user-facing errors may still lack a reason: recorded once, and it may only shrink. */
const allowed = (): Record<string, number> => JSON.parse(readFileSync(allowListFile, 'utf8')) as Record<string, number>;
// Recording is for the first list only (WORKBENCH_RECORD_ERROR_ALLOW_LIST=1); after that the list only shrinks.
if (process.env.WORKBENCH_RECORD_ERROR_ALLOW_LIST === '1') writeFileSync(allowListFile, `${JSON.stringify(sitesWithoutReasonByFile(sites), null, 2)}\n`);

/**
 * The engine says why with a reason key; the UI owns the sentence in each language. An error a user can meet
 * (bad input, not found, conflict, unsupported, forbidden) thrown with only an English message shows English in
 * the Chinese interface, so no new one may be added, and converting one lowers the recorded allowance.
 */
describe('engine errors a user meets carry a reason the UI translates', () => {
  it('adds no user-facing error without a reason beyond the recorded allow-list', () => {
    const actual = sitesWithoutReasonByFile(sites);
    const allowance = allowed();
    const over = Object.entries(actual)
      .filter(([file, count]) => count > (allowance[file] ?? 0))
      .map(([file, count]) => ({
        file,
        allowed: allowance[file] ?? 0,
        found: count,
        sites: sites.filter((site) => site.file === file && !site.hasReason).map((site) => `${site.file}:${site.line} (${site.code})`),
      }));
    // Each needs reason('<key>', {…}) as the 4th argument (electron/shared/contract/errorReasons.ts + both errors.ts).
    expect(over).toEqual([]);
  });

  it('keeps the allow-list exact, so that it only shrinks', () => {
    const actual = sitesWithoutReasonByFile(sites);
    const stale = Object.entries(allowed())
      .filter(([file, count]) => (actual[file] ?? 0) < count)
      .map(([file, count]) => `${file}: allowed ${count}, now ${actual[file] ?? 0} — lower it in untranslatedErrorsAllowList.json`);
    expect(stale).toEqual([]);
  });

  it('finds the sites it guards (the scan parses calls spread over several lines, with or without a reason)', () => {
    const withReason = sites.filter((site) => site.hasReason);
    expect(withReason.length).toBeGreaterThan(150);
    expect(sites.some((site) => site.file === 'electron/engine/datasets/planSource.ts' && site.hasReason)).toBe(true);
    expect(sites.every((site) => ['bad_input', 'not_found', 'conflict', 'unsupported', 'forbidden'].includes(site.code))).toBe(true);
  });

  it('uses every declared reason somewhere in the engine, server or native trainer (no sentence is written for nothing)', () => {
    const text = scanned.flatMap((folder) => sourceFiles(join(root, folder))).map((file) => readFileSync(file, 'utf8')).join('\n');
    // the native trainer's TrainerError reasons (native/src/trainer_error.h) are C++ string literals
    const nativeDir = join(root, 'native/src');
    const native = readdirSync(nativeDir)
      .filter((name) => /\.(cpp|h)$/.test(name))
      .map((name) => readFileSync(join(nativeDir, name), 'utf8'))
      .join('\n');
    const unused = errorReasonKeys.filter((key) => !text.includes(`'${key}'`) && !native.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });
});
