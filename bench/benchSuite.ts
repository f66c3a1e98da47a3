import type { BenchEntry } from './benchTypes.ts';

/** Every benchmark `npm run bench` runs, in order. Areas add one line each. */
export const benchSuite: BenchEntry[] = [];
