/**
 * Our side of the inference benchmark's tight pairs (argv: model path). The model stays loaded; each line on stdin
 * (`pp`, `greedy`, `sampled`) runs one measurement and answers one JSON line `{"value": tokens/s}`, so the parent can
 * put a single llama-bench run right next to each of ours. `quit` (or stdin closing) unloads and exits.
 */
import { createInterface } from 'node:readline';
import { defaultSampling, openBenchSession } from './inferenceBenchSession.ts';

const [modelPath] = process.argv.slice(2) as [string];
const session = await openBenchSession(modelPath);
const measurements: Record<string, () => Promise<number>> = {
  pp: () => session.prefillOnce(),
  greedy: async () => (await session.decodeOnce({})).tokensPerSecond,
  sampled: async () => (await session.decodeOnce({ sampling: defaultSampling })).tokensPerSecond,
};
console.log(JSON.stringify({ ready: true }));
for await (const line of createInterface({ input: process.stdin })) {
  const command = line.trim();
  if (command === 'quit') break;
  const measure = measurements[command];
  console.log(JSON.stringify(measure ? { value: await measure() } : { error: `unknown measurement "${command}"` }));
}
await session.close();
process.exit(0);
