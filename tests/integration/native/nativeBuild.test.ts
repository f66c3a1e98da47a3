import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The addon build: every patch in native/patches applies to the llama.cpp that node-llama-cpp bundles, and a build
 * with unchanged sources is a cache hit (npm test runs it before the tests, so here it must find its own output).
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(root, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');
const patches = readdirSync(join(root, 'native/patches')).filter((name) => name.endsWith('.patch')).sort();
let scratch: string | null = null;

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('native addon build', () => {
  it('applies each named patch cleanly, in order, to the bundled llama.cpp', () => {
    expect(patches.length).toBeGreaterThanOrEqual(3);
    scratch = mkdtempSync(join(tmpdir(), 'wb-native-patch-'));
    const source = join(scratch, 'llama.cpp');
    execFileSync('git', ['clone', '--quiet', bundle, source]);
    for (const patch of patches) {
      const result = spawnSync('git', ['-C', source, 'apply', '--whitespace=nowarn', join(root, 'native/patches', patch)], { encoding: 'utf8' });
      expect(result.status, `${patch}: ${result.stderr}`).toBe(0);
    }
    expect(readFileSync(join(source, 'src/llama-context.h'), 'utf8')).toContain('train_build_graph');
  });

  it('a second build with unchanged sources is served from the cache', () => {
    const result = spawnSync(process.execPath, [join(root, 'native/scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/up to date/);
    const info = JSON.parse(readFileSync(join(root, 'native/build/build-info.json'), 'utf8')) as { patches: string[]; backends: string[] };
    expect(info.patches).toEqual(patches.map((name) => `patches/${name}`));
    expect(info.backends).toContain('CPU');
  });
});
