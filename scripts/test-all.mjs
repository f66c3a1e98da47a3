// `npm test`: lint, typecheck, native build (cached by source hash), UI build, then unit, integration and e2e
// tests. Ends with one plain summary line "N passed, N failed" that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (pkg, path) => `${root}node_modules/${pkg}/${path}`;

const steps = [
  ['lint', [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.']],
  ['typecheck', [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--noEmit']],
  ...(existsSync(`${root}native/scripts/build.mjs`) ? [['native build', ['native/scripts/build.mjs']]] : []),
  ['ui build', [bin('electron-vite', 'bin/electron-vite.js'), 'build']],
];

const started = Date.now();
for (const [name, args] of steps) {
  const stepStart = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  console.log(`  ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - stepStart) / 1000).toFixed(1)}s`);
  if (result.status !== 0) {
    console.log(`\n0 passed, 1 failed`);
    process.exit(result.status ?? 1);
  }
}

mkdirSync(`${root}test-output`, { recursive: true });
const reportFile = `${root}test-output/vitest-report.json`;
console.log('\n▶ tests (unit, integration, e2e)');
const vitest = spawnSync(
  process.execPath,
  [bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      WORKBENCH_GPU: process.env.WORKBENCH_GPU ?? 'off',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(`${root}scripts/node20Polyfills.mjs`).href}`.trim(),
    },
  },
);

let passed = 0;
let failed = vitest.status === 0 ? 0 : 1;
let skipped = 0;
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (vitest.status !== 0 && (report.numFailedTests ?? 0) === 0 ? 1 : 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`\nTotal time ${((Date.now() - started) / 60000).toFixed(1)} min`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(vitest.status ?? 1);
