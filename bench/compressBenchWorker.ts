/**
 * Child process of bench/compressBench.ts: times the trainer addon's quantizer against llama-quantize (argv[2])
 * on the 0.5B-shape F16 model and prints {"rows": [...]} as its last line.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { rmSync, statSync } from 'node:fs';
import { quantizeModelFile } from '../electron/engine/compress/nativeModelTransform.ts';
import { fixtureModel } from '../tests/helpers/fixtureModels.ts';
import type { BenchRow } from './benchTypes.ts';

// Qwen2.5-0.5B's shape, as bench/trainerBenchWorker.ts makes it (same fixture name and shape: one cached file; not
// imported, because importing that worker would run it)
const halfBillionShape = { layers: 24, embd: 896, heads: 14, kvHeads: 2, ffn: 4864, vocab: 32000, ctx: 2048, type: 'f16', seed: 1 } as const;
const llamaQuantize = process.argv[2]!;
const threads = cpus().length;
const f16Path = await fixtureModel('bench-0.5b-f16', halfBillionShape);
const f16Bytes = statSync(f16Path).size;
const rows: BenchRow[] = [];

for (const type of ['Q8_0', 'Q4_K_M'] as const) {
  const ours = f16Path.replace(/\.gguf$/, `.bench-${type}.gguf`);
  const theirs = f16Path.replace(/\.gguf$/, `.bench-${type}.llama-quantize.gguf`);
  let started = performance.now();
  await quantizeModelFile({ input: f16Path, output: ours, type, threads }, () => undefined);
  const seconds = (performance.now() - started) / 1000;
  const bytes = statSync(ours).size;
  started = performance.now();
  const run = spawnSync(llamaQuantize, [f16Path, theirs, type, String(threads)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const anchorSeconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`llama-quantize ${type} failed: ${run.stderr.toString().slice(-2000)}`);
  const anchorBytes = statSync(theirs).size;
  rmSync(ours, { force: true });
  rmSync(theirs, { force: true });
  rows.push(
    {
      name: `quantize 0.5B F16 → ${type} time`,
      value: seconds,
      unit: 's',
      anchor: { name: 'llama-quantize, same file and threads', value: anchorSeconds, unit: 's' },
      notes: `Qwen2.5-0.5B shape (24 layers, d 896, ffn 4864, vocab 32000), ${(f16Bytes / 2 ** 20).toFixed(0)} MiB F16 in; ${threads} threads; the addon's quantizer as a 'quantize' job runs it in the trainer host`,
    },
    {
      name: `quantize 0.5B F16 → ${type} size ratio`,
      value: bytes / f16Bytes,
      unit: '×F16',
      anchor: { name: 'llama-quantize output', value: anchorBytes / f16Bytes, unit: '×F16' },
      notes: `${(bytes / 2 ** 20).toFixed(1)} MiB of ${(f16Bytes / 2 ** 20).toFixed(1)} MiB`,
    },
  );
}
process.stdout.write(`${JSON.stringify({ rows })}\n`);
