import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beginAtomicFile, writeFileAtomic, writeFileAtomicSync } from '../../../electron/engine/store/atomicWrite.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

describe('atomic writes', () => {
  const home = createTempHome('atomic');

  it('replaces a file whole and leaves no temp file behind', async () => {
    const target = join(home.path, 'adapter.gguf');
    writeFileSync(target, 'old');
    writeFileAtomicSync(target, 'new contents');
    expect(readFileSync(target, 'utf8')).toBe('new contents');
    await writeFileAtomic(target, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(target)]).toEqual([1, 2, 3]);
    expect(readdirSync(home.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the old file when a streamed write is abandoned', () => {
    const target = join(home.path, 'checkpoint.bin');
    writeFileSync(target, 'previous checkpoint');
    const file = beginAtomicFile(target);
    writeFileSync(file.tempPath, 'half written');
    file.abandon();
    expect(readFileSync(target, 'utf8')).toBe('previous checkpoint');
    expect(existsSync(file.tempPath)).toBe(false);
    const second = beginAtomicFile(target);
    writeFileSync(second.tempPath, 'complete');
    second.commit();
    expect(readFileSync(target, 'utf8')).toBe('complete');
  });
});
