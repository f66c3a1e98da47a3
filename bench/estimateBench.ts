import { fileURLToPath } from 'node:url';
import type { BenchRow } from './benchTypes.ts';
import { runBenchWorker } from './runBenchWorker.ts';

/**
 * How close the Training page's estimate comes to the run it announces: the engine's `training.estimate` (a
 * calibration of real optimizer steps of the run's shape), then the run itself, on the tiny chat fixture and on a
 * small one whose step takes long enough to time well. Anchor: the run's own time for its tokens at its median step
 * speed, and its peak trainer memory. Goal: within 1.5× either way. Runs in a child process with a real engine.
 */
export async function runEstimateBench(): Promise<BenchRow[]> {
  return runBenchWorker('estimateBenchWorker.ts');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runEstimateBench(), null, 2));
}
