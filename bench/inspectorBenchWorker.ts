/**
 * The token inspector's cost, in its own process (argv: model path): decode with the Playground's inspector settings
 * (10 alternatives + entropy) and with log-probabilities only, each paired with a plain decode of the same seed run
 * seconds before it, through the inference host's own code path (generateInHost) in this process.
 */
import { median } from './benchStats.ts';
import type { BenchRow } from './benchTypes.ts';
import { benchGeneratedTokens as generatedTokens, defaultSampling, openBenchSession } from './inferenceBenchSession.ts';

const [modelPath] = process.argv.slice(2) as [string];
const rounds = Number(process.env.WORKBENCH_BENCH_ROUNDS ?? 5);
const session = await openBenchSession(modelPath);

const variants = [
  { name: 'inspector on (10 alternatives + entropy)', overrides: { logprobs: 10, inspect: true } },
  { name: 'log-probabilities (10 alternatives)', overrides: { logprobs: 10 } },
] as const;

const rows: BenchRow[] = [];
const plainSpeeds: number[] = [];
for (const variant of variants) {
  const speeds: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const plain = await session.decodeOnce({ sampling: defaultSampling });
    const shown = await session.decodeOnce({ sampling: defaultSampling, ...variant.overrides });
    plainSpeeds.push(plain.tokensPerSecond);
    speeds.push(shown.tokensPerSecond);
    ratios.push(shown.tokensPerSecond / plain.tokensPerSecond);
  }
  rows.push({
    name: `tg${generatedTokens} ${variant.name} / without`,
    value: median(ratios),
    unit: '×',
    notes: `median of ${rounds} paired rounds (${ratios.map((ratio) => ratio.toFixed(3)).join(', ')}); with it ${median(speeds).toFixed(1)} tokens/s; goal ≥ 0.9`,
  });
}
rows.unshift({ name: `tg${generatedTokens} without the inspector`, value: median(plainSpeeds), unit: 'tokens/s', notes: `llama.cpp sampler, the app's default sampling; median of ${plainSpeeds.length}` });
await session.close();
process.stdout.write(`${JSON.stringify({ rows })}\n`);
