import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { benchResultBase } from '../../../bench/resultFileName.ts';

describe('bench result file names', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'workbench-bench-names-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names a full run by date and host, a partial one by its ids too, with the host made file-safe', () => {
    expect(benchResultBase(dir, '2026-12-06T05:00:00.000Z', 'vm')).toBe('2026-12-06-vm');
    expect(benchResultBase(dir, '2026-12-06T05:00:00.000Z', 'my host/1', ['inference', 'tokenizer'])).toBe('2026-12-06-my_host_1-inference+tokenizer');
  });

  it('never reuses a name already written that day: a second and third run get -2 and -3', () => {
    writeFileSync(join(dir, '2026-12-06-vm-inference.json'), '{}');
    expect(benchResultBase(dir, '2026-12-06', 'vm', ['inference'])).toBe('2026-12-06-vm-inference-2');
    // A lone .md (results hand-edited, json removed) still counts as taken.
    writeFileSync(join(dir, '2026-12-06-vm-inference-2.md'), '# notes');
    expect(benchResultBase(dir, '2026-12-06', 'vm', ['inference'])).toBe('2026-12-06-vm-inference-3');
    // Other days and other ids are unaffected.
    expect(benchResultBase(dir, '2026-12-07', 'vm', ['inference'])).toBe('2026-12-07-vm-inference');
    expect(benchResultBase(dir, '2026-12-06', 'vm')).toBe('2026-12-06-vm');
  });
});
