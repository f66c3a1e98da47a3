import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCheckpointManifest, writeCheckpointManifest, type CheckpointManifest } from '../../../electron/engine/training/native/checkpointManifest.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wb-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const manifest: CheckpointManifest = {
  format: 'llm-workbench-checkpoint',
  version: 1,
  step: 12,
  mode: 'lora',
  modelPath: '/m.gguf',
  lora: { rank: 8, alpha: 16, targets: ['q'] },
  savedAt: '2026-11-22T00:00:00.000Z',
  extra: { dataPosition: 96 },
};

describe('checkpoint manifest', () => {
  it('round-trips once the state file is there', async () => {
    await writeCheckpointManifest(dir, manifest);
    expect(() => readCheckpointManifest(dir)).toThrow(expect.objectContaining({ code: 'not_found', message: expect.stringMatching(/state\.gguf is missing/) }));
    writeFileSync(join(dir, 'state.gguf'), '');
    expect(readCheckpointManifest(dir)).toEqual(manifest);
  });

  it('says what is wrong with a missing or foreign manifest', () => {
    expect(() => readCheckpointManifest(dir)).toThrow(expect.objectContaining({ code: 'not_found', message: expect.stringMatching(/checkpoint\.json is missing/) }));
    writeFileSync(join(dir, 'checkpoint.json'), '{"format":"other"}');
    expect(() => readCheckpointManifest(dir)).toThrow(expect.objectContaining({ code: 'bad_input', details: expect.objectContaining({ field: 'format' }) }));
    writeFileSync(join(dir, 'checkpoint.json'), '{');
    expect(() => readCheckpointManifest(dir)).toThrow(/not valid JSON/);
  });
});
