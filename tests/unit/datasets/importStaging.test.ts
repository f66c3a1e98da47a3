import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleStaging } from '../../../electron/engine/datasets/importStaging.ts';

describe('removeStaleStaging', () => {
  it('removes staging files a killed import left a day ago, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-staging-'));
    const old = join(dir, 'dataset-import-old.sqlite');
    const fresh = join(dir, 'dataset-import-fresh.sqlite');
    const other = join(dir, 'something-else.sqlite');
    for (const path of [old, fresh, other]) writeFileSync(path, '');
    const twoDaysAgo = (Date.now() - 2 * 24 * 3600 * 1000) / 1000;
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    utimesSync(other, twoDaysAgo, twoDaysAgo);
    removeStaleStaging(dir);
    expect([existsSync(old), existsSync(fresh), existsSync(other)]).toEqual([false, true, true]);
  });
});
