import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { addonMissingError, installFailure } from '../../../electron/engine/training/native/nativeAddon.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * npm install builds the trainer addon (scripts/buildTrainer.mjs --install) and never fails because of it; when the
 * build cannot run, the reason is kept and the app's "not built" error quotes it. The script runs here from a copy
 * next to a stand-in for native/scripts/build.mjs, so nothing is compiled and the real tree is untouched.
 */
describe('the trainer addon at npm install', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'build-trainer-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  mkdirSync(join(scratch, 'scripts'));
  mkdirSync(join(scratch, 'native/scripts'), { recursive: true });
  copyFileSync(join(root, 'scripts/buildTrainer.mjs'), join(scratch, 'scripts/buildTrainer.mjs'));
  const failureFile = join(scratch, 'native/build/install-failure.json');
  const install = (standIn: string) => {
    writeFileSync(join(scratch, 'native/scripts/build.mjs'), standIn);
    return spawnSync(process.execPath, [join(scratch, 'scripts/buildTrainer.mjs'), '--install'], { encoding: 'utf8', env: { ...process.env, WORKBENCH_NATIVE_BUILD: '' } });
  };

  it('is part of postinstall, after the llama.cpp build', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.postinstall).toBe('node scripts/buildLlama.mjs --install && node scripts/buildTrainer.mjs --install');
  });

  it('a build that cannot run leaves the install green and the reason where the app finds it', () => {
    const result = install(`console.error('[native] building with 2 job(s)'); console.error('[native] cmake is not on PATH: install cmake >= 3.19 and a C++17 compiler'); process.exit(1);`);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Could not build the trainer addon: cmake is not on PATH');
    expect(installFailure([failureFile])).toBe('cmake is not on PATH: install cmake >= 3.19 and a C++17 compiler');
    const error = addonMissingError(['/nowhere/workbench_trainer.node'], installFailure([failureFile]));
    expect(error.message).toBe(
      'The trainer addon is not built: npm install could not build it (cmake is not on PATH: install cmake >= 3.19 and a C++17 compiler). Fix that, then run `npm run build:native`',
    );
  });

  it('a build that works clears an earlier failure', () => {
    expect(existsSync(failureFile)).toBe(true);
    const result = install(`console.log('[native] up to date (cpu, key abc) in 0.1s');`);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Trainer addon ready');
    expect(existsSync(failureFile)).toBe(false);
    expect(installFailure([failureFile])).toBeNull();
    expect(addonMissingError(['/nowhere/workbench_trainer.node'], null).message).toContain('run `npm run build:native` (looked in /nowhere/workbench_trainer.node)');
  });
});
