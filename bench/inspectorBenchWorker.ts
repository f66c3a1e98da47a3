/**
 * The token inspector's cost, in its own process (argv: model path): decode with the Playground's inspector settings
 * (10 alternatives + entropy) and with log-probabilities only, each paired with a plain decode of the same seed run
 * seconds before it, through the inference host's own code path (generateInHost) in this process.
 */
import { median } from '../electron/engine/stats/median.ts';
import type { BenchRow } from './benchTypes.ts';
import { benchGeneratedTokens as generatedTokens, defaultSampling, openBenchSession } from './inferenceBenchSession.ts';

const [modelPath] = process.argv.slice(2) as [string];
const rounds = Number(process.env.WORKBENCH_BENCH_ROUNDS ?? 5);
const session = await openBenchSession(modelPath);

const variants = [
  { name: 'inspector on (10 alternatives + entropy)', overrides: { logprobs: 10, inspect: true } },
  { name: 'log-probabilities (10 alternatives)', overrides: { logprobs: 10 } },
] as const;

/**
 * One decode with its wall-clock speed and its CPU time per generated token (this process, every thread). On a
 * shared machine other processes stretch wall-clock time; with one decode thread the CPU time a token costs is
 * what the inspector adds, whatever else runs.
 */
const measure = async (overrides: Parameters<typeof session.decodeOnce>[0]) => {
  const before = process.cpuUsage();
  const result = await session.decodeOnce(overrides);
  const used = process.cpuUsage(before);
  return { tokensPerSecond: result.tokensPerSecond, cpuMsPerToken: (used.user + used.system) / 1000 / Math.max(1, result.generated) };
};

const rows: BenchRow[] = [];
const plainSpeeds: number[] = [];
const plainCpu: number[] = [];
for (const variant of variants) {
  const speeds: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // No prefilled tokens: scoring them (one full sort of the vocabulary each) would land in the CPU time per token.
    const plain = await measure({ sampling: defaultSampling, prefillTokens: [] });
    const shown = await measure({ sampling: defaultSampling, prefillTokens: [], ...variant.overrides });
    plainSpeeds.push(plain.tokensPerSecond);
    plainCpu.push(plain.cpuMsPerToken);
    speeds.push(shown.tokensPerSecond);
    ratios.push(shown.tokensPerSecond / plain.tokensPerSecond);
    cpuRatios.push(plain.cpuMsPerToken / shown.cpuMsPerToken);
  }
  rows.push({
    name: `tg${generatedTokens} ${variant.name} / without`,
    value: median(ratios),
    unit: '×',
    notes: `wall clock, median of ${rounds} paired rounds (${ratios.map((ratio) => ratio.toFixed(3)).join(', ')}); with it ${median(speeds).toFixed(1)} tokens/s; goal ≥ 0.9`,
  });
  rows.push({
    name: `tg${generatedTokens} ${variant.name} / without, CPU time per token`,
    value: median(cpuRatios),
    unit: '×',
    notes: `CPU ms per token without ÷ with, median of ${rounds} paired rounds (${cpuRatios.map((ratio) => ratio.toFixed(3)).join(', ')}); steady under other load`,
  });
}
rows.push({ name: `tg${generatedTokens} CPU time per token without the inspector`, value: median(plainCpu), unit: 'ms', notes: `median of ${plainCpu.length}` });
rows.unshift({ name: `tg${generatedTokens} without the inspector`, value: median(plainSpeeds), unit: 'tokens/s', notes: `llama.cpp sampler, the app's default sampling; median of ${plainSpeeds.length}` });
await session.close();
process.stdout.write(`${JSON.stringify({ rows })}\n`);
